"""sitemap.xml and the link-preview (<meta>/OpenGraph) tags of each page."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext

from papers.models import Paper
from tests.builders import make_paper, make_venue

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    return [loc.text for loc in ET.fromstring(response.content).iterfind(".//s:loc", NS)]


def test_sitemap_index_lists_a_sitemap_per_kind_of_page_and_they_list_every_page(client):
    paper = make_paper("Neural ODEs", authors=["David Duvenaud"], keywords=["cs.LG"], venue=make_venue("NIPS"))
    sections = locations(client, "/sitemap.xml")
    assert sections == [f"http://testserver/sitemap-{name}.xml" for name in
                        ["pages", "venues", "venue-years", "papers", "authors", "keywords"]]
    everything = [loc for section in sections for loc in locations(client, section.removeprefix("http://testserver"))]
    assert everything == [
        "http://testserver/", "http://testserver/venues/", "http://testserver/venues/nips/",
        "http://testserver/venues/nips/2018/", f"http://testserver{paper.get_absolute_url()}",
        "http://testserver/authors/david-duvenaud/", f"http://testserver{paper.keywords.get().get_absolute_url()}",
    ]
    assert "<lastmod>" in client.get("/sitemap-papers.xml").content.decode()


def test_sitemap_index_dates_the_papers_without_loading_every_paper(client):
    for title in ["Neural ODEs", "Deep Sets", "Glow"]:
        make_paper(title)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/sitemap.xml")
    index = ET.fromstring(response.content)
    papers = next(entry for entry in index if entry.find("s:loc", NS).text.endswith("/sitemap-papers.xml"))
    latest = Paper.objects.aggregate(latest=Max("updated"))["latest"]
    assert papers.find("s:lastmod", NS).text == latest.isoformat()
    # Django's default dates the index by calling lastmod() on every paper: 100,000 rows loaded at 100k papers.
    assert not [q["sql"] for q in queries.captured_queries if '"papers_paper"."slug"' in q["sql"]]


def test_sitemaps_are_cached_until_the_catalogue_changes(client):
    make_paper("Neural ODEs")
    first = client.get("/sitemap-papers.xml")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/sitemap-papers.xml")
    assert again.content == first.content and again["X-Robots-Tag"] == "noindex, noodp, noarchive"
    assert len(queries) == 1  # the catalogue version, nothing else
    added = make_paper("Deep Sets")
    assert added.get_absolute_url() in client.get("/sitemap-papers.xml").content.decode()


def og(html, name):
    match = re.search(rf'<meta property="og:{name}" content="([^"]*)">', html)
    return match.group(1) if match else None


def test_paper_page_has_opengraph_tags_with_the_first_summary_image(client):
    paper = make_paper("Neural ODEs", abstract="Continuous-depth models.",
                       summary="Look:\n\n![diagram](/media/summary-images/flow.png)\n\n![two](https://example.org/2.png)")
    html = client.get(paper.get_absolute_url()).content.decode()
    assert og(html, "title") == "Neural ODEs"
    assert og(html, "description") == "Continuous-depth models."
    assert og(html, "type") == "article"
    assert og(html, "url") == f"http://testserver{paper.get_absolute_url()}"
    assert og(html, "image") == "http://testserver/media/summary-images/flow.png"


def test_pages_without_an_image_still_describe_themselves(client):
    paper = make_paper("No Pictures Here")
    html = client.get(paper.get_absolute_url()).content.decode()
    assert og(html, "title") == "No Pictures Here" and og(html, "image") is None
    home = client.get("/").content.decode()
    assert og(home, "type") == "website" and og(home, "url") == "http://testserver/"

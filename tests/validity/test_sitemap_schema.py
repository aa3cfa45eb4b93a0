"""sitemap.xml and its sections are valid against the sitemaps.org 0.9 schemas, as a search engine reads them."""

import pytest
from lxml import etree

from tests.validity.xml_schemas import schema_errors, sitemap_schema

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml"), url
    return response.content


def test_the_sitemap_index_and_every_sitemap_it_lists_are_valid(client, nips2018):
    index = fetch(client, "/sitemap.xml")
    assert schema_errors(sitemap_schema("siteindex"), index) == []
    sections = [loc.text for loc in etree.fromstring(index).iterfind("s:sitemap/s:loc", NS)]
    assert len(sections) == 6
    urls = 0
    for section in sections:
        content = fetch(client, section.removeprefix("http://testserver"))
        assert schema_errors(sitemap_schema("sitemap"), content) == [], section
        urls += len(etree.fromstring(content).findall("s:url", NS))
    assert urls > 22 + 92  # the papers and their authors, at least


def test_the_schemas_reject_what_a_search_engine_would(client, nips2018):
    sitemap = etree.fromstring(fetch(client, "/sitemap-papers.xml"))
    sitemap.find("s:url/s:changefreq", NS).text = "sometimes"
    assert schema_errors(sitemap_schema("sitemap"), etree.tostring(sitemap))
    assert schema_errors(sitemap_schema("siteindex"), fetch(client, "/sitemap-papers.xml"))  # not an index

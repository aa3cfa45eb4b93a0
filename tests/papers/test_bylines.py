"""Bylines and keywords as lists show them: loaded for a whole list in two queries, as plain (name, slug, url)
entries in byline order, escaped where they are printed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from papers.models import Entry, Paper
from papers.services import paper_set_authors, paper_set_keywords
from papers.templatetags.catalogue import author_links, keyword_items
from tests.builders import make_paper, make_summary, make_venue

pytestmark = pytest.mark.django_db


def test_with_byline_loads_every_papers_authors_in_order_and_keywords_by_name_in_three_queries():
    venue = make_venue("NIPS")
    make_paper("First", authors=["Zoë Zhang", "Ada Lovelace", "Mert Sabuncu"], keywords=["stat.ML", "cs.LG"],
               venue=venue)
    make_paper("Second", authors=["Ada Lovelace"], venue=venue)
    for number in range(8):
        make_paper(f"Other {number}", authors=[f"Person {number}", "Ada Lovelace"], keywords=["cs.LG"], venue=venue)

    with CaptureQueriesContext(connection) as queries:
        papers = {paper.title: paper for paper in Paper.objects.with_byline()}
        shown = {title: ([a.name for a in p.byline], [k.name for k in p.keyword_list], p.venue.short_name)
                 for title, p in papers.items()}
    assert len(queries) == 3
    assert shown["First"] == (["Zoë Zhang", "Ada Lovelace", "Mert Sabuncu"], ["cs.LG", "stat.ML"], "NIPS")
    assert shown["Second"] == (["Ada Lovelace"], [], "NIPS")
    assert shown["Other 7"] == (["Person 7", "Ada Lovelace"], ["cs.LG"], "NIPS")
    zhang = papers["First"].byline[0]
    assert zhang == Entry("Zoë Zhang", "zoe-zhang", reverse("author_detail", kwargs={"slug": "zoe-zhang"}))
    assert zhang.get_absolute_url() == zhang.url


def test_a_paper_loaded_alone_reads_its_byline_once_and_again_after_it_changes():
    make_paper("Alone", authors=["Ada Lovelace", "Alan Turing"], keywords=["cs.LG"])
    paper = Paper.objects.get(title="Alone")
    with CaptureQueriesContext(connection) as queries:
        assert [a.name for a in paper.byline] == ["Ada Lovelace", "Alan Turing"]
        assert [a.name for a in paper.byline] == ["Ada Lovelace", "Alan Turing"]
    assert len(queries) == 1
    paper_set_authors(paper=paper, names=["Alan Turing", "Grace Hopper"])
    paper_set_keywords(paper=paper, names=["cs.AI"])
    assert [a.name for a in paper.byline] == ["Alan Turing", "Grace Hopper"]
    assert [k.name for k in paper.keyword_list] == ["cs.AI"]


def test_values_querysets_of_papers_are_left_alone():
    make_paper("Plain")
    assert list(Paper.objects.with_byline().values_list("title", flat=True)) == ["Plain"]


def test_links_escape_names_and_urls():
    byline = [Entry('<script>alert("x")</script>', "x", '/authors/x/?a="1"&b'), Entry("Ada & Co", "ada", "/a/")]
    assert author_links(byline) == (
        '<a href="/authors/x/?a=&quot;1&quot;&amp;b"><bdi>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</bdi></a>, '
        '<a href="/a/"><bdi>Ada &amp; Co</bdi></a>'
    )
    assert keyword_items([Entry("cs.LG", "cs-lg", "/keywords/cs-lg/")]) == (
        '<li><a href="/keywords/cs-lg/">cs.LG</a></li>'
    )
    assert author_links([]) == ""


def test_a_direction_override_in_a_name_or_title_stays_inside_it(client):
    """U+202E (right-to-left override) in one name must not reverse the names after it, or the rest of the line."""
    override = "\u202e"
    paper = make_paper("Transformers", authors=[f"{override}Mallory", "Ada Lovelace"], venue=make_venue("NIPS"))
    make_summary(paper, "Attention.", attribution=f"{override}Eve")
    page = client.get(paper.get_absolute_url()).content.decode()
    assert f'<bdi>{override}Mallory</bdi></a>, <a href="/authors/ada-lovelace/"><bdi>Ada Lovelace</bdi></a>' in page
    assert f'Summary by <bdi class="summary-author">{override}Eve</bdi>' in page
    home = client.get("/").content.decode()
    assert f"by <bdi>{override}Eve</bdi>" in home

"""Browsing lists: author, keyword and venue-year pages, sorted and paginated with a stable URL per state."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from papers.models import Paper
from tests.builders import make_paper, make_summary, make_venue

pytestmark = pytest.mark.django_db


def titles(response):
    return re.findall(r'<h3 class="paper-title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_author_page_groups_papers_by_year_with_summary_counts(client):
    make_paper("Old paper", authors=["Sergey Levine"], year=2016, summary="One.")
    newer = make_paper("New paper", authors=["Sergey Levine"], year=2018, summary="First.")
    make_summary(newer, "Second.")
    html = client.get("/authors/sergey-levine/").content.decode()
    assert html.index('<h2 id="year-2018">2018</h2>') < html.index("New paper") < html.index(
        '<h2 id="year-2016">2016</h2>') < html.index("Old paper")
    assert "2 summaries</a>" in html and "1 summary</a>" in html


def test_keyword_page_lists_its_papers_by_year(client):
    tagged = make_paper("Tagged", keywords=["cs.LG"], year=2017)
    make_paper("Untagged", year=2017)
    response = client.get(tagged.keywords.get().get_absolute_url())
    assert titles(response) == ["Tagged"] and '<h2 id="year-2017">2017</h2>' in response.content.decode()


def test_venue_year_sorts_by_most_recent_public_summary_with_unsummarized_papers_last(client):
    nips = make_venue("NIPS")
    make_paper("A never summarized", venue=nips)
    older = make_paper("B summarized first", venue=nips, summary="early")
    make_paper("C summarized last", venue=nips, summary="late")
    make_summary(older, "A hidden one does not count.", is_hidden=True)
    assert titles(client.get("/venues/nips/2018/?sort=recent")) == [
        "C summarized last", "B summarized first", "A never summarized"
    ]
    assert titles(client.get("/venues/nips/2018/?sort=summaries"))[-1] == "A never summarized"


def test_every_list_state_has_its_own_url(client):
    nips = make_venue("NIPS")
    Paper.objects.bulk_create(Paper(title=f"Paper {i:03}", slug=f"p-{i}", venue=nips, year=2018) for i in range(55))
    html = client.get("/venues/nips/2018/?sort=summaries&page=2").content.decode()
    assert 'href="?sort=summaries&amp;page=1"' in html and "Page 2 of 2" in html
    assert titles(client.get("/venues/nips/2018/?sort=title&page=2"))[0] == "Paper 050"


def test_author_page_queries_do_not_grow_with_the_number_of_papers(client):
    for number in range(12):
        make_paper(f"Paper {number}", authors=["Prolific Person", f"Coauthor {number}"], keywords=["cs.LG"],
                   summary="Summary.")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/authors/prolific-person/").status_code == 200
    assert len(queries) <= 8

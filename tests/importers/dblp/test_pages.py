"""Venue pages once DBLP filled a venue: every year in the histogram, papers without summaries listed with a way
to write the first, and the filter "with summaries only"."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from papers.models import Paper, Venue
from tests.builders import make_paper, make_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def nips():
    venue = Venue.objects.create(short_name="NIPS")
    for i in range(3):
        make_paper(f"Unsummarized {i}", venue=venue, year=2017)
    make_paper("Summarized one", venue=venue, year=2017, summary="A **clear** summary.")
    return venue


def titles(html):
    return re.findall(r'<h3 class="paper-title"><a href="[^"]+">([^<]+)</a>', html)


def test_papers_without_summaries_offer_logged_in_readers_to_write_the_first(client, nips, make_user):
    paper = Paper.objects.get(title="Unsummarized 0")
    write = f'No summary yet — <a href="/papers/{paper.pk}/{paper.slug}/summaries/new/">write the first</a>'
    anonymous = client.get("/venues/nips/2017/").content.decode()
    assert anonymous.count("No summary yet") == 3 and "write the first" not in anonymous
    client.force_login(make_user())
    html = client.get("/venues/nips/2017/").content.decode()
    assert write in html and html.count("write the first") == 3
    assert client.get(f"/papers/{paper.pk}/{paper.slug}/summaries/new/").status_code == 200


def test_the_filter_with_summaries_only_lists_summarized_papers_and_keeps_the_sort(client, nips):
    html = client.get("/venues/nips/2017/").content.decode()
    assert len(titles(html)) == 4 and "4 papers." in html
    assert '<a href="?sort=title&amp;summarized=1">With summaries only</a>' in html
    filtered = client.get("/venues/nips/2017/?sort=title&summarized=1").content.decode()
    assert titles(filtered) == ["Summarized one"] and "1 paper with summaries." in filtered
    assert '<span aria-current="true">With summaries only</span>' in filtered
    assert '<a href="?sort=summaries&amp;summarized=1">' in filtered  # the sort links keep the filter
    assert client.get("/venues/nips/2017/?summarized=yes").content.decode().count('class="paper-item"') == 4


def test_the_filter_keeps_itself_in_the_pagination_links(client, nips):
    for i in range(55):
        make_paper(f"Summarized extra {i:02}", venue=nips, year=2017, summary="Short.")
    first = client.get("/venues/nips/2017/?summarized=1").content.decode()
    assert "Page 1 of 2" in first and 'href="?sort=title&amp;summarized=1&amp;page=2"' in first
    second = client.get("/venues/nips/2017/?sort=title&summarized=1&page=2").content.decode()
    assert len(titles(second)) == 6 and 'href="?sort=title&amp;summarized=1&amp;page=1"' in second
    assert "Unsummarized" not in first + second


def test_a_year_with_papers_but_no_summaries_says_so_when_filtered(client, nips):
    make_paper("Alone in 2016", venue=nips, year=2016)
    response = client.get("/venues/nips/2016/?summarized=1")
    assert response.status_code == 200 and "No paper of NIPS 2016 has a summary yet." in response.content.decode()
    assert client.get("/venues/nips/2015/?summarized=1").status_code == 404


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_filtered_page_and_the_logged_in_page_use_the_same_queries_for_few_or_many_papers(client, nips, make_user):
    client.force_login(make_user())
    urls = ["/venues/nips/2017/", "/venues/nips/2017/?summarized=1", "/venues/nips/2017/?summarized=1&sort=recent"]
    few = {url: count_queries(client, url) for url in urls}
    for i in range(30):
        paper = make_paper(f"More {i}", venue=nips, year=2017, authors=[f"Author {i}", "Shared Author"])
        if i % 2:
            make_summary(paper, f"Summary {i}.")
    many = {url: count_queries(client, url) for url in urls}
    assert many == few


def test_the_histogram_shows_every_imported_year(client, nips):
    for year in (1988, 1999, 2019):
        make_paper(f"From {year}", venue=nips, year=year)
    html = client.get("/venues/nips/").content.decode()
    years = re.findall(r'<a href="/venues/nips/(\d+)/">', html)
    assert years == ["1988", "1999", "2017", "2019"]

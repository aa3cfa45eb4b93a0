"""The browsing pages as a visitor sees them, on the NIPS 2018 fixture."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils.html import escape

from papers.models import Author, Keyword, Paper, Venue
from summaries.models import Summary
from summaries.services import summary_set_hidden

pytestmark = pytest.mark.django_db

HIRO = "Data-Efficient Hierarchical Reinforcement Learning"


def test_home_lists_latest_summaries_and_venues(client, nips2018):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Latest summaries" in html
    assert html.count('class="summary-teasers"') == 1
    assert len(re.findall(r"<h3><a href=\"/papers/", html)) == 10
    assert '<a href="/venues/nips/">NIPS</a>' in html


def test_venue_list_shows_paper_and_summary_counts(client, nips2018):
    html = client.get("/venues/").content.decode()
    assert re.search(r'<a href="/venues/nips/">NIPS</a></th><td class="num">22</td><td class="num">22</td>', html)


def test_venue_page_draws_a_histogram_bar_per_year_linking_to_the_year(client, nips2018):
    Paper.objects.create(title="An older paper", venue=nips2018, year=2017)
    response = client.get("/venues/nips/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "NIPS is a single-track machine learning" in html
    # Each bar's link is named by its text, "2018: 22 papers" (the count above the bar is hidden from readers).
    bars = re.findall(r'<a href="/venues/nips/(\d+)/">.*?<span class="visually-hidden">(\d+): (\d+) papers?</span>',
                      html, re.DOTALL)
    assert bars == [("2017", "2017", "1"), ("2018", "2018", "22")]
    # The tallest bar fills the box; the others are proportional.
    heights = [float(h) for h in re.findall(r'<rect x="0" y="[\d.]+" width="40" height="([\d.]+)"', html)]
    assert heights == [round(100 / 22, 2), 100.0]
    assert '<span class="bar-count" aria-hidden="true">22</span>' in html


def test_venue_year_page_lists_its_papers_with_authors_source_keywords_and_summary_count(client, nips2018):
    response = client.get("/venues/nips/2018/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "22 papers." in html
    assert html.count('class="paper-item"') == 22
    hiro = Paper.objects.get(title=HIRO)
    assert f'<a href="{hiro.get_absolute_url()}">{HIRO}</a>' in html
    assert (
        '<a href="/authors/ofir-nachum/"><bdi>Ofir Nachum</bdi></a>, '
        '<a href="/authors/shixiang-gu/"><bdi>Shixiang Gu</bdi></a>' in html
    )
    assert "arXiv e-Print archive - 2018 via arXiv" in html
    assert '<a href="/keywords/cs-lg/">cs.LG</a>' in html
    assert "1 summary</a>" in html


def test_venue_year_page_sorts_by_title_or_most_summaries(client, nips2018):
    titles = lambda html: re.findall(r'<h3 class="paper-title"><a href="[^"]+">([^<]+)</a>', html)  # noqa: E731
    by_title = titles(client.get("/venues/nips/2018/?sort=title").content.decode())
    assert by_title == sorted(by_title)
    extra = Paper.objects.get(title=HIRO)
    Summary.objects.create(paper=extra, attribution="Someone else", body="Second opinion.")
    assert titles(client.get("/venues/nips/2018/?sort=summaries").content.decode())[0] == HIRO
    assert client.get("/venues/nips/2018/?sort=recent").status_code == 200
    assert titles(client.get("/venues/nips/2018/?sort=nonsense").content.decode()) == by_title


def test_venue_year_page_is_paginated(client, nips2018):
    Paper.objects.bulk_create(
        Paper(title=f"Filler paper {i:03}", slug=f"filler-{i}", venue=nips2018, year=2018) for i in range(60)
    )
    first = client.get("/venues/nips/2018/").content.decode()
    assert "Page 1 of 2" in first and first.count('class="paper-item"') == 50
    second = client.get("/venues/nips/2018/?page=2").content.decode()
    assert second.count('class="paper-item"') == 32
    assert client.get("/venues/nips/2018/?page=99").status_code == 404
    assert client.get("/venues/nips/2018/?page=abc").status_code == 404


def test_a_year_without_papers_is_not_a_page(client, nips2018):
    response = client.get("/venues/nips/2017/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()
    assert client.get("/venues/nips/2017/?sort=summaries&page=1").status_code == 404
    assert client.get("/venues/unknown/2018/").status_code == 404


def test_paper_page_shows_everything_about_the_paper(client, nips2018):
    paper = Paper.objects.get(title="Recurrent World Models Facilitate Policy Evolution")
    response = client.get(paper.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1 id=\"paper-title\">{paper.title}</h1>" in html
    assert '<a href="/authors/david-ha/"><bdi>David Ha</bdi></a>, ' in html
    assert '<a href="/authors/jurgen-schmidhuber/"><bdi>Jürgen Schmidhuber</bdi></a>' in html
    assert "arXiv e-Print archive - 2018 via arXiv" in html
    assert '<time datetime="2018-09-04">2018/09/04</time>' in html
    assert '<details class="abstract">' in html and "A generative recurrent neural network" in html
    assert '<a href="/keywords/stat-ml/">stat.ML</a>' in html
    assert "1 summary</h2>" in html
    assert "General Framework</h3>" in html  # rendered Markdown, its first heading just under the h2


def test_paper_page_shows_math_as_mathml_not_raw_dollars(client, nips2018):
    paper = Paper.objects.get(title=HIRO)
    html = client.get(paper.get_absolute_url()).content.decode()
    body = html.split('class="summary-body prose">', 1)[1]
    assert "<math" in body
    assert "$\\mu^{hi}$" not in body


def test_paper_page_with_wrong_slug_redirects_to_the_canonical_url(client, nips2018):
    paper = Paper.objects.get(title=HIRO)
    response = client.get(f"/papers/{paper.pk}/wrong-slug/")
    assert response.status_code == 301 and response["Location"] == paper.get_absolute_url()


def test_author_and_keyword_pages_list_papers_by_year(client, nips2018):
    author = Author.objects.get(name="Sergey Levine")
    html = client.get(author.get_absolute_url()).content.decode()
    assert "<h1>Sergey Levine</h1>" in html and HIRO in html and '<h2 id="year-2018">2018</h2>' in html
    keyword = Keyword.objects.get(name="dblp")
    html = client.get(keyword.get_absolute_url()).content.decode()
    assert html.count('class="paper-item"') == Paper.objects.filter(keywords=keyword).count() > 5


@pytest.mark.parametrize(
    "url",
    ["/venues/icml/", "/venues/icml/2018/", "/venues/nips/1900/", "/papers/999999/nothing/", "/authors/nobody/",
     "/keywords/nothing/", "/no-such-page/"],
)
def test_unknown_objects_are_a_proper_404_page(client, nips2018, url):
    response = client.get(url)
    assert response.status_code == 404
    if url != "/venues/nips/1900/":
        assert "Page not found" in response.content.decode()


def test_hidden_and_private_summaries_are_not_counted_or_shown(client, nips2018):
    paper = Paper.objects.get(title=HIRO)
    for summary in paper.summaries.all():
        summary_set_hidden(summary=summary, hidden=True)
    html = client.get(paper.get_absolute_url()).content.decode()
    assert "0 summaries</h2>" in html and "Nobody has summarized this paper yet." in html
    assert "21</td>" in client.get("/venues/").content.decode()


def test_share_link_shows_a_private_summary(client, nips2018):
    summary = Summary.objects.first()
    summary.is_private = True
    summary.save()
    response = client.get(summary.get_share_url())
    assert response.status_code == 200 and "private summary" in response.content.decode()
    assert client.get(reverse("summary_share", args=["00000000-0000-0000-0000-000000000000"])).status_code == 404


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_papers(venue, author, keyword, count, start=0):
    for i in range(start, start + count):
        paper = Paper.objects.create(title=f"P {i}", venue=venue, year=2000)
        paper.authorships.create(author=author, position=0)
        paper.authorships.create(author=Author.objects.create(name=f"Coauthor {i}"), position=1)
        paper.keywords.add(keyword)
        Summary.objects.create(paper=paper, attribution="x", body=f"Summary {i} with $x_{i}$.")


def test_list_pages_use_the_same_number_of_queries_for_5_or_45_papers(client, nips2018):
    venue = Venue.objects.create(short_name="ICML", slug="icml")
    author = Author.objects.create(name="Prolific Person")
    keyword = Keyword.objects.create(name="cs.XX")
    urls = ["/", "/?tab=top", "/venues/", "/venues/icml/", "/venues/icml/2000/", "/venues/icml/2000/?sort=recent",
            "/venues/icml/2000/?sort=summaries", "/venues/icml/2000/?summarized=1", author.get_absolute_url(),
            keyword.get_absolute_url()]
    add_papers(venue, author, keyword, 5)
    few = {url: count_queries(client, url) for url in urls}
    add_papers(venue, author, keyword, 40, start=5)
    many = {url: count_queries(client, url) for url in urls}
    assert many == few
    assert max(many.values()) <= 8


def test_a_short_abstract_is_shown_whole_and_a_long_one_opens_from_its_first_words(client, nips2018):
    paper = Paper.objects.get(title="Recurrent World Models Facilitate Policy Evolution")
    html = client.get(paper.get_absolute_url()).content.decode()
    opening = escape(" ".join(paper.abstract.split()[:30]))
    assert f'<span class="teaser">: {opening} …' in html and f"<p>{escape(paper.abstract)}</p>" in html
    paper.abstract = "A short abstract of twelve words, which needs no more link."
    paper.save()
    html = client.get(paper.get_absolute_url()).content.decode()
    assert '<p class="abstract"><strong>Abstract:</strong> A short abstract of twelve words' in html
    assert "<details" not in html.split('id="summaries"')[0] and 'class="more"' not in html


def test_the_site_pages_error_pages_and_the_admin_show_the_site_icon(client):
    icon = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
    for url in ["/", "/no/such/page/", "/admin/login/"]:
        assert icon in client.get(url).content.decode(), url
    assert finders.find("favicon.svg")

"""Per-object page versions: a write re-renders the pages that show what it touched, and no others (pagecache)."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from discussion.services import comment_create
from papers.models import Paper
from papers.services import paper_set_authors
from summaries.services import summary_create, summary_vote
from tests.builders import make_paper, make_summary, make_venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def papers():
    nips, icml = make_venue("NIPS"), make_venue("ICML")
    hot = make_paper("Neural Ordinary Differential Equations", venue=nips, authors=["Ricky Chen"], keywords=["ODE"])
    cold = make_paper("Deep Residual Learning", venue=icml, year=2016, authors=["Kaiming He"])
    make_summary(hot, "Continuous-depth residual networks.")
    make_summary(cold, "Identity shortcuts.")
    return Paper.objects.get(pk=hot.pk), Paper.objects.get(pk=cold.pk)


def etags(client, urls):
    return {url: client.get(url)["ETag"] for url in urls}


def cold_urls(cold):
    return [cold.get_absolute_url(), "/venues/icml/", "/venues/icml/2016/", "/authors/kaiming-he/",
            f"{cold.get_absolute_url()}bibtex", f"{cold.get_absolute_url()}feed/"]


def hot_urls(hot):
    return [hot.get_absolute_url(), "/", "/venues/", "/venues/nips/", "/venues/nips/2018/", "/authors/ricky-chen/",
            "/keywords/ode/", "/search/?q=neural", "/feeds/latest/", "/api/papers/"]


def test_a_vote_keeps_the_cached_pages_and_etags_of_other_papers(client, papers, make_user):
    hot, cold = papers
    before_cold, before_hot = etags(client, cold_urls(cold)), etags(client, hot_urls(hot))
    summary_vote(summary=hot.summaries.get(), user=make_user(), value=1)
    for url, etag in before_cold.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, headers={"if-none-match": etag})
        assert response.status_code == 304, url  # the reader's copy is still current
        assert len(queries) == 1, url  # and served by the page cache
    for url, etag in before_hot.items():
        assert client.get(url, headers={"if-none-match": etag}).status_code == 200, url


@pytest.mark.parametrize("write", ["summary", "comment", "rename", "authors"])
def test_every_write_re_renders_the_pages_of_its_paper_only(client, papers, make_user, write):
    hot, cold = papers
    before_cold, before_hot = etags(client, cold_urls(cold)), etags(client, [hot.get_absolute_url()])
    user = make_user()
    if write == "summary":
        summary_create(paper=hot, author=user, body="Adjoint sensitivities.")
    elif write == "comment":
        comment_create(summary=hot.summaries.get(), author=user, body="Why the adjoint?")
    elif write == "rename":
        hot.title = "Neural ODEs"
        hot.save()
    else:
        paper_set_authors(paper=hot, names=["David Duvenaud"])
    assert etags(client, cold_urls(cold)) == before_cold
    assert etags(client, [hot.get_absolute_url()]) != before_hot


def test_a_paper_moved_to_another_venue_leaves_its_old_venue_page(client, papers):
    hot, cold = papers
    assert "Neural Ordinary" in client.get("/venues/nips/2018/").content.decode()
    hot.venue = cold.venue
    hot.save()
    assert client.get("/venues/nips/2018/").status_code == 404
    assert "Neural Ordinary" in client.get("/venues/icml/2018/").content.decode()


def test_a_deleted_paper_leaves_its_authors_pages(client, papers):
    hot, _ = papers
    assert "Neural Ordinary" in client.get("/authors/ricky-chen/").content.decode()
    hot.delete()
    assert "Neural Ordinary" not in client.get("/authors/ricky-chen/").content.decode()


def test_a_new_author_shows_on_the_papers_author_page(client, papers):
    hot, _ = papers
    client.get(hot.get_absolute_url())
    paper_set_authors(paper=hot, names=["Ricky Chen", "David Duvenaud"])
    assert "David Duvenaud" in client.get(hot.get_absolute_url()).content.decode()
    assert "Neural Ordinary" in client.get("/authors/david-duvenaud/").content.decode()


@override_settings(PAGE_CACHE_PER_OBJECT=False)
def test_with_one_version_a_write_re_renders_every_page(client, papers, make_user):
    hot, cold = papers
    before = etags(client, cold_urls(cold))
    summary_vote(summary=hot.summaries.get(), user=make_user(), value=1)
    after = etags(client, cold_urls(cold))
    assert all(after[url] != before[url] for url in before)

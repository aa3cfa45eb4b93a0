"""Views of paper pages are counted per day, cached pages included, bots excluded, nothing about the visitor kept,
and written in batches that add up."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from readership import counter
from readership.models import PaperDailyViews, SummaryDailyViews
from tests.builders import make_paper, make_summary

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


@pytest.fixture
def paper():
    paper = make_paper("Neural Ordinary Differential Equations")
    make_summary(paper, "Continuous-depth residual networks.")
    return paper


def view(client, url, user_agent=BROWSER, **extra):
    return client.get(url, headers={"user-agent": user_agent}, **extra)


def paper_views(paper):
    return PaperDailyViews.objects.filter(paper=paper).total()


def test_views_of_a_paper_page_are_counted_cached_ones_too_and_written_when_flushed(client, paper):
    url = paper.get_absolute_url()
    assert view(client, url).status_code == 200
    with CaptureQueriesContext(connection) as cached:
        assert view(client, url).status_code == 200
    assert len(cached) == 1  # answered by the page cache (the version query only): counted all the same
    assert paper_views(paper) == 0  # buffered, not written per view
    assert counter.flush() == 2
    row = PaperDailyViews.objects.get(paper=paper)
    assert (row.day, row.views) == (timezone.now().date(), 2)


def test_a_summary_is_viewed_when_its_papers_page_is_shown(client, paper, make_user):
    public = paper.summaries.get()
    private = make_summary(paper, "My own notes.", author=make_user(), is_private=True)
    hidden = make_summary(paper, "Spam.", author=make_user(), is_hidden=True)
    for _ in range(3):
        view(client, paper.get_absolute_url())
    counter.flush()
    assert SummaryDailyViews.objects.filter(summary=public).total() == 3
    assert not SummaryDailyViews.objects.filter(summary__in=[private, hidden]).exists()


@pytest.mark.parametrize("user_agent", [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "python-requests/2.32.3",
    "curl/8.5.0",
    "",
])
def test_known_bots_and_clients_without_a_user_agent_are_not_counted(client, paper, user_agent):
    assert view(client, paper.get_absolute_url(), user_agent=user_agent).status_code == 200
    assert counter.flush() == 0


def test_only_pages_that_show_the_paper_are_counted(client, paper):
    url = paper.get_absolute_url()
    assert view(client, f"/papers/{paper.pk}/wrong-slug/").status_code == 301
    assert view(client, f"/papers/{paper.pk + 1000}/{paper.slug}/").status_code == 404
    assert view(client, "/").status_code == 200
    assert view(client, f"{url}feed/").status_code == 200
    assert client.head(url, headers={"user-agent": BROWSER}).status_code == 200
    assert counter.flush() == 0
    etag = view(client, url)["ETag"]
    assert view(client, url, HTTP_IF_NONE_MATCH=etag).status_code == 304  # shown again from the browser's cache
    assert counter.flush() == 2


def test_counting_sets_no_cookie_and_the_counters_hold_no_visitor_data(client, paper):
    first = view(client, paper.get_absolute_url())
    second = view(client, paper.get_absolute_url())
    assert not first.cookies and not second.cookies
    counter.flush()
    fields = {f.name for model in (PaperDailyViews, SummaryDailyViews) for f in model._meta.get_fields()}
    assert fields == {"id", "paper", "summary", "day", "views"}


def test_batches_from_several_processes_add_up_instead_of_overwriting(paper):
    today = timezone.now().date()
    PaperDailyViews.objects.add({(paper.pk, today): 5})
    PaperDailyViews.objects.add({(paper.pk, today): 7, (paper.pk, today - dt.timedelta(days=1)): 1})
    assert dict(PaperDailyViews.objects.filter(paper=paper).values_list("day", "views")) == {
        today: 12, today - dt.timedelta(days=1): 1}


def test_a_batch_is_written_after_the_configured_number_of_views(client, paper, settings):
    settings.READERSHIP_BATCH_VIEWS = 3
    view(client, paper.get_absolute_url())
    view(client, paper.get_absolute_url())
    assert paper_views(paper) == 0
    view(client, paper.get_absolute_url())
    assert paper_views(paper) == 3


def test_a_batch_is_written_when_the_configured_time_has_passed(client, paper, settings):
    settings.READERSHIP_BATCH_SECONDS = 0
    view(client, paper.get_absolute_url())
    assert paper_views(paper) == 1


def test_a_batch_the_database_refused_is_kept_for_the_next_one(client, paper, monkeypatch):
    view(client, paper.get_absolute_url())
    real_write = counter.write

    def refuse(_views):
        raise DatabaseError("the database is restarting")

    monkeypatch.setattr(counter, "write", refuse)
    assert counter.flush_quietly() == 0
    monkeypatch.setattr(counter, "write", real_write)
    view(client, paper.get_absolute_url())
    assert counter.flush() == 2 and paper_views(paper) == 2


def test_views_of_a_paper_deleted_before_the_batch_are_dropped(client, paper):
    other = make_paper("Still here")
    view(client, paper.get_absolute_url())
    view(client, other.get_absolute_url())
    paper.delete()
    counter.flush()
    assert list(PaperDailyViews.objects.values_list("paper_id", "views")) == [(other.pk, 1)]


def test_the_paper_page_shows_its_views_of_the_last_30_days(paper, settings):
    settings.CACHE_PAGES = False
    today = timezone.now().date()
    PaperDailyViews.objects.add({(paper.pk, today): 4, (paper.pk, today - dt.timedelta(days=29)): 3,
                                 (paper.pk, today - dt.timedelta(days=30)): 100})
    html = Client().get(paper.get_absolute_url()).content.decode()
    assert "7 in the last 30 days" in html and "may lag" in html


def test_the_paper_page_reads_its_views_in_one_query_whatever_its_summaries(make_user, settings):
    settings.CACHE_PAGES = False
    one, three = make_paper("One"), make_paper("Three")
    make_summary(one, "Alone.", author=make_user())
    for _ in range(3):
        make_summary(three, "One of three.", author=make_user())

    def queries(paper):
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(paper.get_absolute_url()).status_code == 200
        return [q["sql"] for q in captured]

    assert len(queries(one)) == len(queries(three))
    assert sum("readership_paperdailyviews" in sql for sql in queries(three)) == 1

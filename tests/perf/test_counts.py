"""The stored counts (Paper.summary_count/latest_summary_at, Venue.paper_count/summary_count) stay right through
every write path, and the list pages read them instead of counting summaries per request."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from papers.models import Paper, Venue
from summaries.models import Summary
from summaries.services import summary_create, summary_delete, summary_set_hidden, summary_update, summary_vote
from tests.builders import make_paper, make_summary, make_venue

pytestmark = pytest.mark.django_db


def counts(paper):
    paper = Paper.objects.get(pk=paper.pk)
    venue = Venue.objects.get(pk=paper.venue_id)
    return paper.summary_count, venue.paper_count, venue.summary_count


@pytest.fixture
def paper():
    return make_paper("Neural Ordinary Differential Equations", venue=make_venue("NIPS"), year=2018)


def test_summaries_written_through_the_services_are_counted_on_the_paper_and_its_venue(paper, make_user):
    assert counts(paper) == (0, 1, 0)
    writer = make_user()
    summary = summary_create(paper=paper, author=writer, body="First.")
    assert counts(paper) == (1, 1, 1)
    assert Paper.objects.get(pk=paper.pk).latest_summary_at == summary.created

    summary_update(summary=summary, body="Made private.", is_private=True)
    assert counts(paper) == (0, 1, 0)
    assert Paper.objects.get(pk=paper.pk).latest_summary_at is None
    summary_update(summary=summary, body="Public again.", is_private=False)
    assert counts(paper) == (1, 1, 1)

    summary_delete(summary=summary)
    assert counts(paper) == (0, 1, 0)


def test_hiding_and_restoring_a_summary_moves_the_counts(paper):
    summary = make_summary(paper, "Reported.")
    make_summary(paper, "Another one.")
    assert counts(paper) == (2, 1, 2)
    summary_set_hidden(summary=summary, hidden=True)
    assert counts(paper) == (1, 1, 1)
    summary_set_hidden(summary=summary, hidden=False)
    assert counts(paper) == (2, 1, 2)


def test_votes_change_no_count(paper, make_user):
    summary = make_summary(paper, "Worth a vote.")
    with CaptureQueriesContext(connection) as queries:
        assert summary_vote(summary=summary, user=make_user(), value=1) == 1
    assert counts(paper) == (1, 1, 1)
    assert not any("summary_count" in query["sql"] for query in queries)


def test_latest_summary_at_is_the_newest_public_summary(paper):
    old = make_summary(paper, "Old.")
    new = make_summary(paper, "New.")
    Summary.objects.filter(pk=old.pk).update(created=new.created - dt.timedelta(days=3))
    summary_set_hidden(summary=new, hidden=True)
    assert Paper.objects.get(pk=paper.pk).latest_summary_at == new.created - dt.timedelta(days=3)


def test_moving_a_paper_to_another_venue_and_deleting_it_recounts_both_venues(paper):
    make_summary(paper, "Counted.")
    icml = make_venue("ICML")
    paper = Paper.objects.get(pk=paper.pk)  # as the admin loads it
    paper.venue = icml
    paper.save()
    nips = Venue.objects.get(short_name="NIPS")
    assert (nips.paper_count, nips.summary_count) == (0, 0)
    assert counts(paper) == (1, 1, 1)
    paper.delete()
    icml.refresh_from_db()
    assert (icml.paper_count, icml.summary_count) == (0, 0)


def test_saving_a_stale_paper_does_not_overwrite_its_counts(paper):
    stale = Paper.objects.get(pk=paper.pk)
    make_summary(paper, "Written while the editor had the paper open.")
    stale.title = "Neural ODEs"
    stale.save()
    assert counts(paper) == (1, 1, 1)
    assert Paper.objects.get(pk=paper.pk).title == "Neural ODEs"


def test_a_deleted_summary_and_a_bulk_delete_are_both_uncounted(paper):
    make_summary(paper, "One.")
    make_summary(paper, "Two.")
    Summary.objects.filter(paper=paper).first().delete()
    assert counts(paper) == (1, 1, 1)
    Summary.objects.filter(paper=paper).delete()
    assert counts(paper) == (0, 1, 0)


def test_loaddata_leaves_the_counts_right(nips2018):
    assert nips2018.paper_count == Paper.objects.filter(venue=nips2018).count() > 0
    assert nips2018.summary_count == Summary.objects.visible().filter(paper__venue=nips2018).count() > 0
    for paper in Paper.objects.all():
        assert paper.summary_count == paper.summaries.visible().count()


def test_recount_catalogue_repairs_counts_written_behind_the_applications_back(paper):
    make_summary(paper, "Counted.")
    Paper.objects.update(summary_count=42, latest_summary_at=None)
    Venue.objects.update(paper_count=0, summary_count=7)
    out = StringIO()
    call_command("recount_catalogue", stdout=out)
    assert "Recounted 1 papers and 1 venues" in out.getvalue()
    assert counts(paper) == (1, 1, 1)
    assert Paper.objects.get(pk=paper.pk).latest_summary_at is not None


def test_list_pages_show_the_stored_counts(client, paper):
    make_summary(paper, "Counted.")
    Paper.objects.filter(pk=paper.pk).update(summary_count=17)  # what the pages read: no count per request
    Venue.objects.filter(short_name="NIPS").update(paper_count=23, summary_count=29)
    assert "17 summaries" in client.get("/venues/nips/2018/").content.decode()
    assert "17 summaries" in client.get("/authors/ada-lovelace/").content.decode()
    venues = client.get("/venues/").content.decode()
    assert '<td class="num">23</td><td class="num">29</td>' in venues
    assert client.get(f"/api/papers/{paper.pk}/").json()["summary_count"] == 17


def test_the_summary_sorts_order_by_the_stored_counts(client):
    nips = make_venue("NIPS")
    quiet = make_paper("A quiet paper", venue=nips)
    busy = make_paper("B busy paper", venue=nips)
    make_summary(busy, "One.")
    make_summary(busy, "Two.")
    make_summary(quiet, "Newest.")
    html = client.get("/venues/nips/2018/", {"sort": "summaries"}).content.decode()
    assert html.index("B busy paper") < html.index("A quiet paper")
    html = client.get("/venues/nips/2018/", {"sort": "recent"}).content.decode()
    assert html.index("A quiet paper") < html.index("B busy paper")


def test_the_home_page_teasers_are_the_stored_plain_text_excerpts(client, paper):
    summary = make_summary(paper, "## Idea\n\nThe **derivative** of the hidden state is a network. " + "word " * 60)
    assert summary.excerpt.startswith("Idea The derivative of the hidden state") and summary.excerpt.endswith("…")
    assert len(summary.excerpt.split()) == 40
    html = client.get("/").content.decode()
    assert f'<p class="teaser">{summary.excerpt}</p>' in html

"""Summaries imported without a date say where they came from instead of showing the import's date, and sort as
the oldest: on the pages, in the API, in the stored "most recent summary" of their papers, after the migration."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from papers.models import Paper
from summaries.models import Summary
from tests.builders import make_summary

IMPORT_DAY = "Nov. 29, 2026"  # the day fixtures/nips2018.json was made, which the seed's summaries used to show
PROVENANCE = "imported from shortscience.org, date unknown"


@pytest.fixture
def paper(nips2018):
    return Paper.objects.get(title="Data-Efficient Hierarchical Reinforcement Learning")


@pytest.mark.django_db
def test_the_seeded_summaries_have_no_date_and_say_where_they_came_from(nips2018):
    summaries = Summary.objects.all()
    assert summaries.count() == 22
    assert set(summaries.values_list("created", "imported_from")) == {(None, "shortscience.org")}
    assert not Paper.objects.exclude(latest_summary_at=None).exists()  # no dated summary to be "most recent"


@pytest.mark.django_db
def test_pages_show_the_provenance_instead_of_the_import_date(client, paper):
    for url in ["/", "/?tab=top", paper.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert PROVENANCE in html, url
        assert IMPORT_DAY not in html and "<time datetime=\"2026-11-29" not in html, url


@pytest.mark.django_db
def test_a_summary_written_here_comes_before_the_undated_ones(client, paper, make_user):
    writer = make_user("ada")
    written = make_summary(paper, "Written here, and dated.", author=writer, attribution="")
    assert list(Summary.objects.visible().latest())[0] == written
    assert list(Summary.objects.visible().top())[0] == written  # all scores 0: the dated one is the newest
    home = client.get("/").content.decode()
    assert home.index(f'href="{written.get_absolute_url()}"') < home.index(PROVENANCE)
    assert client.get("/api/summaries/").json()["results"][0]["id"] == written.pk
    # On the paper page, equal scores list the oldest first: the undated imported summary before this one.
    page = client.get(paper.get_absolute_url()).content.decode()
    assert page.index(PROVENANCE) < page.index(f'id="summary-{written.pk}"')
    assert Paper.objects.get(pk=paper.pk).latest_summary_at == written.created


@pytest.mark.django_db
def test_the_api_gives_a_null_date_with_the_provenance(client, paper):
    summary = paper.summaries.get()
    data = client.get(f"/api/summaries/{summary.pk}/").json()
    assert data["created"] is None and data["imported_from"] == "shortscience.org"
    assert data["updated"].startswith("2026-11-29")  # when it was imported, as the description says


@pytest.mark.django_db
def test_editing_an_undated_summary_keeps_it_undated(client, paper):
    summary = paper.summaries.get()
    summary.body += "\n\nA correction."
    summary.save()
    summary.refresh_from_db()
    assert summary.created is None and summary.updated.date() == dt.date.today()
    html = client.get(paper.get_absolute_url()).content.decode()
    assert PROVENANCE in html and "· updated" not in html


@pytest.mark.django_db(transaction=True)
def test_the_migration_undates_imported_summaries_and_nothing_else(make_user):
    executor = MigrationExecutor(connection)
    # Papers as migration 0005 knew them: later papers migrations (and the apps built on them) are unapplied too.
    papers_then = [("papers", "0005_catalogue_version_to_pagecache"), ("pagecache", "0001_initial")]
    before = [("summaries", "0004_duplicate_summary_message"), *papers_then]
    after = [("summaries", "0005_summary_undated_imports"), *papers_then]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldPaper, OldSummary = old_apps.get_model("papers", "Paper"), old_apps.get_model("summaries", "Summary")
    User = old_apps.get_model("auth", "User")
    paper = OldPaper.objects.create(title="A paper", slug="a-paper", year=2018)
    imported = OldSummary.objects.create(paper=paper, attribution="ShortScience.org contributor", body="Seeded.",
                                         body_html="<p>Seeded.</p>")
    writer = User.objects.create(username="ada")
    written = OldSummary.objects.create(paper=paper, author=writer, body="Mine.", body_html="<p>Mine.</p>")
    by_admin = OldSummary.objects.create(paper=paper, attribution="A guest", body="Hers.", body_html="<p>Hers.</p>")
    OldPaper.objects.filter(pk=paper.pk).update(latest_summary_at=imported.created + dt.timedelta(days=1))

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new_apps = executor.loader.project_state(after).apps
    NewSummary, NewPaper = new_apps.get_model("summaries", "Summary"), new_apps.get_model("papers", "Paper")
    rows = {s.pk: (s.created, s.imported_from) for s in NewSummary.objects.all()}
    assert rows[imported.pk] == (None, "shortscience.org")
    assert rows[written.pk] == (written.created, "") and rows[by_admin.pk] == (by_admin.created, "")
    assert NewPaper.objects.get(pk=paper.pk).latest_summary_at == max(written.created, by_admin.created)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

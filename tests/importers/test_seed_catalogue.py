"""`make run` loads NIPS 2018 on every start through load_seed_catalogue: once, never over the site's own edits."""

from io import StringIO

import pytest
from django.core.management import call_command

from papers.models import Paper, Venue
from summaries.models import Summary, Vote

pytestmark = pytest.mark.django_db


def load():
    out = StringIO()
    call_command("load_seed_catalogue", stdout=out)
    return out.getvalue()


def test_an_empty_catalogue_gets_nips_2018(client):
    assert "Loaded the NIPS 2018 fixture: 22 papers." in load()
    assert Venue.objects.get(slug="nips").paper_count == 22
    assert "22 papers" in client.get("/venues/nips/2018/").content.decode()


def test_a_second_start_keeps_what_people_changed_since(make_user):
    load()
    summary = Summary.objects.order_by("pk").first()
    summary.body = "Rewritten by its reader."
    summary.save()
    Vote.objects.create(summary=summary, user=make_user(), value=1)
    Summary.objects.filter(pk=summary.pk).update(score=1)
    assert "not loaded again" in load()
    summary.refresh_from_db()
    assert summary.body == "Rewritten by its reader." and summary.score == 1
    assert Paper.objects.count() == 22

"""Reputation: stored per writer, current after every write that changes it, repaired by recompute_reputation."""

from io import StringIO

import pytest
from django.core.management import call_command

from discussion import qa
from people.models import Writer
from people.reputation import ACCEPTED_ANSWER_BONUS
from summaries import services
from tests.builders import csrf_client, csrf_post, make_answer, make_paper, make_question, make_summary

pytestmark = pytest.mark.django_db


def reputation(user):
    return Writer.objects.get(user=user).reputation


def test_votes_on_public_and_anonymous_summaries_count_and_follow_every_vote(make_user):
    writer, voters = make_user("writer"), [make_user() for _ in range(3)]
    signed = make_summary(make_paper(), author=writer)
    anonymous = make_summary(make_paper(), author=writer, is_anonymous=True)
    services.summary_vote(summary=signed, user=voters[0], value=1)
    services.summary_vote(summary=signed, user=voters[1], value=1)
    services.summary_vote(summary=anonymous, user=voters[2], value=1)
    assert reputation(writer) == 3
    services.summary_vote(summary=signed, user=voters[1], value=-1)
    assert reputation(writer) == 1
    services.summary_vote(summary=signed, user=voters[0], value=0)
    assert reputation(writer) == 0
    writer_row = Writer.objects.get(user=writer)
    assert writer_row.public_summary_count == 1  # the anonymous one is not counted where others can see it


def test_private_and_hidden_summaries_do_not_count(make_user):
    writer, voter = make_user("writer"), make_user()
    summary = make_summary(make_paper(), author=writer)
    services.summary_vote(summary=summary, user=voter, value=1)
    assert reputation(writer) == 1
    services.summary_set_hidden(summary=summary, hidden=True)
    assert reputation(writer) == 0 and Writer.objects.get(user=writer).public_summary_count == 0
    services.summary_set_hidden(summary=summary, hidden=False)
    assert reputation(writer) == 1
    services.summary_update(summary=summary, body=summary.body, is_private=True)
    assert reputation(writer) == 0
    services.summary_delete(summary=summary)
    assert reputation(writer) == 0


def test_answer_votes_and_accepted_answers_count(make_user):
    asker, answerer, other, voter = make_user(), make_user("answerer"), make_user("other"), make_user()
    question = make_question(make_paper(), author=asker)
    answer, second = make_answer(question, author=answerer), make_answer(question, author=other)
    qa.answer_vote(answer=answer, user=voter, value=1)
    assert reputation(answerer) == 1
    qa.answer_accept(answer=answer, user=asker)
    assert reputation(answerer) == 1 + ACCEPTED_ANSWER_BONUS
    qa.answer_accept(answer=second, user=asker)  # accepting another unmarks the first
    assert reputation(answerer) == 1 and reputation(other) == ACCEPTED_ANSWER_BONUS
    qa.set_hidden(item=second, hidden=True)
    assert reputation(other) == 0


def test_the_profile_shows_the_reputation(client, make_user):
    writer = make_user("writer")
    summary = make_summary(make_paper(), author=writer)
    services.summary_vote(summary=summary, user=make_user(), value=1)
    html = client.get("/users/writer/").content.decode()
    assert '<dt>Reputation</dt><dd class="reputation">1</dd>' in html


def test_recompute_reputation_repairs_every_row(make_user):
    writer, voter, gone = make_user("writer"), make_user(), make_user("gone")
    summary = make_summary(make_paper(), author=writer)
    services.summary_vote(summary=summary, user=voter, value=1)
    Writer.objects.filter(user=writer).update(reputation=99, public_summary_count=0, sort_name="")
    Writer.objects.filter(user=gone).delete()
    out = StringIO()
    call_command("recompute_reputation", stdout=out)
    row = Writer.objects.get(user=writer)
    assert (row.reputation, row.public_summary_count, row.sort_name) == (1, 1, "writer")
    assert "Recomputed" in out.getvalue()


def test_a_vote_through_the_page_updates_the_reputation_in_the_same_request(make_user):
    writer, voter = make_user("writer"), make_user()
    summary = make_summary(make_paper(), author=writer)
    response = csrf_post(csrf_client(voter), f"/summaries/{summary.pk}/vote/", {"value": "1"},
                         form_page=summary.paper.get_absolute_url())
    assert response.status_code == 302 and reputation(writer) == 1

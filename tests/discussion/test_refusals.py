"""Each refusal of answers (not logged in, not yours, rate-limited, too long, hidden), with its status and message,
and nothing written: the comment and question refusals are in test_comments.py and test_questions.py."""

import pytest
from django.test import override_settings

from discussion.models import Answer, Comment
from tests.builders import csrf_client, csrf_post, make_answer, make_comment, make_paper, make_question, make_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(make_user):
    return make_question(make_paper("Neural ODEs"), "Why O(1) memory?", author=make_user("asker"))


def answer(client, question, body="Because of the adjoint."):
    return csrf_post(client, f"/questions/{question.pk}/answers/new/", {"body": body}, form_page="/accounts/login/")


def test_answering_needs_a_login(question):
    response = answer(csrf_client(), question)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    assert not Answer.objects.exists()


def test_a_too_long_answer_is_refused_with_its_size_and_the_text_kept(question, make_user):
    response = answer(csrf_client(make_user()), question, body="y" * 20_001)
    html = response.content.decode()
    assert response.status_code == 400
    assert "An answer can be at most 20,000 characters; this one has 20,001." in html and "y" * 20_001 in html
    assert not Answer.objects.exists()


@override_settings(RATELIMITS={"answer": "1/h"})
def test_too_many_answers_get_the_429_page(question, make_user):
    client = csrf_client(make_user())
    assert answer(client, question).status_code == 302
    response = answer(client, question, body="Again")
    assert response.status_code == 429 and "1 per hour" in response.content.decode()
    assert Answer.objects.count() == 1


def test_nobody_else_deletes_an_answer_and_nobody_votes_on_their_own(question, make_user):
    writer = make_user()
    reply = make_answer(question, author=writer)
    response = csrf_post(csrf_client(make_user()), f"/answers/{reply.pk}/delete/", form_page="/")
    assert response.status_code == 403
    assert "Only the writer of this answer, or a moderator, can change it." in response.content.decode()
    own = csrf_post(csrf_client(writer), f"/answers/{reply.pk}/vote/", {"value": "1"}, form_page="/")
    assert own.status_code == 403 and "your own answer" in own.content.decode()
    reply.refresh_from_db()
    assert reply.score == 0 and Answer.objects.count() == 1


def test_only_the_asker_accepts_an_answer(question, make_user):
    reply = make_answer(question, author=make_user())
    response = csrf_post(csrf_client(make_user()), f"/answers/{reply.pk}/accept/", form_page="/")
    assert response.status_code == 403
    assert "Only the person who asked can accept an answer." in response.content.decode()
    reply.refresh_from_db()
    assert not reply.is_accepted


def test_a_hidden_answer_is_gone_for_readers_and_cannot_be_voted_on(question, make_user):
    reply = make_answer(question, "Spam answer", author=make_user(), is_hidden=True)
    assert "Spam answer" not in csrf_client().get(question.get_absolute_url()).content.decode()
    response = csrf_post(csrf_client(make_user()), f"/answers/{reply.pk}/vote/", {"value": "1"}, form_page="/")
    assert response.status_code == 404
    reply.refresh_from_db()
    assert reply.score == 0


def test_a_hidden_comment_cannot_be_answered(make_user):
    summary = make_summary(make_paper("Attention"), author=make_user())
    hidden = make_comment(summary, "Hidden remark", author=make_user(), is_hidden=True)
    response = csrf_post(csrf_client(make_user()), f"/summaries/{summary.pk}/comments/new/",
                         {"body": "A reply", "reply_to": hidden.pk}, form_page="/")
    assert response.status_code == 403 and "That comment can no longer be answered." in response.content.decode()
    assert Comment.objects.count() == 1

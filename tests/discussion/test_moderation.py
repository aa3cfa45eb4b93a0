"""Reports on comments, questions and answers, and moderators hiding and restoring them in the admin (logged)."""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import override_settings

from discussion.forms import AnswerForm, CommentForm
from discussion.models import Comment, DiscussionReport
from summaries.rendering import render_summary
from tests.builders import (
    csrf_client,
    csrf_post,
    make_answer,
    make_comment,
    make_paper,
    make_question,
    make_summary,
)
from tests.summaries.hostile_inputs import HOSTILE_CASES
from tests.summaries.test_rendering_hostile import violations

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(make_user):
    summary = make_summary(make_paper(), author=make_user("writer"), body="A summary")
    return make_comment(summary, "Buy cheap pills", author=make_user("spammer"))


def admin_action(client, url, action, pks):
    return csrf_post(client, url, {"action": action, "_selected_action": [str(pk) for pk in pks]})


def test_a_reader_reports_a_comment_and_a_moderator_hides_it_from_the_queue(comment, make_user, client):
    reader = csrf_client(make_user("reader"))
    response = csrf_post(reader, f"/comments/{comment.pk}/report/", {"reason": "Spam"})
    assert response.status_code == 302 and response["Location"] == comment.get_absolute_url()
    moderator = csrf_client(make_user("mod", is_staff=True, is_superuser=True))
    queue = moderator.get("/admin/discussion/discussionreport/").content.decode()
    assert "Spam" in queue and comment.get_absolute_url() in queue
    admin_action(moderator, "/admin/discussion/discussionreport/", "hide_targets",
                 DiscussionReport.objects.values_list("pk", flat=True))
    comment.refresh_from_db()
    assert comment.is_hidden and not DiscussionReport.objects.filter(resolved=False).exists()
    assert LogEntry.objects.get(object_id=str(comment.pk)).change_message == "Hidden by a moderator."
    assert "cheap pills" not in client.get(comment.summary.paper.get_absolute_url()).content.decode()


def test_a_moderator_restores_a_comment_from_the_comment_admin(comment, make_user, client):
    Comment.objects.filter(pk=comment.pk).update(is_hidden=True)
    moderator = csrf_client(make_user("mod", is_staff=True, is_superuser=True))
    assert admin_action(moderator, "/admin/discussion/comment/", "restore", [comment.pk]).status_code == 302
    assert "cheap pills" in client.get(comment.summary.paper.get_absolute_url()).content.decode()


def test_ones_own_comment_cannot_be_reported(comment):
    response = csrf_post(csrf_client(comment.author), f"/comments/{comment.pk}/report/", {"reason": "x"})
    assert response.status_code == 403
    assert "This is your own comment: edit or delete it instead of reporting it." in response.content.decode()


@override_settings(RATELIMITS={"report": "1/h"})
def test_reports_are_rate_limited(comment, make_user):
    client = csrf_client(make_user())
    assert csrf_post(client, f"/comments/{comment.pk}/report/", {"reason": "Spam"}).status_code == 302
    assert csrf_post(client, f"/comments/{comment.pk}/report/", {"reason": "Spam!"}).status_code == 429


def test_questions_and_answers_are_reported_and_the_admin_lists_are_searchable(make_user):
    question = make_question(make_paper("Attention Is All You Need"), author=make_user("asker"))
    answer = make_answer(question, author=make_user("helper"))
    reader = csrf_client(make_user())
    csrf_post(reader, f"/questions/{question.pk}/report/", {"reason": "Off topic"})
    csrf_post(reader, f"/answers/{answer.pk}/report/", {"reason": "Wrong"})
    assert DiscussionReport.objects.count() == 2
    moderator = csrf_client(make_user("mod", is_staff=True, is_superuser=True))
    for url in ("/admin/discussion/comment/", "/admin/discussion/question/", "/admin/discussion/answer/",
                "/admin/discussion/discussionreport/"):
        assert moderator.get(f"{url}?q=attention").status_code == 200
    assert "Why does the adjoint" in moderator.get("/admin/discussion/question/?q=attention").content.decode()


@pytest.mark.parametrize(("source",), [(source,) for _, source in HOSTILE_CASES],
                         ids=[case_id for case_id, _ in HOSTILE_CASES])  # fmt: skip
def test_hostile_comments_and_answers_render_inert(source, make_user):
    if "\x00" in source:  # refused before it is stored (PostgreSQL text holds no NUL), and inert when rendered
        assert not CommentForm({"body": source}).is_valid() and not AnswerForm({"body": source}).is_valid()
        assert violations(render_summary(source)) == []
        return
    user = make_user()
    summary = make_summary(make_paper(), author=user)
    assert violations(make_comment(summary, source, author=user).body_html) == []
    assert violations(make_answer(make_question(summary.paper, author=user), source, author=user).body_html) == []

"""Comments under summaries: writing with math, one level of replies, editing, deleting, and every refusal."""

import re

import pytest
from django.test import override_settings

from discussion.models import Comment
from papers.models import Paper
from tests.builders import csrf_client, csrf_post, make_comment, make_paper, make_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary(make_user):
    return make_summary(make_paper("Neural ODEs"), author=make_user("writer"), body="Continuous depth.")


def new_url(summary):
    return f"/summaries/{summary.pk}/comments/new/"


def page_of(summary, client=None):
    return (client or csrf_client()).get(summary.paper.get_absolute_url()).content.decode()


def test_comments_show_oldest_first_with_writer_date_and_a_permanent_anchor(summary, make_user):
    first = make_comment(summary, "First comment", author=make_user("ada"))
    second = make_comment(summary, "Second comment", author=make_user("grace"))
    html = page_of(summary)
    assert html.index("First comment") < html.index("Second comment")
    assert f'id="comment-{first.pk}"' in html and f'href="#comment-{second.pk}"' in html
    assert ">ada</a>" in html and "<time datetime=" in html
    assert "2 comments" in html
    assert f'href="/accounts/login/?next={new_url(summary)}">Log in to comment</a>' in html


def test_a_reader_comments_with_math_rendered_to_mathml(summary, make_user):
    client = csrf_client(make_user("reader"))
    response = csrf_post(client, new_url(summary), {"body": "Is $e^{i\\pi} = -1$ used in eq. 2?"},
                         form_page=summary.paper.get_absolute_url())
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{summary.paper.get_absolute_url()}#comment-{comment.pk}"
    assert "<math" in comment.body_html and "e^{i\\pi}" in comment.body_html  # the TeX kept in <annotation>
    assert comment.body_html in page_of(summary)


def test_the_comment_page_has_the_editor_with_a_live_preview(summary, make_user):
    html = csrf_client(make_user()).get(new_url(summary)).content.decode()
    assert "markdownx" in html and 'name="body"' in html


def test_a_reply_to_a_reply_joins_the_thread_and_names_whom_it_answers(summary, make_user):
    top = make_comment(summary, "Top", author=make_user("ada"))
    reply = make_comment(summary, "Reply", author=make_user("grace"), reply_to=top)
    client = csrf_client(make_user("alan"))
    response = csrf_post(client, new_url(summary), {"body": "Reply to a reply", "reply_to": reply.pk},
                         form_page=f"{new_url(summary)}?reply_to={reply.pk}")
    assert response.status_code == 302
    latest = Comment.objects.latest("pk")
    assert (latest.thread, latest.reply_to) == (top, reply)
    html = page_of(summary)
    assert f'in reply to <a href="#comment-{reply.pk}"><bdi>grace</bdi></a>' in html
    thread_html = html[html.index(f'id="comment-{top.pk}"'):]
    assert thread_html.index("Reply") < thread_html.index("Reply to a reply")


def test_the_reply_page_quotes_the_comment_it_answers(summary, make_user):
    top = make_comment(summary, "Quoted words", author=make_user("ada"))
    html = csrf_client(make_user()).get(f"{new_url(summary)}?reply_to={top.pk}").content.decode()
    assert "Reply to <bdi>ada</bdi>" in html and "Quoted words" in html


def test_an_anonymous_reader_is_sent_to_log_in_and_nothing_is_saved(summary):
    response = csrf_post(csrf_client(), new_url(summary), {"body": "Hello"}, form_page="/accounts/login/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    assert not Comment.objects.exists()


def test_a_too_long_comment_is_refused_with_its_size_and_the_text_kept(summary, make_user):
    body = "word " * 1200
    response = csrf_post(csrf_client(make_user()), new_url(summary), {"body": body})
    html = response.content.decode()
    assert response.status_code == 400
    assert "A comment can be at most 5,000 characters; this one has 6,000. Shorten it by 1,000." in html
    assert body.strip() in html
    assert not Comment.objects.exists()


def test_an_empty_comment_is_refused(summary, make_user):
    response = csrf_post(csrf_client(make_user()), new_url(summary), {"body": "  "})
    assert response.status_code == 400 and "Write something: the comment is empty." in response.content.decode()


@override_settings(RATELIMITS={"comment": "2/h"})
def test_too_many_comments_get_the_429_page(summary, make_user):
    client = csrf_client(make_user())
    for n in range(2):
        assert csrf_post(client, new_url(summary), {"body": f"Comment {n}"}).status_code == 302
    response = csrf_post(client, new_url(summary), {"body": "One more"})
    assert response.status_code == 429 and "2 per hour" in response.content.decode()
    assert Comment.objects.count() == 2


@override_settings(RATELIMITS={"comment": "2/h"})
def test_the_comment_limit_also_counts_per_address(summary, make_user):
    for n in range(2):
        assert csrf_post(csrf_client(make_user()), new_url(summary), {"body": f"Comment {n}"}).status_code == 302
    assert csrf_post(csrf_client(make_user()), new_url(summary), {"body": "Sock puppet"}).status_code == 429


def test_the_writer_edits_their_comment(summary, make_user):
    ada = make_user("ada")
    comment = make_comment(summary, "Tpyo", author=ada)
    response = csrf_post(csrf_client(ada), f"/comments/{comment.pk}/edit/", {"body": "Typo fixed, $x$"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Typo fixed, $x$" and "<math" in comment.body_html


def test_nobody_else_edits_or_deletes_a_comment(summary, make_user):
    comment = make_comment(summary, "Mine", author=make_user("ada"))
    other = csrf_client(make_user("mallory"))
    for action in ("edit", "delete"):
        response = csrf_post(other, f"/comments/{comment.pk}/{action}/", {"body": "Hijacked"}, form_page="/")
        assert response.status_code == 403
        assert "Only the writer of this comment, or a moderator, can change it." in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Mine"


def test_a_deleted_comment_without_replies_is_gone(summary, make_user):
    ada = make_user("ada")
    comment = make_comment(summary, "Regret", author=ada)
    response = csrf_post(csrf_client(ada), f"/comments/{comment.pk}/delete/")
    assert response.status_code == 302 and not Comment.objects.exists()
    assert "Regret" not in page_of(summary)


def test_a_deleted_comment_with_replies_leaves_comment_deleted_in_place(summary, make_user):
    ada = make_user("ada")
    top = make_comment(summary, "Original point", author=ada)
    reply = make_comment(summary, "A reply to it", author=make_user("grace"), reply_to=top)
    csrf_post(csrf_client(ada), f"/comments/{top.pk}/delete/")
    top.refresh_from_db()
    assert top.is_deleted and top.body == "" and top.body_html == ""
    html = page_of(summary)
    assert "Comment deleted." in html and "Original point" not in html and "A reply to it" in html
    # When the last reply goes too, the placeholder has nothing left to hold.
    csrf_post(csrf_client(reply.author), f"/comments/{reply.pk}/delete/")
    assert not Comment.objects.exists()


def test_comments_on_a_private_summary_are_only_for_who_can_open_it(make_user):
    writer = make_user("writer")
    private = make_summary(make_paper(), author=writer, body="Private notes", is_private=True)
    comment = make_comment(private, "Secret remark", author=writer)
    assert "Secret remark" not in page_of(private)
    assert "Secret remark" in page_of(private, csrf_client(writer))
    stranger = csrf_client(make_user())
    assert stranger.get(new_url(private)).status_code == 404
    assert stranger.get(f"/comments/{comment.pk}/report/").status_code == 404


def test_a_hidden_summarys_comments_are_hidden_with_it_and_closed(summary, make_user):
    make_comment(summary, "Under a hidden summary", author=make_user())
    summary.is_hidden = True
    summary.save()
    assert "Under a hidden summary" not in page_of(summary)
    assert csrf_post(csrf_client(make_user()), new_url(summary), {"body": "x"}, form_page="/").status_code == 404
    writer = csrf_client(summary.author)
    response = csrf_post(writer, new_url(summary), {"body": "Can I still?"}, form_page="/")
    assert response.status_code == 403 and "Comments are closed on this summary." in response.content.decode()


def test_a_hidden_comment_is_gone_for_readers_and_flagged_for_its_writer(summary, make_user):
    ada = make_user("ada")
    hidden = make_comment(summary, "Spam spam", author=ada, is_hidden=True)
    assert "Spam spam" not in page_of(summary)
    assert "Hidden by a moderator" in page_of(summary, csrf_client(ada))
    make_comment(summary, "But a reply", author=make_user(), reply_to=hidden)
    html = page_of(summary)
    assert "Comment hidden by a moderator." in html and "Spam spam" not in html and "But a reply" in html


def test_the_paper_page_loads_comments_in_a_fixed_number_of_queries(summary, make_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert csrf_client().get(summary.paper.get_absolute_url()).status_code == 200
        return len(captured)

    users = [make_user() for _ in range(5)]
    make_comment(summary, "One", author=users[0])
    with_one = queries()
    second = make_summary(summary.paper, author=users[1], body="Another summary")
    for n in range(20):
        top = make_comment(summary if n % 2 else second, f"Comment {n}", author=users[n % 5])
        make_comment(top.summary, f"Reply {n}", author=users[(n + 1) % 5], reply_to=top)
    assert queries() == with_one


def test_an_anonymous_reader_sees_a_new_comment_at_once_on_the_cached_page(summary, make_user):
    reader = csrf_client()
    assert reader.get(summary.paper.get_absolute_url()).status_code == 200
    cached = reader.get(summary.paper.get_absolute_url())
    assert "Fresh remark" not in cached.content.decode()
    csrf_post(csrf_client(make_user()), new_url(summary), {"body": "Fresh remark"}, form_page="/")
    assert "Fresh remark" in page_of(summary, reader)


def test_comments_count_towards_the_papers_most_discussed_order(summary, make_user):
    comment = make_comment(summary, "One", author=make_user())
    assert Paper.objects.get(pk=summary.paper_id).discussion_count == 1
    summary.is_private = True
    summary.save()
    assert Paper.objects.get(pk=summary.paper_id).discussion_count == 0
    summary.is_private = False
    summary.save()
    comment.delete()
    assert Paper.objects.get(pk=summary.paper_id).discussion_count == 0


def test_a_comment_shows_the_time_and_edited_mark_only_when_edited(summary, make_user):
    comment = make_comment(summary, "Fresh", author=make_user())
    html = page_of(summary)
    assert re.search(rf'id="comment-{comment.pk}".*?</article>', html, re.S).group(0).count("edited") == 0

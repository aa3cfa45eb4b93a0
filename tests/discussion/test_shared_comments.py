"""Comments on a private summary's share page: whoever opens the link reads them and, logged in, comments; nobody
else sees them (the paper page, the API, another user who never had the link)."""

import pytest

from discussion.models import Comment
from tests.builders import csrf_client, csrf_post, make_comment, make_paper, make_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def private(make_user):
    return make_summary(make_paper("Neural ODEs"), author=make_user("writer"), body="Draft.", is_private=True)


def new_url(summary):
    return f"/summaries/{summary.pk}/comments/new/"


def test_the_share_page_shows_the_comments_to_anyone_with_the_link(private, make_user, client):
    comment = make_comment(private, "Looks **right** to me", author=make_user("ada"))
    html = client.get(private.get_share_url()).content.decode()
    assert f'id="comment-{comment.pk}"' in html and "<strong>right</strong>" in html and "1 comment" in html
    login = f'/accounts/login/?next={private.get_share_url()}'
    assert f'href="{login}">Log in to comment</a>' in html


def test_a_logged_in_reader_with_the_link_comments_and_comes_back_to_the_share_page(private, make_user):
    client = csrf_client(make_user("reader"))
    response = csrf_post(client, new_url(private), {"body": "Is $x^2$ convex?"}, form_page=private.get_share_url())
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{private.get_share_url()}#comment-{comment.pk}"
    assert comment.body_html in client.get(private.get_share_url()).content.decode()
    edited = csrf_post(client, f"/comments/{comment.pk}/edit/", {"body": "Is $x^3$ convex?"})
    assert edited.status_code == 302 and "x^3" in Comment.objects.get().body
    reply = csrf_post(client, new_url(private), {"body": "And a reply", "reply_to": comment.pk})
    assert reply.status_code == 302 and Comment.objects.filter(thread=comment).exists()


def test_without_the_link_the_comments_and_the_form_stay_closed(private, make_user, client):
    make_comment(private, "Secret remark", author=make_user("ada"))
    assert "Secret remark" not in client.get(private.paper.get_absolute_url()).content.decode()
    outsider = csrf_client(make_user("outsider"))
    assert "Secret remark" not in outsider.get(private.paper.get_absolute_url()).content.decode()
    response = csrf_post(outsider, new_url(private), {"body": "Let me in"}, form_page="/")
    assert response.status_code == 404 and Comment.objects.count() == 1
    assert outsider.get(new_url(private)).status_code == 404
    assert client.get(f"/api/summaries/{private.pk}/comments/").status_code == 404


def test_the_writer_reads_the_comments_on_the_paper_page_and_the_share_page(private, make_user):
    make_comment(private, "Visible to the writer", author=make_user("ada"))
    writer = csrf_client(private.author)
    assert "Visible to the writer" in writer.get(private.paper.get_absolute_url()).content.decode()
    assert "Visible to the writer" in writer.get(private.get_share_url()).content.decode()


def test_a_hidden_summary_closes_its_share_page_and_its_comments(private, make_user):
    make_comment(private, "Under a hidden summary", author=make_user("ada"))
    reader = csrf_client(make_user("reader"))
    reader.get(private.get_share_url())  # opened while it was open
    type(private).objects.filter(pk=private.pk).update(is_hidden=True)
    assert reader.get(private.get_share_url()).status_code == 404
    response = csrf_post(reader, new_url(private), {"body": "Still here?"}, form_page="/")
    assert response.status_code == 404 and Comment.objects.count() == 1


def test_a_new_share_link_closes_the_old_one_for_commenting(private, make_user):
    import uuid

    reader = csrf_client(make_user("reader"))
    reader.get(private.get_share_url())
    type(private).objects.filter(pk=private.pk).update(share_token=uuid.uuid4())
    response = csrf_post(reader, new_url(private), {"body": "Old link"}, form_page="/")
    assert response.status_code == 404 and not Comment.objects.exists()

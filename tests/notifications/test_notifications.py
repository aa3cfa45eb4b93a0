"""Who is notified of what, the notifications page, the unread count in the header, follows, the private feed."""

import feedparser
import pytest

from notifications.models import Follow, MailPreferences, Notification
from tests.builders import (
    csrf_client,
    csrf_post,
    make_comment,
    make_paper,
    make_question,
    make_summary,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary(make_user):
    return make_summary(make_paper("Neural ODEs"), author=make_user("writer"), body="Continuous depth.")


def comment_via_site(user, summary, body="Nice", reply_to=None):
    data = {"body": body, **({"reply_to": reply_to.pk} if reply_to else {})}
    return csrf_post(csrf_client(user), f"/summaries/{summary.pk}/comments/new/", data, form_page="/accounts/login/")


def kinds(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_comment_notifies_the_summarys_writer_but_not_for_their_own(summary, make_user):
    comment_via_site(make_user("reader"), summary)
    comment_via_site(summary.author, summary, "Thanks")
    assert kinds(summary.author) == ["comment"]
    note = Notification.objects.get()
    assert note.sentence() == "reader commented on your summary of “Neural ODEs”"


def test_a_reply_notifies_the_answered_writer_once_even_when_they_also_wrote_the_summary(summary, make_user):
    top = make_comment(summary, "Question?", author=summary.author)
    reader = make_user("reader")
    comment_via_site(reader, summary, "Answer", reply_to=top)
    assert kinds(summary.author) == ["reply"]  # one notification for one event, the more precise kind
    ada = make_user("ada")
    second = make_comment(summary, "Me too", author=ada, reply_to=top)
    comment_via_site(reader, summary, "To Ada", reply_to=second)
    assert kinds(ada) == ["reply"] and kinds(summary.author) == ["reply", "reply"]


def test_answers_and_accepting_notify_the_asker_and_the_answerer(make_user):
    asker, helper = make_user("asker"), make_user("helper")
    question = make_question(make_paper(), author=asker)
    csrf_post(csrf_client(helper), f"/questions/{question.pk}/answers/new/", {"body": "Because."}, form_page="/")
    answer = question.answers.get()
    for _ in range(2):  # accept, unaccept, accept: told once
        csrf_post(csrf_client(asker), f"/answers/{answer.pk}/accept/", form_page="/")
    csrf_post(csrf_client(asker), f"/answers/{answer.pk}/accept/", form_page="/")
    assert kinds(asker) == ["answer"] and kinds(helper) == ["accepted"]


def test_followers_hear_of_a_new_public_summary_once_and_never_of_a_private_one(make_user):
    paper = make_paper("Attention", authors=["Ashish Vaswani"], venue=None)
    writer = make_user("writer")
    by_paper, by_author, by_user, nobody = (make_user() for _ in range(4))
    Follow.objects.create(follower=by_paper, paper=paper)
    Follow.objects.create(follower=by_author, author=paper.authors.get())
    Follow.objects.create(follower=by_user, user=writer)
    Follow.objects.create(follower=writer, paper=paper)  # their own summary: not told
    private = make_summary(paper, author=writer, is_private=True)
    assert not Notification.objects.exists()
    private.is_private = False
    private.save()
    private.save()  # saved again: nobody is told twice
    assert sorted(Notification.objects.values_list("recipient", flat=True)) == sorted(
        [by_paper.pk, by_author.pk, by_user.pk])
    assert not Notification.objects.filter(recipient__in=[writer, nobody]).exists()


def test_a_notification_about_something_hidden_or_made_private_disappears(summary, make_user):
    reader = make_user("reader")
    comment = make_comment(summary, "hi", author=reader)
    comment_via_site(make_user(), summary, "a public remark")
    Follow.objects.create(follower=reader, paper=summary.paper)
    other = make_summary(summary.paper, author=make_user(), body="Another")
    client = csrf_client(summary.author)
    assert "commented on your summary" in client.get("/notifications/").content.decode()
    assert Notification.objects.filter(recipient=reader, summary=other).exists()
    other.is_hidden = True
    other.save()
    assert "New summary" not in csrf_client(reader).get("/notifications/").content.decode()
    assert comment.pk


def test_the_notifications_page_lists_newest_first_marks_unread_and_marks_all_read(summary, make_user):
    comment_via_site(make_user("first"), summary)
    comment_via_site(make_user("second"), summary)
    client = csrf_client(summary.author)
    html = client.get("/notifications/").content.decode()
    assert html.index("second commented") < html.index("first commented")
    assert html.count("New:") == 2
    assert "Notifications <span class=\"unread-count\">(2 unread)</span>" in html
    response = csrf_post(client, "/notifications/read/")
    assert response.status_code == 302
    html = client.get("/notifications/").content.decode()
    assert "New:" not in html and "unread-count" not in html


def test_the_header_counts_only_unread_notifications_about_what_the_reader_may_still_see(summary, make_user):
    comment_via_site(make_user("first"), summary)
    comment_via_site(make_user("second"), summary)
    client = csrf_client(summary.author)
    assert "(2 unread)" in client.get("/").content.decode()
    hidden = summary.comments.get(author__username="second")
    hidden.is_hidden = True
    hidden.save()
    assert "(1 unread)" in client.get("/").content.decode()
    summary.comments.update(is_hidden=True)
    html = client.get("/").content.decode()  # unread rows remain, none of them visible
    assert Notification.objects.filter(recipient=summary.author, read_at=None).count() == 2
    assert "unread-count" not in html


def test_opening_a_notification_marks_it_read_and_goes_to_the_comment(summary, make_user):
    comment_via_site(make_user(), summary)
    note = Notification.objects.get()
    response = csrf_client(summary.author).get(f"/notifications/{note.pk}/")
    assert response["Location"] == f"{summary.paper.get_absolute_url()}#comment-{note.comment_id}"
    note.refresh_from_db()
    assert note.read_at is not None
    assert csrf_client(make_user()).get(f"/notifications/{note.pk}/").status_code == 404


def test_the_notifications_page_needs_a_login(client):
    response = client.get("/notifications/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_anonymous_pages_show_no_count_and_stay_the_same_for_everyone(summary, make_user):
    comment_via_site(make_user(), summary)
    first = csrf_client().get(summary.paper.get_absolute_url())
    second = csrf_client().get(summary.paper.get_absolute_url())
    assert first.content == second.content
    assert "Notifications" not in first.content.decode() and "csrfmiddlewaretoken" not in first.content.decode()
    assert "Log in to follow" in first.content.decode()


@pytest.mark.parametrize("kind", ["paper", "author", "venue", "user"])
def test_follow_and_unfollow_with_the_button_on_each_page(kind, summary, make_user):
    from papers.models import Venue

    paper = summary.paper
    paper.venue = Venue.objects.create(short_name="NIPS")
    paper.save()
    target, page = {
        "paper": (paper, paper.get_absolute_url()),
        "author": (paper.authors.get(), paper.authors.get().get_absolute_url()),
        "venue": (paper.venue, paper.venue.get_absolute_url()),
        "user": (summary.author, f"/users/{summary.author.username}/"),
    }[kind]
    reader = csrf_client(make_user("reader"))
    html = reader.get(page).content.decode()
    assert f'action="/follow/{kind}/{target.pk}/"' in html and ">Follow</button>" in html
    csrf_post(reader, f"/follow/{kind}/{target.pk}/", {"next": page}, form_page=page)
    assert Follow.objects.filter(**{kind: target}).count() == 1
    assert ">Unfollow</button>" in reader.get(page).content.decode()
    csrf_post(reader, f"/follow/{kind}/{target.pk}/", {"next": page}, form_page=page)
    assert not Follow.objects.exists()


def test_following_needs_a_login_and_oneself_cannot_be_followed(summary, make_user):
    anonymous = csrf_post(csrf_client(), f"/follow/paper/{summary.paper_id}/", {"next": "/"},
                          form_page="/accounts/login/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    me = csrf_client(summary.author)
    refused = csrf_post(me, f"/follow/user/{summary.author_id}/", {"next": "/"}, form_page="/")
    assert refused.status_code == 403 and "You cannot follow yourself." in refused.content.decode()
    assert not Follow.objects.exists()


def test_the_private_feed_lists_ones_notifications_and_its_address_can_be_replaced(summary, make_user):
    comment_via_site(make_user("reader"), summary)
    prefs = MailPreferences.of(summary.author)
    old = f"/notifications/feed/{prefs.feed_token}/"
    response = csrf_client().get(old)
    feed = feedparser.parse(response.content)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert [e.title for e in feed.entries] == ["reader commented on your summary of “Neural ODEs”"]
    client = csrf_client(summary.author)
    assert csrf_post(client, "/notifications/feed/regenerate/", form_page="/notifications/settings/").status_code == 302
    assert csrf_client().get(old).status_code == 404
    prefs.refresh_from_db()
    assert csrf_client().get(f"/notifications/feed/{prefs.feed_token}/").status_code == 200


def test_a_summary_restored_by_a_moderator_tells_who_followed_meanwhile_once(make_user):
    from summaries.services import summary_set_hidden

    paper = make_paper("Attention", authors=["Ashish Vaswani"], venue=None)
    early, late = make_user("early"), make_user("late")
    Follow.objects.create(follower=early, paper=paper)
    summary = make_summary(paper, author=make_user("writer"))
    assert kinds(early) == ["summary"]
    summary_set_hidden(summary=summary, hidden=True)
    Follow.objects.create(follower=late, author=paper.authors.get())
    summary_set_hidden(summary=summary, hidden=False)
    assert kinds(late) == ["summary"] and kinds(early) == ["summary"]  # the early follower is not told twice
    summary_set_hidden(summary=summary, hidden=True)
    summary_set_hidden(summary=summary, hidden=False)
    assert Notification.objects.count() == 2


def test_an_edit_of_a_public_summary_tells_nobody_not_even_new_followers(make_user):
    paper = make_paper("Attention", venue=None)
    summary = make_summary(paper, author=make_user("writer"))
    late = make_user("late")
    Follow.objects.create(follower=late, paper=paper)
    client = csrf_client(summary.author)
    response = csrf_post(client, f"/summaries/{summary.pk}/edit/", {"body": "Fixed a typo.", "is_private": ""})
    assert response.status_code == 302 and "typo" in type(summary).objects.get().body
    assert not Notification.objects.exists()


def test_an_edit_that_publishes_a_private_summary_tells_the_followers_then(make_user):
    paper = make_paper("Attention", authors=["Ashish Vaswani"], venue=None)
    writer, by_user = make_user("writer"), make_user("fan")
    summary = make_summary(paper, author=writer, is_private=True)
    Follow.objects.create(follower=by_user, user=writer)
    client = csrf_client(writer)
    csrf_post(client, f"/summaries/{summary.pk}/edit/", {"body": "Still a draft.", "is_private": "on"})
    assert not Notification.objects.exists()
    csrf_post(client, f"/summaries/{summary.pk}/edit/", {"body": "Ready.", "is_private": ""})
    assert kinds(by_user) == ["summary"]
    csrf_post(client, f"/summaries/{summary.pk}/edit/", {"body": "Private again.", "is_private": "on"})
    csrf_post(client, f"/summaries/{summary.pk}/edit/", {"body": "Public again.", "is_private": ""})
    assert kinds(by_user) == ["summary"]

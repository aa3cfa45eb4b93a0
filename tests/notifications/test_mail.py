"""Notification mail, against a real SMTP server: sent after the commit from a thread, never in the request's path,
with a one-click unsubscribe link and List-Unsubscribe; retried by `send_notifications`; daily digests."""

import time
from io import StringIO

import pytest
from django.core.management import call_command

from notifications.models import Follow, MailPreferences, Notification
from tests.builders import csrf_client, csrf_post, make_paper, make_summary

WRITE = {"body": "A summary of $\\int f$.", "is_private": ""}


def publish_summary(user, paper):
    url = f"/papers/{paper.pk}/{paper.slug}/summaries/new/"
    return csrf_post(csrf_client(user), url, WRITE)


@pytest.mark.django_db(transaction=True)
def test_following_an_author_brings_a_notification_and_a_mail_with_a_working_unsubscribe_link(
    make_user, smtp_server, mailer_threads, settings
):
    settings.NOTIFICATIONS_SEND_AFTER_COMMIT = True
    reader = make_user("reader")
    paper = make_paper("Neural ODEs", authors=["Ricky Chen"])
    author_page = "/authors/ricky-chen/"
    follow = csrf_post(csrf_client(reader), f"/follow/author/{paper.authorships.get().author_id}/",
                       {"next": author_page}, form_page=author_page)
    assert follow.status_code == 302 and follow["Location"] == author_page
    assert Follow.objects.filter(follower=reader).count() == 1

    assert publish_summary(make_user("writer"), paper).status_code == 302
    for thread in mailer_threads:
        thread.join(timeout=10)
    notification = Notification.objects.get(recipient=reader)
    assert notification.kind == "summary" and notification.mail == "sent"
    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "reader@example.org"
    assert mail["Subject"].strip() == "[ShortScience] New summary of “Neural ODEs” by writer"
    link = mail["List-Unsubscribe"].strip().strip("<>")  # long headers are folded after the colon
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in mail.get_content() and f"http://testserver{paper.get_absolute_url()}" in mail.get_content()

    # The link needs no login: the page asks once, the button (or a mail program's POST) unsubscribes.
    path = link.removeprefix("http://testserver")
    assert "Unsubscribe" in csrf_client().get(path).content.decode()
    done = csrf_client().post(path)
    assert done.status_code == 200 and "You are unsubscribed" in done.content.decode()
    assert MailPreferences.objects.get(user=reader).mail_summary is False
    assert csrf_client().post(path.replace(path.split("/")[-2], "forged"), follow=False).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_hanging_mail_server_does_not_hang_the_page_and_the_command_retries(
    make_user, hanging_smtp_server, mailer_threads, settings
):
    settings.NOTIFICATIONS_SEND_AFTER_COMMIT = True
    settings.NOTIFICATIONS_SMTP_TIMEOUT = 2
    reader = make_user("reader")
    paper = make_paper()
    Follow.objects.create(follower=reader, paper=paper)
    started = time.monotonic()
    assert publish_summary(make_user("writer"), paper).status_code == 302
    assert time.monotonic() - started < 1.5  # the SMTP timeout is 2 s: the page did not wait for the server
    for thread in mailer_threads:
        thread.join(timeout=10)
    assert hanging_smtp_server  # the thread did connect, and gave up after the timeout
    row = Notification.objects.get(recipient=reader)
    assert (row.mail, row.mail_attempts) == ("pending", 1)

    started = time.monotonic()
    call_command("send_notifications", stdout=StringIO())
    assert time.monotonic() - started < 6
    assert Notification.objects.get(pk=row.pk).mail_attempts == 2


@pytest.mark.django_db(transaction=True)
def test_the_command_sends_what_is_pending_once_and_skips_what_became_invisible(make_user, smtp_server):
    reader = make_user("reader")
    paper = make_paper()
    Follow.objects.create(follower=reader, paper=paper)
    make_summary(paper, "First", author=make_user())
    gone = make_summary(paper, "Second", author=make_user())
    gone.is_hidden = True
    gone.save()
    out = StringIO()
    call_command("send_notifications", stdout=out)
    call_command("send_notifications", stdout=out)
    assert "1 notification mail sent." in out.getvalue() and "0 notification mails sent." in out.getvalue()
    assert len(smtp_server.wait_for(1)) == 1
    assert Notification.objects.get(summary=gone).mail == "skipped"


@pytest.mark.django_db(transaction=True)
def test_the_daily_digest_sends_one_mail_for_many_events(make_user, smtp_server):
    reader = make_user("reader")
    MailPreferences.objects.create(user=reader, daily_digest=True)
    paper = make_paper("Attention")
    Follow.objects.create(follower=reader, paper=paper)
    for n in range(3):
        make_summary(paper, f"Summary {n}", author=make_user())
    assert set(Notification.objects.values_list("mail", flat=True)) == {"digest"}
    out = StringIO()
    call_command("send_notifications", "--digest", stdout=out)
    call_command("send_notifications", "--digest", stdout=out)  # at most one a day
    [digest] = smtp_server.wait_for(1)
    assert digest["Subject"].strip() == "[ShortScience] Your daily digest: 3 notifications"
    assert digest.get_content().count("New summary of “Attention”") == 3
    assert "all mail from ShortScience" in digest.get_content()


@pytest.mark.django_db
def test_a_kind_switched_off_in_the_preferences_is_not_mailed(make_user):
    reader = make_user("reader")
    client = csrf_client(reader)
    fields = {"mail_comment": "on", "mail_reply": "on", "mail_answer": "on", "mail_accepted": "on"}
    assert csrf_post(client, "/notifications/settings/", fields).status_code == 302
    paper = make_paper()
    Follow.objects.create(follower=reader, paper=paper)
    make_summary(paper, author=make_user())
    assert Notification.objects.get(recipient=reader).mail == "none"


@pytest.mark.django_db(transaction=True)
def test_a_summary_published_later_mails_its_followers_once_then(make_user, smtp_server, mailer_threads, settings):
    settings.NOTIFICATIONS_SEND_AFTER_COMMIT = True
    from summaries.services import summary_set_hidden

    paper = make_paper("Neural ODEs", authors=["Ricky Chen"])
    early, late = make_user("early"), make_user("late")
    Follow.objects.create(follower=early, author=paper.authorships.get().author)
    writer = make_user("writer")
    summary = make_summary(paper, author=writer, is_private=True)
    edit = f"/summaries/{summary.pk}/edit/"
    client = csrf_client(writer)
    assert csrf_post(client, edit, {"body": "Published by an edit.", "is_private": ""}).status_code == 302
    for thread in mailer_threads:
        thread.join(timeout=10)
    [first] = smtp_server.wait_for(1)
    assert first["To"] == "early@example.org" and "New summary of “Neural ODEs”" in first["Subject"]

    settings.NOTIFICATIONS_SEND_AFTER_COMMIT = False  # from here the command sends, in this thread
    csrf_post(client, edit, {"body": "An edit of the public summary.", "is_private": ""})
    summary.refresh_from_db()  # as the admin loads it
    summary_set_hidden(summary=summary, hidden=True)
    Follow.objects.create(follower=late, paper=paper)
    summary_set_hidden(summary=summary, hidden=False)  # visible again: the follower since then is told, once
    summary_set_hidden(summary=summary, hidden=True)
    summary_set_hidden(summary=summary, hidden=False)
    call_command("send_notifications", stdout=StringIO())
    smtp_server.wait_for(2)
    time.sleep(0.5)  # a second mail to anyone would have arrived by now
    assert sorted(m["To"] for m in smtp_server.messages) == ["early@example.org", "late@example.org"]
    assert Notification.objects.filter(mail="sent").count() == 2

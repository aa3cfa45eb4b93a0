"""An address its owner has not confirmed gets no notification mail (tested against a real SMTP server); once the
sign-up link is opened, mail flows."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from notifications.models import Follow, MailPreferences, Notification
from tests.builders import PASSWORD, csrf_client, csrf_post, make_paper, make_summary


@pytest.mark.django_db(transaction=True)
def test_a_new_account_gets_its_confirmation_link_and_notification_mail_only_after_opening_it(
    make_user, smtp_server, settings
):
    client = csrf_client()
    signup = {"username": "ada", "email": "ada@example.org", "password1": PASSWORD, "password2": PASSWORD}
    assert csrf_post(client, "/accounts/signup/", signup).status_code == 302
    [confirmation] = smtp_server.wait_for(1)
    assert confirmation["To"] == "ada@example.org"
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", confirmation.get_content())[1]

    reader = get_user_model().objects.get(username="ada")
    paper = make_paper("Attention")
    Follow.objects.create(follower=reader, paper=paper)
    make_summary(paper, "First.", author=make_user())
    call_command("send_notifications", stdout=StringIO())
    assert Notification.objects.get(recipient=reader).mail == "skipped"
    assert len(smtp_server.messages) == 1  # the confirmation link only

    assert "Your address is confirmed" in client.get(link).content.decode()
    make_summary(paper, "Second.", author=make_user())
    call_command("send_notifications", stdout=StringIO())
    messages = smtp_server.wait_for(2)
    assert len(messages) == 2 and messages[1]["To"] == "ada@example.org"
    assert "New summary" in messages[1]["Subject"]


@pytest.mark.django_db(transaction=True)
def test_an_unconfirmed_address_gets_no_daily_digest(make_user, smtp_server):
    reader = make_user("reader", confirmed=False)
    MailPreferences.objects.create(user=reader, daily_digest=True)
    paper = make_paper("Attention")
    Follow.objects.create(follower=reader, paper=paper)
    make_summary(paper, "A summary.", author=make_user())
    call_command("send_notifications", "--digest", stdout=StringIO())
    assert smtp_server.messages == []
    assert Notification.objects.get(recipient=reader).mail == "sent"  # seen on the site; no mail was due


@pytest.mark.django_db(transaction=True)
def test_an_address_changed_after_confirming_is_unconfirmed_again(make_user, smtp_server):
    reader = make_user("reader")
    reader.email = "elsewhere@example.org"
    reader.save()
    paper = make_paper("Attention")
    Follow.objects.create(follower=reader, paper=paper)
    make_summary(paper, "A summary.", author=make_user())
    call_command("send_notifications", stdout=StringIO())
    assert smtp_server.messages == []
    assert Notification.objects.get(recipient=reader).mail == "skipped"

"""The sign-up's confirmation link: signed, expiring after EMAIL_CONFIRMATION_DAYS, for the address it was sent to;
sent again from the profile page; existing accounts count as confirmed."""

import importlib
import re
import time

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail, signing

from accounts.confirmation import confirmation_token, has_confirmed_email
from accounts.models import Profile
from tests.builders import PASSWORD, csrf_client, csrf_post

pytestmark = pytest.mark.django_db

SIGNUP = {"username": "ada", "email": "ada@example.org", "password1": PASSWORD, "password2": PASSWORD}


def sign_up(django_capture_on_commit_callbacks):
    client = csrf_client()
    with django_capture_on_commit_callbacks(execute=True):
        assert csrf_post(client, "/accounts/signup/", SIGNUP).status_code == 302
    return client, get_user_model().objects.get(username="ada")


def link_in(message):
    return re.search(r"http://testserver(/accounts/confirm-email/\S+/)", message.body)[1]


def test_sign_up_mails_a_link_that_confirms_the_address(django_capture_on_commit_callbacks):
    client, user = sign_up(django_capture_on_commit_callbacks)
    assert not has_confirmed_email(user)
    [message] = mail.outbox
    assert message.to == ["ada@example.org"] and "within 3 days" in message.body
    assert "is not confirmed yet" in client.get("/accounts/profile/").content.decode()
    response = client.get(link_in(message))
    assert response.status_code == 200 and "Your address is confirmed" in response.content.decode()
    assert has_confirmed_email(user)
    assert "ada@example.org is confirmed" in client.get("/accounts/profile/").content.decode()
    assert csrf_client().get(link_in(message)).status_code == 200  # opening it again (another browser) is harmless


def test_an_expired_link_is_a_clear_400_page(make_user, monkeypatch):
    user = make_user("ada")
    token = confirmation_token(user)
    three_days_and_a_minute_later = time.time() + 3 * 24 * 3600 + 60
    monkeypatch.setattr(signing.time, "time", lambda: three_days_and_a_minute_later)
    response = csrf_client().get(f"/accounts/confirm-email/{token}/")
    assert response.status_code == 400 and "has expired" in response.content.decode()
    assert not has_confirmed_email(user)


@pytest.mark.parametrize("token", ["not-a-token", "eyJ1c2VyIjoxfQ:1abcde:forged-signature-value"])
def test_a_broken_or_forged_link_is_a_clear_400_page(make_user, token):
    user = make_user("ada")
    response = csrf_client().get(f"/accounts/confirm-email/{token}/")
    assert response.status_code == 400 and "not valid" in response.content.decode()
    assert not has_confirmed_email(user)


def test_a_link_for_an_address_the_account_no_longer_has_confirms_nothing(make_user):
    user = make_user("ada")
    token = confirmation_token(user)
    user.email = "new@example.org"
    user.save()
    response = csrf_client().get(f"/accounts/confirm-email/{token}/")
    assert response.status_code == 400 and "no longer has" in response.content.decode()
    assert not has_confirmed_email(user)


def test_the_link_can_be_sent_again_from_the_profile_page(make_user):
    user = make_user("ada")
    client = csrf_client(user)
    response = csrf_post(client, "/accounts/confirm-email/resend/", form_page="/accounts/profile/")
    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    [message] = mail.outbox
    assert message.to == ["ada@example.org"]
    client.get(link_in(message))
    csrf_post(client, "/accounts/confirm-email/resend/", form_page="/accounts/profile/")
    assert len(mail.outbox) == 1  # already confirmed: nothing more is sent
    assert "already confirmed" in client.get("/accounts/profile/").content.decode()


def test_resending_needs_a_logged_in_post_and_is_rate_limited(make_user, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "confirmation": "2/h"}
    assert csrf_client(make_user("ada")).get("/accounts/confirm-email/resend/").status_code == 405
    anonymous = csrf_client()
    assert csrf_post(anonymous, "/accounts/confirm-email/resend/", form_page="/accounts/login/")["Location"].startswith(
        "/accounts/login/")
    client = csrf_client(get_user_model().objects.get(username="ada"))
    statuses = [csrf_post(client, "/accounts/confirm-email/resend/", form_page="/accounts/profile/").status_code
                for _ in range(3)]
    assert statuses == [302, 302, 429] and len(mail.outbox) == 2


def test_existing_accounts_count_as_confirmed_after_the_migration(make_user):
    with_profile, without_profile = make_user("old"), make_user("older")
    Profile.objects.create(user=with_profile, display_name="Old")
    assert not has_confirmed_email(with_profile) and not has_confirmed_email(without_profile)
    migration = importlib.import_module("accounts.migrations.0003_existing_users_email_confirmed")
    migration.confirm_existing_addresses(apps, None)
    assert has_confirmed_email(with_profile) and has_confirmed_email(without_profile)
    assert Profile.objects.get(user=with_profile).display_name == "Old"

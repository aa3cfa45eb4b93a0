"""No user enumeration through sign-up or password reset; passwords are checked by Django's validators."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from tests.builders import PASSWORD, csrf_client, csrf_post

pytestmark = pytest.mark.django_db

SIGNUP = {"username": "ada", "email": "ada@example.org", "display_name": "", "password1": PASSWORD,
          "password2": PASSWORD}


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def sign_up(**fields):
    client = csrf_client()
    return client, csrf_post(client, "/accounts/signup/", {**SIGNUP, **fields})


def test_sign_up_with_an_email_in_use_looks_like_any_sign_up_and_mails_the_account_holder(
    make_user, django_capture_on_commit_callbacks
):
    make_user("grace").__class__.objects.filter(username="grace").update(email="Grace@Example.org")
    _, fresh = sign_up(username="newcomer", email="someone.new@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client, reused = sign_up(username="intruder", email="grace@example.org")
    assert (reused.status_code, reused["Location"]) == (fresh.status_code, fresh["Location"]) == (302, "/")
    assert "_auth_user_id" in client.session
    assert "already" not in client.get("/").content.decode()
    assert get_user_model().objects.filter(email__iexact="grace@example.org").count() == 2
    # The holder of the address hears about it; the person signing up learns nothing. (The address also gets the
    # new account's confirmation link, as any sign-up's address does: unopened, it confirms nothing.)
    notices = [m for m in mail.outbox if "uses your email address" in m.subject]
    assert len(notices) == 1 and len(mail.outbox) == 2
    message = notices[0]
    assert message.to == ["Grace@Example.org"]
    assert '"intruder"' in message.body and "Log in as grace" in message.body
    assert "http://testserver/accounts/password_reset/" in message.body


def test_a_fresh_email_gets_only_the_confirmation_link(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert sign_up()[1].status_code == 302
    assert [m.subject for m in mail.outbox] == ["Confirm your email address for ShortScience"]


def test_password_reset_says_the_same_for_known_and_unknown_addresses(make_user):
    make_user("grace")
    pages = []
    for email in ["grace@example.org", "nobody@example.org"]:
        client = csrf_client()
        response = csrf_post(client, "/accounts/password_reset/", {"email": email})
        assert response.status_code == 302 and response["Location"] == "/accounts/password_reset/done/"
        pages.append(client.get(response["Location"]).content.decode())
    assert pages[0] == pages[1]
    assert "If an account uses that address" in pages[0]
    assert [m.to for m in mail.outbox] == [["grace@example.org"]]


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1!", "This password is too short. It must contain at least 8 characters."),
        ("password123", "This password is too common."),
        ("83729104658", "This password is entirely numeric."),
        ("ada.lovelace.x", "The password is too similar to the username."),
    ],
)
def test_weak_passwords_are_refused_at_sign_up_and_the_rest_is_kept(password, message):
    _, response = sign_up(username="ada.lovelace", password1=password, password2=password)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="ada.lovelace"' in html and 'value="ada@example.org"' in html
    assert not get_user_model().objects.filter(username="ada.lovelace").exists()

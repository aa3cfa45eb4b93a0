"""Sign-up, log in and out, passwords, profiles and the sign-up rate limit, through forms with CSRF checks on."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings

from accounts.forms import SignUpForm
from accounts.models import Profile
from summaries.models import Vote
from tests.builders import PASSWORD, csrf_client, csrf_post, make_paper, make_summary

pytestmark = pytest.mark.django_db

SIGNUP = {
    "username": "ada",
    "email": "ada@example.org",
    "display_name": "Ada Lovelace",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def test_sign_up_creates_the_user_and_profile_logs_in_and_returns_to_next():
    client = csrf_client()
    response = csrf_post(client, "/accounts/signup/", {**SIGNUP, "next": "/venues/"})
    assert response.status_code == 302 and response["Location"] == "/venues/"
    user = get_user_model().objects.get(username="ada")
    assert user.profile.display_name == "Ada Lovelace"
    page = client.get("/").content.decode()
    assert 'href="/users/ada/">ada</a>' in page and "Log out" in page


def test_sign_up_errors_keep_what_was_typed():
    client = csrf_client()
    response = csrf_post(client, "/accounts/signup/", {**SIGNUP, "password2": "something else entirely"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The two password fields didn’t match." in html
    assert 'value="ada"' in html and 'value="ada@example.org"' in html and 'value="Ada Lovelace"' in html
    assert not get_user_model().objects.exists()


def sign_up_racing_another(monkeypatch, *, after_form=False, after_service_checks=False):
    """Post SIGNUP while another sign-up of "ada" commits after this one's form validated the username, or later,
    between the service's full_clean and its save (where only the database's unique index can refuse it)."""
    User = get_user_model()

    def other_sign_up():
        User.objects.bulk_create([User(username="ada", email="other@example.org")])

    if after_form:
        is_valid = SignUpForm.is_valid
        monkeypatch.setattr(SignUpForm, "is_valid", lambda form: is_valid(form) and (other_sign_up() or True))
    if after_service_checks:
        full_clean = User.full_clean

        def full_clean_then_other_sign_up(user, *args, **kwargs):
            full_clean(user, *args, **kwargs)
            if kwargs.get("exclude") == ["password"]:  # the service's call, not the form's
                other_sign_up()

        monkeypatch.setattr(User, "full_clean", full_clean_then_other_sign_up)
    response = csrf_post(csrf_client(), "/accounts/signup/", SIGNUP)
    html = response.content.decode()
    assert response.status_code == 400 and "A user with that username already exists." in html
    assert 'value="ada@example.org"' in html and 'value="Ada Lovelace"' in html
    assert not User.objects.filter(email="ada@example.org").exists() and not Profile.objects.exists()


def test_a_username_taken_after_the_form_checked_it_is_a_form_error(monkeypatch):
    sign_up_racing_another(monkeypatch, after_form=True)
    assert get_user_model().objects.get().email == "other@example.org"


def test_a_username_taken_between_the_checks_and_the_save_is_a_form_error(monkeypatch):
    # (The other row is rolled back with this request's transaction here: both share the test's connection.)
    sign_up_racing_another(monkeypatch, after_service_checks=True)


def test_sign_up_without_csrf_token_is_refused():
    response = csrf_client().post("/accounts/signup/", SIGNUP)
    assert response.status_code == 403
    assert not get_user_model().objects.exists()


@override_settings(RATELIMITS={"signup": "2/h"})
def test_too_many_sign_ups_from_one_ip_get_a_429_page():
    for n in range(2):
        response = csrf_post(csrf_client(), "/accounts/signup/", {**SIGNUP, "username": f"u{n}",
                                                                   "email": f"u{n}@example.org"})
        assert response.status_code == 302
    response = csrf_post(csrf_client(), "/accounts/signup/", {**SIGNUP, "username": "u3", "email": "u3@example.org"})
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode() and "2 per hour" in response.content.decode()
    assert get_user_model().objects.count() == 2


def test_login_form_sends_the_user_back_to_where_they_were(make_user):
    make_user("grace")
    client = csrf_client()
    response = csrf_post(client, "/accounts/login/", {"username": "grace", "password": PASSWORD, "next": "/venues/"},
                         form_page="/accounts/login/?next=/venues/")
    assert response.status_code == 302 and response["Location"] == "/venues/"
    assert "_auth_user_id" in client.session


def test_wrong_password_keeps_the_username(make_user):
    make_user("grace")
    response = csrf_post(csrf_client(), "/accounts/login/", {"username": "grace", "password": "nope"})
    assert response.status_code == 200  # Django's LoginView re-renders the form
    html = response.content.decode()
    assert "Please enter a correct username and password" in html and 'value="grace"' in html


def test_logout_is_a_post_form(make_user):
    client = csrf_client(make_user("grace"))
    assert client.get("/accounts/logout/").status_code == 405
    response = csrf_post(client, "/accounts/logout/", form_page="/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change(make_user):
    user = make_user("grace")
    client = csrf_client(user)
    response = csrf_post(client, "/accounts/password_change/", {
        "old_password": PASSWORD, "new_password1": "a different long passphrase", "new_password2":
        "a different long passphrase",
    })
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a different long passphrase")


def test_password_reset_mails_a_link_that_sets_a_new_password(make_user):
    user = make_user("grace")
    client = csrf_client()
    response = csrf_post(client, "/accounts/password_reset/", {"email": "grace@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["grace@example.org"]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]  # Django swaps the token for a session and redirects
    response = csrf_post(client, form_url, {"new_password1": "brand new passphrase 42",
                                            "new_password2": "brand new passphrase 42"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand new passphrase 42")


def test_profile_page_shows_name_bio_public_summaries_and_votes_received(client, make_user):
    author = make_user("ada")
    Profile.objects.create(user=author, display_name="Ada Lovelace", bio="Writes about engines.")
    public = make_summary(make_paper("Public paper"), author=author)
    make_summary(make_paper("Private paper"), author=author, is_private=True)
    make_summary(make_paper("Hidden paper"), author=author, is_hidden=True)
    for voter, value in [(make_user(), 1), (make_user(), 1), (make_user(), -1)]:
        Vote.objects.create(user=voter, summary=public, value=value)
    html = client.get("/users/ada/").content.decode()
    assert "<h1 id=\"profile-name\">Ada Lovelace</h1>" in html and "Writes about engines." in html
    assert "Public paper" in html
    assert "Private paper" not in html and "Hidden paper" not in html
    assert "1 (2 up, 1 down)" in html


def test_profile_page_teasers_are_the_stored_excerpts_with_formulas_as_tex(client, make_user):
    author = make_user("ada")
    body = "## Idea\n\nThe **derivative** is $x_{n+1}$. " + "word " * 60
    summary = make_summary(make_paper("Public paper"), author=author, body=body)
    html = client.get("/users/ada/").content.decode()
    assert summary.excerpt.startswith("Idea The derivative is $x_{n+1}$. word")
    assert f'<p class="teaser">{summary.excerpt}</p>' in html


def test_unknown_user_profile_is_404(client):
    assert client.get("/users/nobody/").status_code == 404


def test_profile_edit_needs_login_and_saves(make_user):
    assert csrf_client().get("/accounts/profile/")["Location"] == "/accounts/login/?next=/accounts/profile/"
    user = make_user("ada")
    client = csrf_client(user)
    response = csrf_post(client, "/accounts/profile/", {"display_name": "Countess", "bio": "Notes."})
    assert response.status_code == 302
    assert "Countess" in client.get("/users/ada/").content.decode()


def test_the_display_name_is_the_byline_of_their_summaries_everywhere_at_once(client, make_user):
    user = make_user("ada", first_name="Augusta", last_name="King")
    paper = make_paper("Notes on the engine")
    make_summary(paper, author=user)
    assert "Summary by" in client.get(paper.get_absolute_url()).content.decode()
    assert "Augusta King" in client.get(paper.get_absolute_url()).content.decode()  # no display name yet: full name
    response = csrf_post(csrf_client(user), "/accounts/profile/", {"display_name": "Ada Lovelace", "bio": ""})
    assert response.status_code == 302
    for url in [paper.get_absolute_url(), "/", "/feeds/latest/"]:  # pages cached before the change included
        html = client.get(url).content.decode()
        assert "Ada Lovelace" in html and "Augusta King" not in html, url
    assert client.get("/api/summaries/").json()["results"][0]["byline"] == "Ada Lovelace"


def test_the_log_in_link_on_the_log_in_page_keeps_where_it_was_leading(client):
    html = client.get("/accounts/login/?next=/venues/").content.decode()
    assert 'href="/accounts/login/?next=/venues/">Log in</a>' in html
    assert "next=/accounts/login/" not in html  # a link back to the log-in page itself, in a loop
    assert 'href="/accounts/login/">Log in</a>' in client.get("/accounts/signup/").content.decode()
    assert 'href="/accounts/login/?next=/venues/">Log in</a>' in client.get("/venues/").content.decode()

"""Password guessing: repeated failed logins lock the username or the client; successful logins are not counted."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.builders import PASSWORD, csrf_client, csrf_post

pytestmark = pytest.mark.django_db

LOCKED_TEXT = "Too many failed log-in attempts"


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def log_in(username, password, ip="203.0.113.7", url="/accounts/login/"):
    client = csrf_client()
    return client, csrf_post(client, url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_wrong_passwords_lock_the_username_with_a_429_that_keeps_it(make_user):
    make_user("grace")
    for _ in range(5):
        _, response = log_in("grace", "wrong guess")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()
    client, response = log_in("grace", PASSWORD)  # even the right password waits out the lockout
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED_TEXT in html and "Try again in 15 minute(s)" in html and 'value="grace"' in html
    assert 800 < int(response["Retry-After"]) <= 900
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_username_and_other_accounts_can_still_log_in(make_user):
    make_user("grace")
    make_user("alan")
    for n in range(5):
        log_in("grace", "wrong guess", ip=f"198.51.100.{n}")  # from different addresses
    assert log_in("grace", PASSWORD, ip="192.0.2.1")[1].status_code == 429
    client, response = log_in("alan", PASSWORD, ip="192.0.2.1")
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_a_username_that_does_not_exist_is_locked_the_same_way(make_user):
    """Otherwise the lockout would tell which usernames have accounts."""
    for _ in range(5):
        assert log_in("nobody-here", "wrong guess")[1].status_code == 200
    assert log_in("nobody-here", "wrong guess")[1].status_code == 429


def test_the_username_lock_ignores_case_and_surrounding_spaces(make_user):
    make_user("grace")
    for variant in ["grace", "GRACE", "Grace", "grace ", "gRaCe"]:
        log_in(variant, "wrong guess")
    assert log_in("grace", PASSWORD)[1].status_code == 429


def test_many_failures_from_one_address_lock_it_for_every_username(make_user):
    make_user("grace")
    for n in range(20):  # password spraying: one guess each at many usernames
        log_in(f"someone{n}", "Winter2024!", ip="203.0.113.99")
    assert log_in("grace", PASSWORD, ip="203.0.113.99")[1].status_code == 429
    assert log_in("grace", PASSWORD, ip="203.0.113.100")[1].status_code == 302


def test_successful_logins_are_not_counted_and_clear_the_usernames_failures(make_user):
    make_user("grace")
    for _ in range(4):
        log_in("grace", "wrong guess")
    assert log_in("grace", PASSWORD)[1].status_code == 302
    for _ in range(4):
        log_in("grace", "wrong guess")
    for _ in range(10):
        assert log_in("grace", PASSWORD)[1].status_code == 302


def test_the_lock_expires_after_the_lockout_period(make_user, monkeypatch):
    make_user("grace")
    for _ in range(5):
        log_in("grace", "wrong guess")
    assert log_in("grace", PASSWORD)[1].status_code == 429
    # The lock stores when it ends; 15 minutes later it is over (and the cache entry would be gone too).
    import accounts.login_throttle as throttle

    real_time = throttle.time.time
    monkeypatch.setattr(throttle.time, "time", lambda: real_time() + 15 * 60 + 1)
    assert log_in("grace", PASSWORD)[1].status_code == 302


@override_settings(LOGIN_LOCKOUT={"failures_per_username": 2, "failures_per_ip": 50})
def test_the_admin_login_has_the_same_lockout(make_user):
    make_user("boss", is_staff=True, is_superuser=True)
    for _ in range(2):
        _, response = log_in("boss", "wrong guess", url="/admin/login/")
        assert response.status_code == 200 and LOCKED_TEXT not in response.content.decode()
    client, response = log_in("boss", PASSWORD, url="/admin/login/")
    assert LOCKED_TEXT in response.content.decode()
    assert "_auth_user_id" not in client.session

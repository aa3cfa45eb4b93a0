"""The client's address behind trusted proxies: X-Forwarded-For only as far as a trusted proxy wrote it."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings

from infra.client_ip import client_ip
from tests.builders import PASSWORD, csrf_client, csrf_post

NGINX = "127.0.0.1"
BEHIND_NGINX = override_settings(TRUSTED_PROXIES=[NGINX, "10.0.0.0/8", "2001:db8:ffff::/48"])


def address(remote_addr, forwarded_for=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client_ip(RequestFactory().get("/", **extra))


def test_without_trusted_proxies_the_header_is_ignored():
    assert address("203.0.113.7", "198.51.100.1") == "203.0.113.7"
    assert address(NGINX, "198.51.100.1") == NGINX


@BEHIND_NGINX
def test_behind_a_trusted_proxy_the_client_is_the_address_it_appended():
    assert address(NGINX, "198.51.100.1") == "198.51.100.1"
    assert address(NGINX, "198.51.100.1:51234") == "198.51.100.1"
    assert address(NGINX, "[2001:db8::7]:443") == "2001:db8::7"


@BEHIND_NGINX
def test_a_forged_header_cannot_choose_the_address():
    # The client sent "X-Forwarded-For: 192.0.2.66"; nginx appended the address it saw.
    assert address(NGINX, "192.0.2.66, 198.51.100.1") == "198.51.100.1"
    # Claiming to be a trusted proxy does not help either: the right-most untrusted hop is the client.
    assert address(NGINX, "192.0.2.66, 10.1.2.3, 198.51.100.1") == "198.51.100.1"
    assert address(NGINX, "not-an-address, 198.51.100.1") == "198.51.100.1"


@BEHIND_NGINX
def test_trusted_hops_are_skipped_from_the_right():
    # A load balancer (10.0.0.5) in front of nginx: both trusted, so the client is the hop before them.
    assert address(NGINX, "198.51.100.1, 10.0.0.5") == "198.51.100.1"
    assert address(NGINX, "2001:db8::1, 2001:db8:ffff::9, ::ffff:10.0.0.5") == "2001:db8::1"
    # Trusted proxies all the way: the left-most is the nearest to the client anyone knows.
    assert address(NGINX, "10.0.0.9, 10.0.0.5") == "10.0.0.9"
    assert address(NGINX) == NGINX
    assert address(NGINX, "") == NGINX


@BEHIND_NGINX
def test_a_request_from_an_untrusted_peer_is_that_peer_whatever_it_forwards():
    assert address("203.0.113.7", "198.51.100.1") == "203.0.113.7"
    assert address("::ffff:203.0.113.7", "198.51.100.1") == "203.0.113.7"


def test_no_remote_address_at_all():
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_ip(request) == "unknown"


def test_a_trusted_proxy_that_is_no_address_stops_the_site():
    with override_settings(TRUSTED_PROXIES=["nginx.internal"]), pytest.raises(ImproperlyConfigured):
        address(NGINX, "198.51.100.1")


@pytest.mark.django_db
@BEHIND_NGINX
def test_the_login_lockout_counts_the_forwarded_client_not_the_proxy(make_user):
    """20 failed logins from one client behind nginx lock that client, not everyone behind the same nginx."""
    cache.clear()
    make_user("grace")
    for n in range(20):
        csrf_post(csrf_client(), "/accounts/login/", {"username": f"someone{n}", "password": "Winter2024!"},
                  REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="198.51.100.1")

    def log_in(forwarded_for):
        return csrf_post(csrf_client(), "/accounts/login/", {"username": "grace", "password": PASSWORD},
                         REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=forwarded_for)

    assert log_in("198.51.100.1").status_code == 429
    assert log_in("198.51.100.1, 198.51.100.2").status_code == 302  # another client, maybe forging
    assert log_in("198.51.100.2, 198.51.100.1").status_code == 429  # forging another's address changes nothing
    cache.clear()

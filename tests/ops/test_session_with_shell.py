"""infra.sessions, the session engine with Redis, against a real redis-server: a logged-in reader's page from its
stored shell reads the reader's session and the shell in one round trip to Redis, and everything a session does
otherwise is Django's cached_db (the same cache keys, the row behind them, logging out)."""

import importlib

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.core.cache import cache
from django.test import Client

from infra import cache as resilient
from infra.sessions import SessionStore
from summaries.services import summary_vote
from tests.builders import PASSWORD, csrf_client, csrf_post, make_paper, make_summary, make_venue

pytestmark = pytest.mark.django_db
READS = ("get", "mget")


@pytest.fixture
def redis_sessions(redis_server, settings):
    """Production's cache and session engine (shortscience.settings with REDIS_URL)."""
    settings.CACHES = {"default": {"BACKEND": "infra.cache.ResilientRedisCache", "LOCATION": redis_server.url}}
    settings.SESSION_ENGINE = "infra.sessions"
    resilient._down_until.clear()
    cache.clear()
    return redis_server


@pytest.fixture
def paper():
    paper = make_paper("Neural Ordinary Differential Equations", venue=make_venue("NIPS"), authors=["Ricky Chen"])
    make_summary(paper, "Continuous-depth residual networks.")
    return paper


def read_commands(server, request):
    """(the response, how many reading commands it sent to Redis)."""
    with server.client() as client:
        client.config_resetstat()
        response = request()
        stats = client.info("commandstats")
    return response, sum(stats.get(f"cmdstat_{name}", {}).get("calls", 0) for name in READS)


@pytest.mark.parametrize("url", ["paper", "/venues/nips/2018/", "/"])
def test_a_page_from_its_shell_reads_the_session_and_the_shell_in_one_round_trip(
    redis_sessions, paper, make_user, url
):
    url = paper.get_absolute_url() if url == "paper" else url
    client = Client()
    client.force_login(make_user(username="grace"))
    assert client.get(url)["X-Page-Cache"] == "shell-miss"
    response, reads = read_commands(redis_sessions, lambda: client.get(url))
    assert response["X-Page-Cache"] == "shell" and "grace" in response.content.decode()
    assert reads == 1  # with cached_db: the session, then the shell


def test_the_reader_is_signed_in_when_the_cache_has_lost_their_session(redis_sessions, paper, make_user):
    client = Client()
    client.force_login(make_user(username="grace"))
    client.get(paper.get_absolute_url())
    cache.delete(KEY_PREFIX + client.cookies[django_settings.SESSION_COOKIE_NAME].value)
    response = client.get(paper.get_absolute_url())
    assert response["X-Page-Cache"] == "shell" and "grace" in response.content.decode()  # read from the row
    assert cache.get(KEY_PREFIX + client.cookies[django_settings.SESSION_COOKIE_NAME].value) is not None  # and cached


def test_sessions_signed_in_with_djangos_cached_db_stay_signed_in(redis_sessions, paper, make_user):
    """Sessions made before the switch, by Django's cached_db engine (in Redis and in the row), are read by ours."""
    grace = make_user(username="grace")
    old = importlib.import_module("django.contrib.sessions.backends.cached_db").SessionStore()
    old.update({SESSION_KEY: str(grace.pk), BACKEND_SESSION_KEY: "accounts.backends.AccountBackend",
                HASH_SESSION_KEY: grace.get_session_auth_hash()})
    old.create()
    assert cache.get(SessionStore(old.session_key).unread_cache_key())[SESSION_KEY] == str(grace.pk)  # the same key
    client = Client()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = old.session_key
    for served in ("shell-miss", "shell"):
        response = client.get(paper.get_absolute_url())
        assert response["X-Page-Cache"] == served and "grace" in response.content.decode()


def test_logging_out_ends_the_session_for_the_shell_too(redis_sessions, paper, make_user):
    make_user(username="grace")
    client = csrf_client()
    assert csrf_post(client, "/accounts/login/", {"username": "grace", "password": PASSWORD}).status_code == 302
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    for _ in range(2):
        assert "grace" in client.get(paper.get_absolute_url()).content.decode()
    assert csrf_post(client, "/accounts/logout/", form_page=paper.get_absolute_url()).status_code == 302
    stale = Client()
    stale.cookies[django_settings.SESSION_COOKIE_NAME] = cookie  # the old cookie, kept
    assert "grace" not in stale.get(paper.get_absolute_url()).content.decode()


def test_a_shell_hit_leaves_a_session_changed_elsewhere_as_it_is(redis_sessions, paper, make_user):
    client = Client()
    client.force_login(make_user(username="grace"))
    client.get(paper.get_absolute_url())
    session = SessionStore(client.cookies[django_settings.SESSION_COOKIE_NAME].value)
    session["theme"] = "dark"
    session.save()
    client.get(paper.get_absolute_url())
    assert SessionStore(session.session_key)["theme"] == "dark"


def test_a_handed_copy_is_used_once_and_only_for_its_session(redis_sessions, make_user):
    store = SessionStore()
    store["seen"] = "stored"
    store.save()
    key = store.session_key
    handed = SessionStore(key)
    assert handed.unread_cache_key() == KEY_PREFIX + key
    handed.hand({"seen": "handed"})
    assert handed["seen"] == "handed" and handed.unread_cache_key() is None  # read: nothing more to hand
    missing = SessionStore(key)
    missing.hand(None)  # the cache had none: read as cached_db reads it
    assert missing["seen"] == "stored"
    other = SessionStore(key)
    other.hand({"seen": "handed"})
    other.cycle_key()  # keeps the data it loaded, under a new key
    assert other["seen"] == "handed"
    assert SessionStore(other.session_key)["seen"] == "handed"
    assert SessionStore().unread_cache_key() is None  # a new session has nothing to read


def test_a_page_keeps_one_shell_which_follows_its_versions(redis_sessions, paper, make_user):
    """A shell is stored under its page's URL with the versions it was rendered at: a write re-renders it in place."""
    url = paper.get_absolute_url()
    client = Client()
    client.force_login(make_user(username="grace"))
    assert client.get(url)["X-Page-Cache"] == "shell-miss"
    summary_vote(summary=paper.summaries.get(), user=make_user(username="voter"), value=1)
    response = client.get(url)
    assert response["X-Page-Cache"] == "shell-miss" and "score <strong>1</strong>" in response.content.decode()
    assert client.get(url)["X-Page-Cache"] == "shell"
    with redis_sessions.client() as redis:
        assert len(redis.keys("*shell:*")) == 1

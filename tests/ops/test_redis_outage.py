"""Redis stopping, hanging and coming back, against a real redis-server: the site degrades to per-process caching
(infra.cache.ResilientRedisCache) instead of answering 500, and caches in Redis again by itself."""

import time

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from infra import cache as resilient
from infra.ratelimit import hit


@pytest.fixture
def redis_cache(redis_server, settings):
    """The default cache is the Redis one, as production configures it (shortscience.settings)."""
    if redis_server.process is None:
        redis_server.start()
    settings.CACHES = {"default": {
        "BACKEND": "infra.cache.ResilientRedisCache",
        "LOCATION": redis_server.url,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }}
    resilient._down_until.clear()
    cache.clear()
    yield redis_server
    if redis_server.process is None:
        redis_server.start()
    redis_server.resume()
    resilient._down_until.clear()


def keys_in_redis(server):
    with server.client() as client:
        return {key.decode() for key in client.keys("*")}


def test_values_are_kept_in_redis_while_it_answers(redis_cache):
    cache.set("greeting", "hello")
    assert cache.get("greeting") == "hello"
    assert ":1:greeting" in keys_in_redis(redis_cache)


def test_with_redis_stopped_the_cache_is_this_process_memory_without_waiting(redis_cache):
    cache.set("before", "in redis")
    redis_cache.stop()
    started = time.monotonic()
    assert cache.get("before") is None  # a miss, not an error
    cache.set("during", "in memory")
    assert cache.get("during") == "in memory"
    assert cache.add("counter", 0) and cache.incr("counter") == 1 and cache.incr("counter", 5) == 6
    assert cache.get_or_set("computed", lambda: 42) == 42
    cache.delete("during")
    assert cache.get("during") is None
    assert time.monotonic() - started < 0.5


def test_pages_and_rate_limits_work_with_redis_stopped_and_redis_is_used_again_when_it_is_back(
    redis_cache, nips2018, monkeypatch
):
    redis_cache.stop()
    client = Client(raise_request_exception=False)
    for path in ["/", "/venues/nips/", "/accounts/login/"]:
        assert client.get(path).status_code == 200, path
    with override_settings(RATELIMITS={"signup": "2/h"}):
        request = Client().get("/accounts/signup/").wsgi_request
        assert [hit(request, "signup") for _ in range(3)] == [False, False, True]  # counted in this process

    redis_cache.start()
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 0.2)
    resilient._down_until[redis_cache.url] = time.monotonic() + 0.2
    time.sleep(0.25)
    assert client.get("/venues/").status_code == 200
    assert any(key.startswith(":1:page:") for key in keys_in_redis(redis_cache)), "pages are not cached in Redis"


def test_a_hung_redis_costs_one_timeout_then_is_left_alone_until_the_retry(redis_cache):
    cache.set("before", "in redis")
    redis_cache.pause()
    try:
        started = time.monotonic()
        assert cache.get("before") is None
        first = time.monotonic() - started
        started = time.monotonic()
        for n in range(20):
            cache.set(f"key{n}", n)
            assert cache.get(f"key{n}") == n
        later = time.monotonic() - started
    finally:
        redis_cache.resume()
    assert 0.4 < first < 1.5, f"the first call waited {first:.2f}s (socket timeout 0.5 s)"
    assert later < 0.2, f"40 calls took {later:.2f}s while Redis was known to hang"


def test_an_outage_is_logged_when_it_starts_and_when_it_ends(redis_cache, caplog, monkeypatch):
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 0.1)
    redis_cache.stop()
    for _ in range(5):
        cache.get("anything")
    redis_cache.start()
    time.sleep(0.15)
    cache.get("anything")
    messages = [record.getMessage() for record in caplog.records if record.name == "infra.cache"]
    assert len(messages) == 2, messages
    assert "does not answer" in messages[0] and "answers again" in messages[1]

"""Django's Redis cache, made so that Redis going away is not an outage of the site.

Django's RedisCache raises on a connection error, so a Redis restart turned every page into a 500. Here every
cache call that finds Redis refusing or timing out (socket timeouts in settings.CACHES, half a second) falls back
to this process's memory, as if REDIS_URL were not set:
- pages are rendered and cached per process (the page cache keys pages by the catalogue version, so nothing stale
  is served from either);
- rate limits and the login lockout count per process: looser by the number of app processes during the outage,
  but never off and never locking everyone out (they fail soft, neither open nor closed); lockouts counted in Redis
  before the outage are not seen until it returns.
After a failure Redis is left alone for RETRY_SECONDS (a hung Redis costs one request per thread a timeout, not
every cache call), then tried again: caching in Redis resumes by itself. Each outage is logged when it starts and
when it ends.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 1.0
REDIS_DOWN_ERRORS = (RedisConnectionError, RedisTimeoutError)  # BusyLoadingError (a restart) is a ConnectionError
FALLBACK_MAX_ENTRIES = 2000

# Redis location -> time.monotonic() until which it is not tried; shared by the threads of a process (Django keeps
# one cache object per thread).
_down_until: dict[str, float] = {}


class ResilientRedisCache(RedisCache):
    """RedisCache that degrades to a per-process LocMemCache while Redis does not answer."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = ",".join(self._servers)
        fallback_params = {**params, "OPTIONS": {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES}}
        self._fallback = LocMemCache(f"redis-fallback:{self._location}", fallback_params)

    def _call(self, name, *args, **kwargs):
        down_until = _down_until.get(self._location)
        if down_until is None or time.monotonic() >= down_until:
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except REDIS_DOWN_ERRORS as exc:
                if down_until is None:
                    logger.error("Redis at %s does not answer (%s): caching in this process's memory", self._location,
                                 exc)
                _down_until[self._location] = time.monotonic() + RETRY_SECONDS
            else:
                if down_until is not None and _down_until.pop(self._location, None) is not None:
                    logger.warning("Redis at %s answers again: caching there", self._location)
                    self._fallback.clear()
                return result
        return getattr(self._fallback, name)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        return self._call("clear")

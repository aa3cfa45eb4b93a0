"""The session store with a shared cache (settings.SESSION_ENGINE when REDIS_URL is set): Django's cached_db, whose
cached copy a caller can read in the same round trip as keys of its own (`get_many_with_session`).

A logged-in reader's page from a stored shell reads two things from the cache: the reader's session and the page's
shell (pagecache). Read one after the other, they were two round trips to Redis, a quarter of the Redis time of
such a page; read together, one. Everything else is cached_db's: the same cache keys, the database row behind
the copy, the same expiry, so switching engines signs nobody out.
"""

from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.core.cache import DEFAULT_CACHE_ALIAS, cache


class SessionStore(cached_db.SessionStore):
    _handed = None  # (session key, the copy a caller read from the cache), until load() takes it
    _loaded = False

    def unread_cache_key(self):
        """The cache key of this session's copy while nothing has read it yet (a session from a cookie), else None."""
        if self.session_key is None or self._loaded:
            return None
        return self.cache_key

    def hand(self, data):
        """Take the copy of this session a caller read at unread_cache_key(); None when the cache has none."""
        self._handed = (self.session_key, data)

    def load(self):
        self._loaded = True
        handed, self._handed = self._handed, None
        if handed is not None and handed[0] == self.session_key and handed[1] is not None:
            return handed[1]
        return super().load()  # not handed, or not in the cache: from the cache, else the database, as cached_db


def get_many_with_session(request, keys):
    """cache.get_many(keys), reading the request's session in the same round trip when it is still unread and cached
    in the same cache."""
    session = getattr(request, "session", None)
    session_key = None
    if isinstance(session, SessionStore) and settings.SESSION_CACHE_ALIAS == DEFAULT_CACHE_ALIAS:
        session_key = session.unread_cache_key()
    if session_key is None:
        return cache.get_many(keys)
    found = cache.get_many([*keys, session_key])
    session.hand(found.pop(session_key, None))
    return found

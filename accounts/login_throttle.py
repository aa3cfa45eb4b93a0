"""Lockout after repeated failed logins, per username and per client IP, counted in Django's cache.

LOGIN_LOCKOUT (settings) says how many failures within `window` seconds lock further attempts for `lockout`
seconds. A username is locked whether or not an account has it, so the lockout does not tell which usernames
exist. Successful logins are not counted; they clear their username's failures (not the IP's, or one account
of one's own would reset the count between guesses at others). Like infra/ratelimit.py, several processes
need a shared cache (Redis) for the counts to be global.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache

from infra.client_ip import client_ip

logger = logging.getLogger(__name__)

DEFAULTS = {"failures_per_username": 5, "failures_per_ip": 20, "window": 15 * 60, "lockout": 15 * 60}


def _config() -> dict:
    return {**DEFAULTS, **getattr(settings, "LOGIN_LOCKOUT", {})}


def _idents(request, username: str) -> list[tuple[str, int]]:
    """Cache key parts and their failure limits; usernames are hashed (any length, any characters)."""
    config = _config()
    digest = hashlib.sha256((username or "").strip().casefold().encode("utf-8", "surrogatepass")).hexdigest()
    idents = [(f"user:{digest[:40]}", config["failures_per_username"])]
    if request is not None:
        idents.append((f"ip:{client_ip(request)}", config["failures_per_ip"]))
    return idents


def locked_for(request, username: str) -> int:
    """Seconds until this username or this client may try again; 0 when neither is locked."""
    now = time.time()
    until = [cache.get(f"login-locked:{ident}", 0) for ident, _ in _idents(request, username)]
    return max(0, int(max(until) - now + 0.999))


def record_failure(request, username: str) -> None:
    """Count a failed attempt; the one that reaches a limit locks that username or client."""
    config = _config()
    for ident, limit in _idents(request, username):
        key = f"login-failures:{ident}"
        cache.add(key, 0, timeout=config["window"])
        try:
            failures = cache.incr(key)
        except ValueError:  # the window expired between add and incr
            cache.set(key, 1, timeout=config["window"])
            failures = 1
        if failures >= limit:
            cache.set(f"login-locked:{ident}", time.time() + config["lockout"], timeout=config["lockout"])
            logger.warning("log-ins locked for %s s after %s failures: %s (last from %s)", config["lockout"], failures,
                           ident, client_ip(request) if request is not None else "unknown")
            cache.delete(key)


def record_success(request, username: str) -> None:
    ident, _ = _idents(None, username)[0]
    cache.delete(f"login-failures:{ident}")


def lockout_minutes() -> int:
    return max(1, _config()["lockout"] // 60)

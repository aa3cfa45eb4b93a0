"""A tiny fixed-window rate limiter on Django's cache, per user and per client IP.

Limits are settings, e.g. RATELIMITS = {"signup": "5/h", "vote": "120/h"}: "<count>/<s|m|h|d>". A request over
any of its limits gets the 429 page. The counters live in the default cache: with several processes it must be a
shared cache (Redis, REDIS_URL) for the limits to be global rather than per process.
"""

import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from infra.client_ip import client_ip

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "5/h" -> (5, 3600)."""
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period.strip().lower()[:1]]


def hit(request, scope: str) -> bool:
    """Count one action in `scope` for this user and this IP; True when either is over its limit."""
    rate = getattr(settings, "RATELIMITS", {}).get(scope)
    if not rate:
        return False
    limit, period = parse_rate(rate)
    window = int(time.time() // period)
    idents = [f"ip:{client_ip(request)}"]
    if request.user.is_authenticated:
        idents.append(f"user:{request.user.pk}")
    over = False
    for ident in idents:
        key = f"ratelimit:{scope}:{ident}:{window}"
        cache.add(key, 0, timeout=period + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=period + 1)
            count = 1
        over |= count > limit
    return over


PERIOD_NAMES = {1: "second", 60: "minute", 3600: "hour", 86400: "day"}


def too_many_requests(request, scope: str):
    limit, period = parse_rate(settings.RATELIMITS[scope])
    logger.warning("rate limit %s (%s) reached by %s", scope, settings.RATELIMITS[scope], client_ip(request))
    context = {"scope": scope, "limit_text": f"{limit} per {PERIOD_NAMES[period]}"}
    return render(request, "429.html", context, status=429)


def ratelimit(scope: str, methods=("POST",)):
    """Decorate a view: its `methods` requests count against the `scope` limit; over the limit -> 429 page."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and hit(request, scope):
                return too_many_requests(request, scope)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

"""Site-wide request handling that is not a view's business."""

import functools
import logging
import sys

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.response import SimpleTemplateResponse
from django.urls import Resolver404, resolve
from django.utils.encoding import escape_uri_path, iri_to_uri

from infra import db_router

logger = logging.getLogger(__name__)

DATABASE_DOWN_ERRORS = db_router.DATABASE_DOWN_ERRORS
RETRY_AFTER_SECONDS = 10


def remember_database_error(sender, request=None, **kwargs):
    """Mark the request when an uncaught exception outside a view (e.g. saving the session) was the database."""
    exception = sys.exc_info()[1]
    if request is not None and isinstance(exception, DATABASE_DOWN_ERRORS):
        request.database_unavailable = exception




def database_unavailable_response(request):
    """The 503 page: static HTML, no database and no context processors (they would query it)."""
    response = SimpleTemplateResponse("503.html", {"request": request}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response.render()


class DatabaseUnavailableMiddleware:
    """Answer 503 with a Retry-After at once when the database is down, instead of a 500 or a hang.

    A view's (or its template's) database error is turned into the 503 by process_exception. An error raised
    by a middleware instead (the session being saved after the view) becomes Django's 500 response; __call__
    swaps that for the 503 too, which is why this middleware sits before PageCacheMiddleware and
    SessionMiddleware. The middleware that only add headers (security, CSP, frame options) sit above this one, so
    every 503 carries them. The connection is re-established by CONN_HEALTH_CHECKS on the next request, so the
    site recovers by itself.

    When the database that failed was the request's read replica and the request may simply run again (a GET or
    HEAD that wrote nothing), the replica is skipped and the request runs once more, reading from another replica or
    the primary (infra.db_router.read_again_elsewhere): a replica going away mid-request is no error for the reader.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        exception = getattr(request, "database_unavailable", None)
        if exception is not None and db_router.read_again_elsewhere(request):
            logger.warning("read replica failed during %s %s: running it again elsewhere (%s)", request.method,
                           request.path, exception)
            del request.database_unavailable
            response = self.get_response(request)
            exception = getattr(request, "database_unavailable", None)
        if exception is None:
            return response
        logger.error("database unavailable for %s %s: %s", request.method, request.path, exception)
        if response.status_code == 500:
            return database_unavailable_response(request)  # the header middleware above it still run
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_DOWN_ERRORS):
            return None
        request.database_unavailable = exception
        return database_unavailable_response(request)


class PrimaryPinMiddleware:
    """Read-your-writes across requests: a client that wrote reads from the primary for REPLICA_PIN_SECONDS.

    A response to a request that wrote anything (a summary, a vote, the session row of a log-in) carries a signed
    cookie with the time it was issued; requests that bring a fresh one read the primary, as do requests that may
    write (infra.db_router). Above the page cache, whose version read must know where to read. Does nothing without
    read replicas.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not db_router.replica_aliases():
            return self.get_response(request)
        db_router.pin_reads(request)
        response = self.get_response(request)
        if db_router.wrote_in_this_request():
            response.set_cookie(
                db_router.PIN_COOKIE, db_router.pin_cookie_value(), max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
            )
        return response


class SitePolicyCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the site-wide policy built once, not for every response.

    Building it took 70 us a response, 6% of a page served from the page cache. The policy depends on the settings
    alone unless a view changes it (csp decorators) or a template asks for a nonce; those responses, and the
    debug pages django-csp leaves alone, go through django-csp as before.
    """

    def process_response(self, request, response):
        own_policy = _site_policy_headers() is None or any(hasattr(response, name) for name in PER_RESPONSE_POLICY)
        nonce_used = getattr(request, "_csp_nonce", None) is not None
        debug_page = settings.DEBUG and response.status_code in (500, 404)
        if own_policy or nonce_used or debug_page:
            return super().process_response(request, response)
        for header, value in _site_policy_headers():
            if header not in response:
                response[header] = value
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # as django-csp: too late for one
        return response


PER_RESPONSE_POLICY = (
    "_csp_exempt", "_csp_exempt_ro", "_csp_config", "_csp_config_ro", "_csp_update", "_csp_update_ro",
    "_csp_replace", "_csp_replace_ro",
)


@functools.cache
def _site_policy_headers():
    """[(header, policy)] from CONTENT_SECURITY_POLICY and CONTENT_SECURITY_POLICY_REPORT_ONLY; None when a policy
    excludes URL prefixes (then django-csp decides per request)."""
    for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"):
        if (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES"):
            return None
    headers = [(HEADER, build_policy()), (HEADER_REPORT_ONLY, build_policy(report_only=True))]
    return [(header, policy) for header, policy in headers if policy]


def forget_site_policy(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _site_policy_headers.cache_clear()




class MethodNotAllowedPageMiddleware:
    """A page for the 405s that Django's require_POST / require_safe and the read-only public pages answer with an
    empty body (a blank page in a browser: a bookmarked /accounts/logout/, say). Responses with a body of their own
    (the API's JSON) pass as they are. After the auth and message middleware, so the page has the user and the
    messages like any other."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.streaming or response.content:
            return response
        page = render(request, "405.html", {"method": request.method}, status=405)
        page["Allow"] = response.get("Allow", "")
        return page


class LowercaseSlugRedirectMiddleware:
    """A 404 for an address typed with capitals (/venues/NIPS/2018/) becomes a permanent redirect to its lowercase
    form when that is an address with a slug: the site's slugs are lowercase, as slugify() makes them. Like
    CommonMiddleware's APPEND_SLASH it only looks at 404s, so an existing address is never redirected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        path = request.path_info
        lowered = path.lower()
        if lowered == path:
            return response
        try:
            match = resolve(lowered, getattr(request, "urlconf", None))
        except Resolver404:
            return response
        if "slug" not in match.kwargs:
            return response
        script_prefix = request.path[: len(request.path) - len(path)]
        location = escape_uri_path(script_prefix + lowered)
        if query := request.META.get("QUERY_STRING", ""):
            location += f"?{iri_to_uri(query)}"
        return HttpResponsePermanentRedirect(location)

"""The page cache: whole anonymous GET responses, keyed by the catalogue version, with ETag and Last-Modified.

Every write that a public page shows replaces the version (papers.models.CatalogueVersion, bumped in the writing
transaction by signals and services), so a cached page is never served after the data under it changed: reading
the version is the one query a cached page costs. Only requests without a session or message cookie are served
from or stored in the cache (pages with a user's own content, CSRF tokens or messages never are), and only
responses that set no cookie. DJANGO_CACHE_PAGES=0 turns the cache off (the uncached benchmark pass).
"""

import hashlib
import os
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from papers.models import CatalogueVersion

PAGE_CACHE_SECONDS = 60 * 60
READ_METHODS = ("GET", "HEAD")
# Response headers worth keeping with the body; middleware adds the rest (CSP, HSTS, ...) to every response.
KEPT_HEADERS = (
    "Content-Type", "Content-Language", "Content-Disposition", "Vary", "Access-Control-Allow-Origin", "X-Robots-Tag",
)


def page_cache_enabled():
    configured = getattr(settings, "CACHE_PAGES", None)
    if configured is not None:
        return bool(configured)
    return os.environ.get("DJANGO_CACHE_PAGES", "1").strip().lower() not in {"0", "false", "no", "off"}


def _anonymous_without_state(request):
    """No session (so not logged in, no CSRF token in a session) and no pending messages."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _lookup(request):
    """(key digest, when the catalogue last changed, the stored response or None) for an anonymous GET."""
    token, changed_at = CatalogueVersion.current()
    url = f"{token}|{request.scheme}|{request.get_host()}|{request.get_full_path()}"
    digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    stored = cache.get(f"page:{digest}") if page_cache_enabled() else None
    return digest, changed_at, stored


def _cacheable_request(request):
    return request.method in READ_METHODS and _anonymous_without_state(request)


def _from_stored(stored):
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def _validated(request, response, digest, changed_at):
    """The response with its validators (ETag, Last-Modified, Vary: Cookie), or a 304 when the client's is current."""
    # The page differs for a logged-in user: shared caches must not hand this copy to them.
    patch_vary_headers(response, ["Cookie"])
    etag = f'"{digest}"'
    last_modified = int(changed_at.timestamp()) if changed_at else None  # HTTP dates are whole seconds
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)


class PageCacheMiddleware:
    """Answer anonymous GETs of cached pages before sessions, CSRF, authentication and messages run.

    Only pages that cache_public_page stored can be found, so which pages are cached stays the views' decision;
    on a miss the lookup is handed to the view's decorator, which renders and stores the page.
    Sits after the middleware that only add headers (security, CSP, frame options) and the database-outage one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _cacheable_request(request):
            request.page_cache_lookup = digest, changed_at, stored = _lookup(request)
            if stored is not None:
                return _validated(request, _from_stored(stored), digest, changed_at)
        return self.get_response(request)


def cache_public_page(view):
    """Serve the view's anonymous GET responses from the cache; answer 304 when the client's copy is current.

    Public pages are read-only: any method but GET and HEAD is a 405 (the 405 page, shortscience.middleware).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in READ_METHODS:
            return HttpResponseNotAllowed(READ_METHODS)
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        digest, changed_at, stored = getattr(request, "page_cache_lookup", None) or _lookup(request)
        if stored is not None:  # without PageCacheMiddleware
            return _validated(request, _from_stored(stored), digest, changed_at)
        response = view(request, *args, **kwargs)
        if not _storable(request, response):
            return response
        if page_cache_enabled():
            headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
            cache.set(f"page:{digest}", (response.status_code, headers, response.content), PAGE_CACHE_SECONDS)
        return _validated(request, response, digest, changed_at)

    return wrapper


def _storable(request, response):
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a CSRF token: it is this visitor's own
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control

"""Finding a page in the cache, and answering with it: shared by the middleware and the view decorator."""

import hashlib
import os

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from pagecache.models import ANY, current_versions

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


def anonymous_without_state(request):
    """No session (so not logged in, no CSRF token in a session) and no pending messages."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def page_keys(request):
    """The version keys the requested page declares (cache_public_page's `keys`), or None when it is not cached.

    A page that declares none depends on ANY, which every write bumps; the catalogue version is read for every page.
    """
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
    func = match.func
    declared = getattr(func, "page_cache_keys", None) or getattr(getattr(func, "view_class", None),
                                                                 "page_cache_keys", None)
    if declared is None:
        return [ANY] if getattr(func, "page_cache", False) else None
    return list(declared(request, *match.args, **match.kwargs))


def page_digest(request, keys=None):
    """(the page's key: a digest of its URL and its versions, when the page's data last changed); one query."""
    if keys is None:
        keys = page_keys(request) or [ANY]
    return digest_of(request, current_versions(keys))


def digest_of(request, versions):
    """page_digest of the page at the versions read (pagecache.models.current_versions)."""
    tokens = ",".join(token for token, _ in versions) or "0"
    dates = [changed_at for _, changed_at in versions if changed_at is not None]
    return url_digest(request, tokens), max(dates, default=None)


def url_digest(request, prefix=""):
    page = f"{prefix}|{request.scheme}|{request.get_host()}|{request.get_full_path()}"
    return hashlib.md5(page.encode(), usedforsecurity=False).hexdigest()


def lookup(request, keys=None):
    """(key digest, when the page's data last changed, the stored response or None) for an anonymous GET."""
    digest, changed_at = page_digest(request, keys)
    stored = cache.get(f"page:{digest}") if page_cache_enabled() else None
    return digest, changed_at, stored


def cacheable_request(request):
    return request.method in READ_METHODS and anonymous_without_state(request)


def kept_headers(response):
    return [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]


def from_stored(stored, served_as="hit"):
    """A response from a stored (status, headers, content); X-Page-Cache says how it was served ("hit" is what the
    benchmark's hit ratio counts; a page shell's is "shell")."""
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = served_as
    return response


def validated(request, response, digest, changed_at):
    """The response with its validators (ETag, Last-Modified, Vary: Cookie), or a 304 when the client's is current."""
    # The page differs for a logged-in user: shared caches must not hand this copy to them.
    patch_vary_headers(response, ["Cookie"])
    etag = f'"{digest}"'
    last_modified = int(changed_at.timestamp()) if changed_at else None  # HTTP dates are whole seconds
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)


def storable_response(request, response):
    """A response the same for every reader it may be served to: rendered, a 200 that sets no cookie, no CSRF token
    of this visitor's in it, not private."""
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a CSRF token: it is this visitor's own
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control

"""Finding a page in the cache, and answering with it: shared by the middleware and the view decorator."""

import hashlib
import os

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from pagecache.models import CatalogueVersion

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


def lookup(request):
    """(key digest, when the catalogue last changed, the stored response or None) for an anonymous GET."""
    token, changed_at = CatalogueVersion.current()
    url = f"{token}|{request.scheme}|{request.get_host()}|{request.get_full_path()}"
    digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    stored = cache.get(f"page:{digest}") if page_cache_enabled() else None
    return digest, changed_at, stored


def cacheable_request(request):
    return request.method in READ_METHODS and anonymous_without_state(request)


def from_stored(stored):
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
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

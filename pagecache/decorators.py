"""cache_public_page: the views whose anonymous GET responses the page cache stores."""

from functools import wraps

from django.core.cache import cache
from django.http import HttpResponseNotAllowed

from pagecache.lookup import (
    PAGE_CACHE_SECONDS,
    READ_METHODS,
    cacheable_request,
    from_stored,
    kept_headers,
    lookup,
    page_cache_enabled,
    page_digest,
    storable_response,
    validated,
)
from pagecache.shells import shell_page


def cache_public_page(view=None, *, keys=None, shells=False):
    """Serve the view's anonymous GET responses from the cache; answer 304 when the client's copy is current.

    `keys(request, *args, **kwargs)` names the objects whose versions the page's cache key depends on (say
    ["paper:42"]): a write bumps the versions of what it touched (pagecache.models.versions_changed), and only the
    pages that declare one of those keys are re-rendered. A view that declares none depends on every write. A
    class-based view declares them as its `page_cache_keys` attribute. Public pages are read-only: any method but
    GET and HEAD is a 405 (the 405 page, infra.middleware).

    `shells`: a logged-in reader's GET is served from the page's shell (pagecache.shells), for a view whose templates
    keep all that is the reader's own in reader slots (pagecache.slots).
    """
    if view is None:
        return lambda view: cache_public_page(view, keys=keys, shells=shells)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in READ_METHODS:
            return HttpResponseNotAllowed(READ_METHODS)
        if not cacheable_request(request):
            # A logged-in reader: the page is theirs, but its shell and its shared fragments ({% sharedfragment %})
            # are not.
            if shells:
                return shell_page(request, view, args, kwargs)
            if page_cache_enabled():
                request.page_cache_digest = page_digest(request)[0]
            return view(request, *args, **kwargs)
        digest, changed_at, stored = getattr(request, "page_cache_lookup", None) or lookup(request)
        if stored is not None:  # without PageCacheMiddleware
            return validated(request, from_stored(stored), digest, changed_at)
        if page_cache_enabled():
            request.page_cache_digest = digest
        response = view(request, *args, **kwargs)
        if not storable_response(request, response):
            return response
        if page_cache_enabled():
            cache.set(f"page:{digest}", (response.status_code, kept_headers(response), response.content),
                      PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return validated(request, response, digest, changed_at)

    wrapper.page_cache = True
    if keys is not None:
        wrapper.page_cache_keys = keys
    return wrapper

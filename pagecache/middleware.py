"""Cached anonymous pages answered before the rest of the middleware runs."""

from pagecache.lookup import cacheable_request, from_stored, lookup, page_keys, validated


class PageCacheMiddleware:
    """Answer anonymous GETs of cached pages before sessions, CSRF, authentication and messages run.

    The URL is resolved to the view's declared version keys (cache_public_page); a URL no cached view answers costs
    no query here. Only pages that cache_public_page stored can be found, so which pages are cached stays the views'
    decision; on a miss the lookup is handed to the view's decorator, which renders and stores the page.
    Sits after the middleware that only add headers (security, CSP, frame options) and the database-outage one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        keys = page_keys(request) if cacheable_request(request) else None
        if keys is not None:
            request.page_cache_lookup = digest, changed_at, stored = lookup(request, keys)
            if stored is not None:
                return validated(request, from_stored(stored), digest, changed_at)
        return self.get_response(request)

"""Cached anonymous pages answered before the rest of the middleware runs."""

from pagecache.lookup import cacheable_request, from_stored, lookup, validated


class PageCacheMiddleware:
    """Answer anonymous GETs of cached pages before sessions, CSRF, authentication and messages run.

    Only pages that cache_public_page stored can be found, so which pages are cached stays the views' decision;
    on a miss the lookup is handed to the view's decorator, which renders and stores the page.
    Sits after the middleware that only add headers (security, CSP, frame options) and the database-outage one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if cacheable_request(request):
            request.page_cache_lookup = digest, changed_at, stored = lookup(request)
            if stored is not None:
                return validated(request, from_stored(stored), digest, changed_at)
        return self.get_response(request)

"""Page shells: a cached view's page as every logged-in reader sees it, stored once per page with its reader slots
marked (pagecache.slots) and the versions it was rendered at, and filled for each reader: their account menu, votes
and follows, and CSRF token. A logged-in reader of a cached page then costs the queries of their own slots, not the
page's rendering.

Who never gets a shared shell, and whose page is never stored: staff (moderation links everywhere), a reader with
messages waiting (they are shown in the page), and the page's owners, the users who own something on it, shown or
not (a summary, a comment, a question): their page differs from everyone else's outside the slots. The owners are
collected while the page renders ({% fragment_owners %}, pagecache.fragments) and stored with the shell.
Opted into by a view (cache_public_page(shells=True)), whose templates keep everything of the reader's in slots.
"""

from django.contrib.messages import get_messages
from django.core.cache import cache

from infra.sessions import get_many_with_session
from pagecache.lookup import (
    PAGE_CACHE_SECONDS,
    digest_of,
    from_stored,
    kept_headers,
    page_cache_enabled,
    page_keys,
    storable_response,
    url_digest,
)
from pagecache.models import ANY, current_versions_with
from pagecache.slots import ReaderParts, cut, fill, states_query, wanted_slots


def _shareable(request):
    return not request.user.is_staff and not len(get_messages(request))


def shell_page(request, view, args, kwargs):
    """The page of a view with shells for a reader with a session: a logged-in reader's filled copy of the stored
    shell, or the view rendered as a shell (stored when it may be shared) and filled.

    A shell is stored under its URL, with the digest of the versions it was rendered at (its page's, as an anonymous
    page is keyed by). So the shell is known before the versions are read: it is read with the reader's session in
    one round trip to the cache (infra.sessions), and the reader's state of its slots with the page's versions in
    one statement. A shell rendered at other versions than the current ones is rendered again.
    """
    if not page_cache_enabled():
        if request.user.is_authenticated:
            return _rendered(request, view, args, kwargs)
        return view(request, *args, **kwargs)
    key = f"shell:{url_digest(request)}"
    stored = get_many_with_session(request, [key]).get(key)  # before anything asks who the reader is
    user = request.user
    shareable = user.is_authenticated and _shareable(request)
    usable = shareable and stored is not None and user.pk not in stored["owners"]
    wanted = wanted_slots(stored["slots"]) if usable else {}
    versions, rows = current_versions_with(page_keys(request) or [ANY],
                                           states_query(user.pk, wanted) if wanted else None)
    request.page_cache_digest = digest = digest_of(request, versions)[0]
    if not user.is_authenticated:
        return view(request, *args, **kwargs)
    if usable and stored["digest"] == digest:
        page = (stored["status"], stored["headers"], fill(stored["pieces"], stored["slots"], request, rows))
        return from_stored(page, served_as="shell")
    return _rendered(request, view, args, kwargs, key if shareable else None, digest)


def _rendered(request, view, args, kwargs, key=None, digest=None):
    """The view rendered as a shell, stored under `key` (when given and no owner of the page is reading), and filled
    for this reader."""
    user_id = request.user.pk
    request.reader_parts = parts = ReaderParts()
    try:
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
    finally:
        del request.reader_parts  # an error page rendered after an exception is this reader's own, as usual
    if response.streaming:
        return response
    pieces, slots = cut(response.content.decode(response.charset), parts.slots)
    if key is not None and user_id not in parts.owners and storable_response(request, response):
        shell = {"status": response.status_code, "headers": kept_headers(response), "pieces": pieces, "slots": slots,
                 "owners": frozenset(parts.owners), "digest": digest}
        cache.set(key, shell, PAGE_CACHE_SECONDS)
        response["X-Page-Cache"] = "shell-miss"
    response.content = fill(pieces, slots, request)
    return response

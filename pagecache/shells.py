"""Page shells: a cached view's page as every logged-in reader sees it, stored once per version of the page with its
reader slots marked (pagecache.slots), and filled for each reader: their account menu, votes and follows, and CSRF
token. A logged-in reader of a cached page then costs the queries of their own slots, not the page's rendering.

Who never gets a shared shell, and whose page is never stored: staff (moderation links everywhere), a reader with
messages waiting (they are shown in the page), and the page's owners, the users who own something on it, shown or
not (a summary, a comment, a question): their page differs from everyone else's outside the slots. The owners are
collected while the page renders ({% fragment_owners %}, pagecache.fragments) and stored with the shell.
Opted into by a view (cache_public_page(shells=True)), whose templates keep everything of the reader's in slots.
"""

from django.contrib.messages import get_messages
from django.core.cache import cache

from infra.sessions import get_many_with_session
from pagecache.lookup import PAGE_CACHE_SECONDS, from_stored, kept_headers, storable_response
from pagecache.slots import ReaderParts, cut, fill


def _shareable(request, digest):
    return digest is not None and not request.user.is_staff and not len(get_messages(request))


def stored_shell(request, digest):
    """The page's stored shell, or None. Read in one round trip with the reader's session, when nothing has read that
    yet (infra.sessions): a logged-in page from a shell reads the cache once."""
    if digest is None:
        return None
    return get_many_with_session(request, [f"shell:{digest}"]).get(f"shell:{digest}")


def shell_response(request, view, args, kwargs, digest, stored):
    """The logged-in reader's page: their filled copy of the stored shell (`stored_shell`), or the view rendered as a
    shell (stored when it may be shared) and filled."""
    shareable, user_id = _shareable(request, digest), request.user.pk
    if shareable and stored is not None and user_id not in stored["owners"]:
        page = (stored["status"], stored["headers"], fill(stored["pieces"], stored["slots"], request))
        return from_stored(page, served_as="shell")
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
    if shareable and user_id not in parts.owners and storable_response(request, response):
        shell = {"status": response.status_code, "headers": kept_headers(response), "pieces": pieces, "slots": slots,
                 "owners": frozenset(parts.owners)}
        cache.set(f"shell:{digest}", shell, PAGE_CACHE_SECONDS)
        response["X-Page-Cache"] = "shell-miss"
    response.content = fill(pieces, slots, request)
    return response

"""Shared fragments: the parts of a cached view's page that are the same for every logged-in reader, rendered once per
version of the page and reused by them ({% sharedfragment %} in pagecache's template tags).

A fragment is stored with the ids of the users who own something in it (a summary, a comment, a question: their
writer sees edit links, flags or hidden text that others do not). Those users, and staff, get the fragment rendered
for them instead; nobody else's copy is ever stored from their rendering. A form inside a fragment gets the reader's
own CSRF token: the fragment is rendered with a placeholder that is replaced on the way out.
"""

from django.core.cache import cache

from pagecache.lookup import PAGE_CACHE_SECONDS
from pagecache.slots import csrf_placeholder

OWNERS = "_shared_fragment_owners"


def note_owners(context, user_ids):
    """Record, for the fragment being rendered (if any), users who own something in it."""
    owners = context.get(OWNERS)
    if owners is not None:
        owners.update(pk for pk in user_ids if pk is not None)


def _render(nodelist, context):
    """(html with the CSRF placeholder, the owners noted while rendering it)."""
    owners = set()
    with context.push({OWNERS: owners, "csrf_token": csrf_placeholder()}):
        html = nodelist.render(context)
    note_owners(context, owners)  # an enclosing fragment owns what its parts own
    return html, owners


def _with_token(html, context):
    placeholder = csrf_placeholder()
    if placeholder not in html:  # a page without a form stays free of the reader's token (and cacheable)
        return html
    return html.replace(placeholder, str(context.get("csrf_token", "")))


def shared_fragment(nodelist, context, name):
    """The fragment `name` of the page being served, from the cache when this reader may share it.

    Only logged-in readers share fragments. An anonymous reader's page is stored whole under the same digest, so a
    fragment stored from it would be read only if that page were not, while storing it cost a cache round trip or
    two per fragment on every anonymous miss (~7 of ~35 ms of a paper page's first visit, measured in-process).
    """
    request = context.get("request")
    digest = getattr(request, "page_cache_digest", None)
    user = getattr(request, "user", None)
    if digest is None or user is None or user.is_staff or not user.is_authenticated:
        return nodelist.render(context)
    key = f"fragment:{digest}:{name}"
    stored = cache.get(key)
    if stored is not None and user.pk not in stored[1]:
        note_owners(context, stored[1])
        return _with_token(stored[0], context)
    html, owners = _render(nodelist, context)
    if user.pk not in owners:
        cache.set(key, (html, owners), PAGE_CACHE_SECONDS)
    return _with_token(html, context)

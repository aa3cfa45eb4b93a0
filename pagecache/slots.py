"""Reader slots: the few parts of a page that are one logged-in reader's own (the header's account menu, their vote on
each summary, whether they follow what the page shows), marked in the page with {% readerslot %} so that the rest
of it can be stored once and reused for every reader (pagecache.shells).

A kind of slot is registered by the app that owns its data (`register_slot`), never imported here:
- `query(user_id, keys)` gives the SQL (and its parameters) of this reader's state of the page's slots of that kind:
  rows of (key, state), a key's text and an integer, one row per key that has a state (`default` for the others).
  Every kind's query of a page goes to the database in one statement, so filling a page's slots costs one round
  trip, and plain SQL costs no query building: this runs on every logged-in page. `complete(request, states)`, if
  given, may then turn the states into what the slot shows (the account menu's exact unread count);
- `variants` lists the states a slot can be in: each is rendered ahead from the slot's body (with `slot_state` in
  its context) and stored with the page, so filling a slot is picking one;
- or `render(request, state)`: what the slot shows, made when the page is filled (the header's account menu, which
  shows the reader's name and unread count), with the CSRF placeholder for the reader's token.
Outside a page shell (anonymous readers, pages without shells) a slot renders its body at once with the reader's
state, so that a template has one way to show it.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache as memoized

from django.conf import settings
from django.contrib.auth import get_user_model
from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe

from infra.db import fetchall_for_read


@dataclass(frozen=True)
class SlotKind:
    query: Callable  # (user_id, [key, ...]) -> (sql, params): rows (key, state); keys are strings
    default: object = None
    complete: Callable | None = None  # (request, {key: state}) -> {key: state}
    variants: tuple = ()
    render: Callable | None = None  # (request, state) -> html


_kinds: dict[str, SlotKind] = {}


def register_slot(name, *, query, default=None, complete=None, variants=(), render=None):
    if bool(variants) == bool(render):
        raise ValueError(f"reader slot {name!r}: give its variants or its render, one of the two")
    _kinds[name] = SlotKind(query=query, default=default, complete=complete, variants=tuple(variants), render=render)


def slot_kind(name):
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(f"no reader slot kind {name!r} is registered (pagecache.slots.register_slot)") from None


def states_query(user_id, wanted):
    """(sql, params): the reader's state of each key of each kind in `wanted` ({kind: [key, ...]}), rows (kind, key,
    state), the kinds' queries joined by UNION ALL into one statement."""
    selects, params = [], []
    for name, keys in wanted.items():
        sql, kind_params = slot_kind(name).query(user_id, keys)
        selects.append(f"SELECT CAST(%s AS TEXT), slot.* FROM ({sql}) slot")
        params += [name, *kind_params]
    return " UNION ALL ".join(selects), params


def wanted_slots(slots):
    """{kind: [key, ...]} of a page's slots ({(kind, key): ...})."""
    wanted = {}
    for kind_name, key in slots:
        wanted.setdefault(kind_name, []).append(key)
    return wanted


def reader_states(request, wanted, rows=None):
    """{kind: {key: state}}: the reader's state of each key of each kind in `wanted` ({kind: [key, ...]}), read in
    one statement (states_query), or from its `rows` when the caller read them; the defaults for a reader who is not
    logged in."""
    found = {name: {} for name in wanted}
    user = request.user
    if user.is_authenticated and wanted:
        if rows is None:
            rows = fetchall_for_read(get_user_model(), *states_query(user.pk, wanted))
        for name, key, state in rows:
            found[name][key] = state
    states = {}
    for name, keys in wanted.items():
        kind = slot_kind(name)
        states[name] = {key: found[name].get(key, kind.default) for key in keys}
        if kind.complete is not None:
            states[name] = kind.complete(request, states[name])
    return states


@memoized
def _nonce(secret_key, salt, value):
    # Derived from the secret key: nobody can write one into their text to have it replaced by a reader's part.
    return salted_hmac(salt, value, secret=secret_key).hexdigest()


def csrf_placeholder():
    """What stands for the reader's CSRF token in a stored page or fragment: plain letters, as {% csrf_token %}
    escapes what it is given."""
    return "csrf-" + _nonce(settings.SECRET_KEY, "pagecache.fragments.csrf", "placeholder")  # as fragments had it


def placeholder(kind, key):
    """The marker that stands for a slot in a stored page."""
    return mark_safe(f"<!--slot-{_nonce(settings.SECRET_KEY, 'pagecache.slots', 'marker')[:24]} {kind} {key}-->")


@memoized
def _marker_pattern(secret_key):
    return re.compile(rf"<!--slot-{_nonce(secret_key, 'pagecache.slots', 'marker')[:24]} (\S+) (\S+)-->")


class ReaderParts:
    """What rendering a page for a shell collected: its slots ({(kind, key): {state: html} or None}) and its owners,
    the users who own something on the page (the writers of its summaries, comments, questions), who get the page
    rendered for them."""

    def __init__(self):
        self.slots = {}
        self.owners = set()


def render_slot(context, kind_name, key, render):
    """A reader slot ({% readerslot %}, or a template tag's own, as the follow button's): its marker while a shell is
    rendered (each variant rendered ahead by `render(state)`), else what `render` makes of this reader's state."""
    kind, key = slot_kind(kind_name), str(key)
    request = context.get("request")
    parts = getattr(request, "reader_parts", None)
    if parts is None:
        return render(reader_states(request, {kind_name: [key]})[kind_name][key])
    if (kind_name, key) not in parts.slots:
        parts.slots[kind_name, key] = {state: render(state) for state in kind.variants} or None
    return placeholder(kind_name, key)


def cut(html, slots):
    """A rendered page ready to be stored and filled: (its pieces, its slots), the pieces the page's text cut at its
    slot markers ([text, (kind, key), text, ..., text]), the text and the slots' variants as UTF-8 bytes, so filling
    it is joining them."""
    pieces, start = [], 0
    for match in _marker_pattern(settings.SECRET_KEY).finditer(html):
        pieces += [html[start:match.start()].encode(), (match.group(1), match.group(2))]
        start = match.end()
    pieces.append(html[start:].encode())
    encoded = {slot: variants and {state: part.encode() for state, part in variants.items()}
               for slot, variants in slots.items()}
    return pieces, encoded


def fill(pieces, slots, request, rows=None):
    """The page (bytes) from its pieces (`cut`) with each slot as this reader sees it and their CSRF token; the
    reader's states read in one statement, or from its `rows` (reader_states)."""
    states = reader_states(request, wanted_slots(slots), rows)
    token = csrf_placeholder()

    def part(kind_name, key):
        state = states[kind_name][key]
        variants = slots[kind_name, key]
        return slot_kind(kind_name).render(request, state).encode() if variants is None else variants[state]

    page = b"".join(piece if piece.__class__ is bytes else part(*piece) for piece in pieces)
    marker = token.encode()
    return page.replace(marker, get_token(request).encode()) if marker in page else page

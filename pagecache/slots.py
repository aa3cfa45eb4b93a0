"""Reader slots: the few parts of a page that are one logged-in reader's own (the header's account menu, their vote on
each summary, whether they follow what the page shows), marked in the page with {% readerslot %} so that the rest
of it can be stored once and reused for every reader (pagecache.shells).

A kind of slot is registered by the app that owns its data (`register_slot`), never imported here:
- `states(request, keys)` gives this reader's state for each key of the page's slots of that kind, in one query;
- `variants` lists the states a slot can be in: each is rendered ahead from the slot's body (with `slot_state` in
  its context) and stored with the page, so filling a slot is picking one;
- or `template`: rendered with this reader's state when the page is filled (the header's account menu, which shows
  the reader's name and unread count).
Outside a page shell (anonymous readers, pages without shells) a slot renders its body at once with the reader's
state, so that a template has one way to show it.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache as memoized

from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class SlotKind:
    states: Callable  # (request, [key, ...]) -> {key: state}; keys are strings
    variants: tuple = ()
    template: str = ""


_kinds: dict[str, SlotKind] = {}


def register_slot(name, *, states, variants=(), template=""):
    if bool(variants) == bool(template):
        raise ValueError(f"reader slot {name!r}: give its variants or its template, one of the two")
    _kinds[name] = SlotKind(states=states, variants=tuple(variants), template=template)


def slot_kind(name):
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(f"no reader slot kind {name!r} is registered (pagecache.slots.register_slot)") from None


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
        return render(kind.states(request, [key]).get(key))
    if (kind_name, key) not in parts.slots:
        parts.slots[kind_name, key] = {state: render(state) for state in kind.variants} or None
    return placeholder(kind_name, key)


def fill(html, request, slots):
    """The page with each slot as this reader sees it, and their CSRF token; one `states` call per kind."""
    keys = {}
    for kind_name, key in slots:
        keys.setdefault(kind_name, []).append(key)
    states = {name: slot_kind(name).states(request, names) for name, names in keys.items()}
    token = csrf_placeholder()

    def part(match):
        kind_name, key = match.group(1), match.group(2)
        state = states[kind_name].get(key)
        variants = slots[kind_name, key]
        if variants is None:
            context = {"request": request, "user": request.user, "slot_state": state, "csrf_token": token}
            return get_template(slot_kind(kind_name).template).render(context)
        return variants[state]

    html = _marker_pattern(settings.SECRET_KEY).sub(part, html)
    return html.replace(token, get_token(request)) if token in html else html

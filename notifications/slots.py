"""The reader slots of notifications (pagecache.slots): the header's account menu, with the reader's unread count,
and the follow buttons, with whether the reader follows their target."""

from functools import lru_cache

from django.template.loader import render_to_string

from infra.db import placeholders
from notifications.models import FOLLOW_TARGETS, Follow, Notification
from pagecache.slots import csrf_placeholder, register_slot


def any_unread(user_id, keys):
    """1 for the account menu (one key) when the reader has anything unread, seen or not: most pages are read with
    nothing unread, and this needs none of the joins of what the reader may still see."""
    return (f"SELECT CAST(%s AS TEXT), 1 FROM {Notification._meta.db_table} "
            "WHERE recipient_id = %s AND read_at IS NULL LIMIT 1", [keys[0], user_id])


def unread_count(request, states):
    """The exact count, of what the reader may still see, when there is anything unread."""
    if not any(states.values()):
        return states
    count = Notification.objects.filter(recipient=request.user).unread().visible().count()
    return dict.fromkeys(states, count)


def account_menu(request, unread):
    """The account menu of a page shell's reader (includes/account_menu.html), made of their name and unread count."""
    return _account_menu(request.user.get_username(), unread, csrf_placeholder())


@lru_cache(maxsize=2048)
def _account_menu(username, unread, csrf_token):
    # The template is given these three only: the same three make the same menu (0.25 ms a page saved).
    return render_to_string("includes/account_menu.html", {"username": username, "unread": unread,
                                                            "csrf_token": csrf_token})


def follow_key(kind, target):
    return f"{kind}-{target.pk}"


def followed(user_id, keys):
    """1 for each target ("paper-42", "author-7") the reader follows."""
    wanted = {}
    for key in keys:
        kind, _, pk = key.partition("-")
        if kind not in FOLLOW_TARGETS:
            raise ValueError(f"no follow target {kind!r}")
        wanted.setdefault(kind, []).append(int(pk))
    selects, params = [], []
    for kind, ids in wanted.items():  # the target's column: <kind>_id
        selects.append(f"SELECT %s || CAST({kind}_id AS TEXT), 1 FROM {Follow._meta.db_table} "
                       f"WHERE follower_id = %s AND {kind}_id IN ({placeholders(ids)})")
        params += [f"{kind}-", user_id, *ids]
    return " UNION ALL ".join(selects), params


def connect():
    register_slot("account", query=any_unread, default=0, complete=unread_count, render=account_menu)
    register_slot("follow", query=followed, default=False, variants=(False, True))

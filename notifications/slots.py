"""The reader slots of notifications (pagecache.slots): the header's account menu, with the reader's unread count,
and the follow buttons, with whether the reader follows their target."""

from notifications.models import Follow, Notification
from pagecache.slots import register_slot


def unread_counts(request, keys):
    """The reader's unread notifications, for the account menu (one key: the menu)."""
    user = request.user
    count = 0
    if user.is_authenticated:
        unread = Notification.objects.filter(recipient=user).unread()
        # Most pages are read with nothing unread: a plain EXISTS costs a quarter of building the visibility joins.
        count = unread.visible().count() if unread.exists() else 0
    return dict.fromkeys(keys, count)


def follow_key(kind, target):
    return f"{kind}-{target.pk}"


def followed(request, keys):
    """Whether the reader follows each target ("paper-42", "author-7"): one query per kind of target (a page has one).
    """
    user = request.user
    found = set()
    wanted = {}
    for key in keys:
        kind, _, pk = key.partition("-")
        wanted.setdefault(kind, []).append(int(pk))
    for kind, ids in wanted.items() if user.is_authenticated else ():
        column = f"{kind}_id"
        follows = Follow.objects.filter(follower_id=user.pk, **{f"{column}__in": ids})
        found.update(f"{kind}-{pk}" for pk in follows.values_list(column, flat=True))
    return {key: key in found for key in keys}


def connect():
    register_slot("account", states=unread_counts, template="includes/account_nav.html")
    register_slot("follow", states=followed, variants=(False, True))

"""The reader slots of notifications (pagecache.slots): the header's account menu, with the reader's unread count,
and the follow buttons, with whether the reader follows their target."""

from django.db.models import Q

from notifications.models import FOLLOW_TARGETS, Follow, Notification
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
    """Whether the reader follows each target ("paper-42", "author-7"), in one query."""
    user = request.user
    if not user.is_authenticated:
        return dict.fromkeys(keys, False)
    wanted = {}
    for key in keys:
        kind, _, pk = key.partition("-")
        wanted.setdefault(kind, []).append(int(pk))
    targets = Q()
    for kind, ids in wanted.items():
        targets |= Q(**{f"{kind}_id__in": ids})
    found = set()
    for row in Follow.objects.filter(targets, follower=user).values_list(*(f"{k}_id" for k in FOLLOW_TARGETS)):
        found.update(f"{kind}-{pk}" for kind, pk in zip(FOLLOW_TARGETS, row, strict=True) if pk is not None)
    return {key: key in found for key in keys}


def connect():
    register_slot("account", states=unread_counts, template="includes/account_nav.html")
    register_slot("follow", states=followed, variants=(False, True))

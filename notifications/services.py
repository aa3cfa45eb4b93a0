"""Writes: following and unfollowing, notifying (in the transaction of the event), reading, preferences."""

import uuid

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications import mail
from notifications.models import Follow, MailPreferences, Notification


@transaction.atomic
def follow_toggle(*, follower, target_kind: str, target) -> bool:
    """Follow `target` (a paper, author, venue or user), or stop following it; returns whether it is now followed."""
    if target_kind == "user" and target.pk == follower.pk:
        raise PermissionDenied("You cannot follow yourself.")
    existing = Follow.objects.filter(follower=follower, **{target_kind: target})
    if existing.exists():
        existing.delete()
        return False
    try:
        with transaction.atomic():
            Follow.objects.create(follower=follower, **{target_kind: target})
    except IntegrityError:  # a double click: already followed
        pass
    return True


def notify(*, recipients, kind, event, actor=None, **target):
    """One notification per recipient for this event, never for the actor and never twice (the unique constraint
    on recipient and event); mailed after the transaction commits, or kept for the digest, as each prefers."""
    recipient_ids = {user_id for user_id in recipients if user_id is not None}
    recipient_ids.discard(getattr(actor, "pk", None))
    if not recipient_ids:
        return
    preferences = {p.user_id: p for p in MailPreferences.objects.filter(user_id__in=recipient_ids)}
    rows = []
    for user_id in sorted(recipient_ids):
        prefs = preferences.get(user_id) or MailPreferences(user_id=user_id)
        state = Notification.Mail.NONE
        if prefs.mails(kind):
            state = Notification.Mail.DIGEST if prefs.daily_digest else Notification.Mail.PENDING
        rows.append(Notification(recipient_id=user_id, kind=kind, event=event, actor=actor, mail=state, **target))
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    transaction.on_commit(mail.send_soon)


@transaction.atomic
def mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user).unread().update(read_at=timezone.now())


@transaction.atomic
def mark_read(*, notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


@transaction.atomic
def feed_token_regenerate(*, user) -> MailPreferences:
    prefs = MailPreferences.of(user)
    prefs.feed_token = uuid.uuid4()
    prefs.save(update_fields=["feed_token"])
    return prefs


@transaction.atomic
def unsubscribe(*, user_id: int, kind: str) -> None:
    """Stop mailing this kind of notification (the unsubscribe link; "digest": every kind); what is already queued is
    not sent either."""
    kinds = Notification.Kind.values if kind == mail.DIGEST else [kind]
    prefs = MailPreferences.objects.get_or_create(user_id=user_id)[0]
    for each in kinds:
        setattr(prefs, f"mail_{each}", False)
    prefs.save(update_fields=[f"mail_{each}" for each in kinds])
    Notification.objects.filter(
        recipient_id=user_id, kind__in=kinds, mail__in=[Notification.Mail.PENDING, Notification.Mail.DIGEST]
    ).update(mail=Notification.Mail.NONE)

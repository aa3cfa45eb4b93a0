"""Mailing notifications, never in a request's critical path.

Notifications are the outbox: the rows are written in the transaction of the event with mail="pending" (or
"digest"). After the transaction commits, send_soon() starts a daemon thread that claims and mails the pending rows
with a short SMTP timeout (NOTIFICATIONS_SMTP_TIMEOUT): a mail server that hangs holds that thread, never the page.
`manage.py send_notifications` (cron, every few minutes) mails what a thread could not (the process stopped, the
server was down: rows claimed more than CLAIM_EXPIRY ago are retried, up to MAX_ATTEMPTS) and, with --digest, the
daily digests. A row is claimed with a conditional UPDATE, so a thread and the command never mail it twice.
"""

import datetime as dt
import logging
import threading

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.confirmation import has_confirmed_email
from notifications.models import MailPreferences, Notification

log = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
DIGEST = "digest"
UNSUBSCRIBABLE = [*Notification.Kind.values, DIGEST]  # a kind of notification, or the digest (all of them)
CLAIM_EXPIRY = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 5
threads = []  # the mailer threads started by this process (tests join them)


def absolute(path):
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def unsubscribe_token(user_id, kind):
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """(user id, kind) from a token of unsubscribe_token(); signing.BadSignature if it was not made here."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if data.get("k") not in UNSUBSCRIBABLE:
        raise signing.BadSignature("unknown kind")
    return data["u"], data["k"]


def unsubscribe_url(user_id, kind):
    return absolute(reverse("notification_unsubscribe", args=[unsubscribe_token(user_id, kind)]))


def kind_label(kind):
    return "all mail from ShortScience (the daily digest)" if kind == DIGEST else Notification.Kind(kind).label.lower()


def message_for(recipient, notifications, *, kind, subject, smtp):
    """A plain-text mail with the one-click unsubscribe link in the text and in List-Unsubscribe (RFC 8058)."""
    unsubscribe = unsubscribe_url(recipient.pk, kind)
    body = render_to_string("notifications/mail.txt", {
        "recipient": recipient, "items": [(n.sentence(), absolute(n.get_target_url())) for n in notifications],
        "unsubscribe": unsubscribe, "kind_label": kind_label(kind),
        "settings_url": absolute(reverse("notification_settings")),
    })
    headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
               "Auto-Submitted": "auto-generated"}
    return EmailMessage(subject, body, to=[recipient.email], headers=headers, connection=smtp)


def _claim(pk):
    """Take one row for mailing; False when another mailer has it (or it was sent)."""
    stale = timezone.now() - CLAIM_EXPIRY
    claimable = Q(mail=Notification.Mail.PENDING) | Q(mail=Notification.Mail.SENDING, mail_claimed_at__lt=stale)
    return bool(Notification.objects.filter(claimable, pk=pk).update(
        mail=Notification.Mail.SENDING, mail_claimed_at=timezone.now()
    ))


def _finish(notification, state):
    Notification.objects.filter(pk=notification.pk).update(mail=state)


def send_pending(*, limit=200) -> int:
    """Mail the pending notifications one by one; returns how many were sent."""
    stale = timezone.now() - CLAIM_EXPIRY
    due = Notification.objects.filter(
        Q(mail=Notification.Mail.PENDING) | Q(mail=Notification.Mail.SENDING, mail_claimed_at__lt=stale)
    ).order_by("pk").values_list("pk", flat=True)[:limit]
    sent = 0
    smtp = get_connection(timeout=settings.NOTIFICATIONS_SMTP_TIMEOUT)
    for pk in list(due):
        if not _claim(pk):
            continue
        notification = Notification.objects.visible().for_display().select_related("recipient").filter(pk=pk).first()
        # An address its owner has not confirmed (accounts.confirmation) gets no mail: it may be someone else's.
        if notification is None or not has_confirmed_email(notification.recipient):
            Notification.objects.filter(pk=pk).update(mail=Notification.Mail.SKIPPED)
            continue
        subject = f"[ShortScience] {notification.sentence()}"
        try:
            message_for(notification.recipient, [notification], kind=notification.kind, subject=subject,
                        smtp=smtp).send()
        except Exception:  # noqa: BLE001 - any SMTP or network failure: retry later, a few times
            log.warning("mailing notification %s failed", pk, exc_info=True)
            failed = notification.mail_attempts + 1 >= MAX_ATTEMPTS
            Notification.objects.filter(pk=pk).update(
                mail=Notification.Mail.FAILED if failed else Notification.Mail.PENDING,
                mail_attempts=notification.mail_attempts + 1,
            )
            smtp = get_connection(timeout=settings.NOTIFICATIONS_SMTP_TIMEOUT)
            continue
        _finish(notification, Notification.Mail.SENT)
        sent += 1
    return sent


def send_digests(*, now=None) -> int:
    """One mail per user with their notifications kept for the digest, at most once a day."""
    now = now or timezone.now()
    sent = 0
    user_ids = set(Notification.objects.filter(mail=Notification.Mail.DIGEST).values_list("recipient_id", flat=True))
    smtp = get_connection(timeout=settings.NOTIFICATIONS_SMTP_TIMEOUT)
    for prefs in MailPreferences.objects.filter(user_id__in=user_ids).select_related("user"):
        if prefs.last_digest_at and now - prefs.last_digest_at < dt.timedelta(hours=23):
            continue
        with transaction.atomic():
            rows = Notification.objects.select_for_update().filter(recipient=prefs.user, mail=Notification.Mail.DIGEST)
            items = list(Notification.objects.visible().for_display().filter(pk__in=list(rows.values_list("pk",
                                                                                                           flat=True))))
            rows.update(mail=Notification.Mail.SENT)
            prefs.last_digest_at = now
            prefs.save(update_fields=["last_digest_at"])
            if items and has_confirmed_email(prefs.user):
                subject = f"[ShortScience] Your daily digest: {len(items)} notification{'s' if len(items) > 1 else ''}"
                message_for(prefs.user, items, kind=DIGEST, subject=subject, smtp=smtp).send()
                sent += 1
    return sent


def _send_in_thread():
    try:
        send_pending()
    except Exception:  # noqa: BLE001 - the command retries whatever this thread could not send
        log.exception("the notification mailer thread failed")
    finally:
        connection.close()


def send_soon():
    """After the commit: mail the pending notifications from a thread of their own (or nothing, when the command
    alone mails: NOTIFICATIONS_SEND_AFTER_COMMIT = False)."""
    if not settings.NOTIFICATIONS_SEND_AFTER_COMMIT:
        return
    thread = threading.Thread(target=_send_in_thread, name="notification-mailer", daemon=True)
    threads.append(thread)
    thread.start()

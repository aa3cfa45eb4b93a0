"""Notification bits on pages of other apps: the unread count in the header (logged-in pages only, which are never
cached) and the follow buttons on paper, author, venue and user pages."""

from django import template

from notifications.models import Follow, Notification

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context):
    user = context["request"].user
    if not user.is_authenticated:
        return 0
    unread = Notification.objects.filter(recipient=user).unread()
    # Most pages are read with nothing unread: a plain EXISTS costs a quarter of building the visibility joins.
    return unread.visible().count() if unread.exists() else 0


@register.inclusion_tag("notifications/follow_button.html", takes_context=True)
def follow_button(context, kind, target):
    """A POST button to follow or unfollow `target`; for anonymous readers, a link to log in (no CSRF token, so the
    cached anonymous page stays the same for everyone)."""
    request = context["request"]
    user = request.user
    following = user.is_authenticated and Follow.objects.filter(follower=user, **{kind: target}).exists()
    return {
        "request": request, "user": user, "kind": kind, "target": target, "following": following,
        "is_self": kind == "user" and user.is_authenticated and target.pk == user.pk,
        "csrf_token": context.get("csrf_token"),
    }

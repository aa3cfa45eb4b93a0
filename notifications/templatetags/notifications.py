"""Notification bits on pages of other apps: the follow buttons on paper, author, venue and user pages, each a reader
slot (notifications.slots; the header's unread count is one too: the "account" slot of base.html)."""

from django import template
from django.template.loader import get_template

from notifications.slots import follow_key
from pagecache.slots import render_slot

register = template.Library()


@register.simple_tag(takes_context=True)
def follow_button(context, kind, target):
    """A POST button to follow or unfollow `target`; for anonymous readers, a link to log in (no CSRF token, so the
    cached anonymous page stays the same for everyone). On a user's own page, none: a shared page shell never shows
    a user page (its follow button is no slot's variant)."""
    request = context["request"]
    user = request.user
    button = get_template("notifications/follow_button.html")

    def render(following):
        return button.render({
            "request": request, "user": user, "kind": kind, "target": target, "following": following,
            "is_self": kind == "user" and user.is_authenticated and target.pk == user.pk,
            "csrf_token": context.get("csrf_token"),
        })

    return render_slot(context, "follow", follow_key(kind, target), render)

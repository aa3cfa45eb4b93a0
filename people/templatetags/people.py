"""People in templates: avatars (an uploaded picture, else the identicon; the same grey figure for anonymous and
imported summaries) and reputation, for the pages of summaries and accounts, which do not import this app."""

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils.html import format_html

from papers.links import fast_reverse

register = template.Library()


def avatar_url(user) -> str:
    """The picture of `user`: the uploaded one (their profile is loaded with them in lists), else the identicon."""
    try:
        picture = user.profile.avatar
    except ObjectDoesNotExist:
        picture = None
    return picture.url if picture else fast_reverse("identicon", pk=user.pk)  # lists show many


def _img(url, size):
    return format_html('<img class="avatar" src="{}" alt="" width="{}" height="{}">', url, size, size)


@register.simple_tag
def avatar_of(user, size=32):
    return _img(avatar_url(user), size)


@register.simple_tag
def avatar(summary, size=32):
    """A summary's writer's picture; never the writer's own for an anonymous summary."""
    named = summary.named_author
    return _img(avatar_url(named) if named is not None else reverse("anonymous_avatar"), size)


@register.simple_tag
def reputation_of(user):
    try:
        return user.writer.reputation
    except ObjectDoesNotExist:
        return 0

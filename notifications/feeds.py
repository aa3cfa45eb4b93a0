"""A private Atom feed of one user's notifications, at a secret address (MailPreferences.feed_token) that the user
can replace; never cached with the public pages."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from notifications.models import MailPreferences, Notification

FEED_ITEMS = 50


class NotificationFeed(Feed):
    feed_type = Atom1Feed
    description = "Your ShortScience notifications."

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_object(self, request, token):
        return get_object_or_404(MailPreferences.objects.select_related("user"), feed_token=token).user

    def title(self, user):
        return f"ShortScience notifications for {user.get_username()}"

    def link(self, user):
        return "/notifications/"

    def items(self, user):
        return Notification.objects.filter(recipient=user).visible().for_display()[:FEED_ITEMS]

    def item_title(self, item):
        return item.sentence()

    def item_description(self, item):
        return item.target().excerpt

    def item_link(self, item):
        return item.get_target_url()

    def item_pubdate(self, item):
        return item.created

    def item_guid(self, item):
        return f"tag:shortscience,2026:notification:{item.pk}"

    item_guid_is_permalink = False

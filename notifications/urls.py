from django.urls import path

from notifications import feeds, views

urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read/", views.notifications_mark_read, name="notifications_mark_read"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("notifications/settings/", views.notification_settings, name="notification_settings"),
    path("notifications/feed/regenerate/", views.feed_regenerate, name="notification_feed_regenerate"),
    path("notifications/feed/<uuid:token>/", feeds.NotificationFeed(), name="notification_feed"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="notification_unsubscribe"),
    path("follow/<str:kind>/<int:pk>/", views.follow_toggle, name="follow_toggle"),
]

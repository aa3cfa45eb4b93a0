"""Follows and notifications in the admin: searchable by user, filtered by kind, usable at 100,000 papers (related
rows are raw ids: no select of every paper, author or user; no COUNT(*) over the whole table, no date_hierarchy)."""

from django.contrib import admin

from infra.pagination import EstimatedCountPaginator
from notifications.models import Follow, Notification


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["follower", "target_display", "created"]
    list_select_related = ["follower", "paper", "author", "venue", "user"]
    search_fields = ["follower__username"]
    search_help_text = "The follower's username."
    raw_id_fields = ["follower", "paper", "author", "venue", "user"]
    list_filter = ["created"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator

    @admin.display(description="Follows")
    def target_display(self, obj):
        return obj.target


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "created", "read_at", "mail", "mail_attempts"]
    list_filter = ["kind", "mail", "created"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__username", "event"]
    raw_id_fields = ["recipient", "actor", "summary", "comment", "answer"]
    readonly_fields = ["created"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator

    def has_add_permission(self, request):
        return False

from django.contrib import admin

from people.models import Writer


@admin.register(Writer)
class WriterAdmin(admin.ModelAdmin):
    """Read-only: the rows are recomputed by every write (and by `manage.py recompute_reputation`)."""

    list_display = ["user", "reputation", "public_summary_count", "joined"]
    search_fields = ["user__username", "sort_name"]
    ordering = ["-reputation"]
    readonly_fields = ["user", "reputation", "public_summary_count", "sort_name", "joined"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

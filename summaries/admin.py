from django.contrib import admin
from django.utils.html import format_html
from markdownx.widgets import AdminMarkdownxWidget

from summaries.models import Summary


@admin.register(Summary)
class SummaryAdmin(admin.ModelAdmin):
    list_display = ["paper", "byline_display", "created", "updated", "is_private", "is_hidden", "public_page"]
    list_filter = ["is_hidden", "is_private", "created", "paper__venue"]
    list_select_related = ["paper", "author"]
    search_fields = ["paper__title", "body", "author__username", "attribution"]
    autocomplete_fields = ["paper", "author"]
    readonly_fields = ["created", "updated", "share_token"]
    fields = ["paper", "author", "attribution", "body", "is_private", "is_hidden", "share_token", "created", "updated"]
    date_hierarchy = "created"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = AdminMarkdownxWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="By", ordering="author__username")
    def byline_display(self, obj):
        return obj.byline

    @admin.display(description="Public page")
    def public_page(self, obj):
        return format_html('<a href="{}">view</a>', obj.get_absolute_url())

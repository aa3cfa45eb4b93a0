from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html

from papers.models import Author, Authorship, Keyword, Paper, Venue


class PublicPageLinkMixin:
    """A "view on site" column, so curators jump from the admin list to the public page."""

    @admin.display(description="Public page")
    def public_page(self, obj):
        return format_html('<a href="{}">view</a>', obj.get_absolute_url())


@admin.register(Venue)
class VenueAdmin(PublicPageLinkMixin, admin.ModelAdmin):
    list_display = ["short_name", "slug", "paper_count", "public_page"]
    search_fields = ["short_name", "description"]
    prepopulated_fields = {"slug": ["short_name"]}

    @admin.display(ordering="paper_count", description="Papers")
    def paper_count(self, obj):
        return obj.paper_count  # stored on the venue, kept current by every write


@admin.register(Author)
class AuthorAdmin(PublicPageLinkMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "paper_count", "public_page"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        # An aggregate drops Meta.ordering: order explicitly so the list and the autocomplete paginate stably.
        return super().get_queryset(request).annotate(paper_count=Count("authorships")).order_by("name", "pk")

    @admin.display(ordering="paper_count", description="Papers")
    def paper_count(self, obj):
        return obj.paper_count


@admin.register(Keyword)
class KeywordAdmin(PublicPageLinkMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "public_page"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    extra = 1
    autocomplete_fields = ["author"]
    ordering = ["position"]
    fields = ["position", "author"]


@admin.register(Paper)
class PaperAdmin(PublicPageLinkMixin, admin.ModelAdmin):
    list_display = ["title", "venue", "year", "provenance", "first_published", "public_page"]
    list_filter = ["venue", "year", "provenance"]
    list_select_related = ["venue"]
    search_fields = ["title", "arxiv_id", "doi", "authorships__author__name"]
    autocomplete_fields = ["keywords", "venue"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [AuthorshipInline]
    date_hierarchy = "created"
    fieldsets = [
        (None, {"fields": ["title", "slug", "venue", "year", "source", "provenance"]}),
        ("Identifiers", {"fields": ["arxiv_id", "doi", "url", "first_published"]}),
        ("Content", {"fields": ["abstract", "keywords"]}),
    ]

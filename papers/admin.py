from django.contrib import admin
from django.db.models import OuterRef
from django.utils.html import format_html

from papers.models import Author, Authorship, Keyword, Paper, Venue, count_of


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
        # Counted per listed row: a JOIN and GROUP BY counted every author's papers before the page of 100 was cut
        # (0.4 s at 140,000 authors). The autocomplete uses this queryset too.
        papers = Authorship.objects.filter(author=OuterRef("pk")).order_by().values("author")
        return super().get_queryset(request).annotate(paper_count=count_of(papers)).order_by("name", "pk")

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
    # Author names (and keywords) through the paper's search document: one row per paper, so no DISTINCT over a
    # join of every authorship (2.5 s for a common word at 100,000 papers, and the summary admin's paper picker).
    search_fields = ["title", "arxiv_id", "doi", "search_document__people"]
    search_help_text = "Title, arXiv id, DOI, author names and keywords."
    autocomplete_fields = ["keywords", "venue"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [AuthorshipInline]
    date_hierarchy = "created"
    fieldsets = [
        (None, {"fields": ["title", "slug", "venue", "year", "source", "provenance"]}),
        ("Identifiers", {"fields": ["arxiv_id", "doi", "url", "first_published"]}),
        ("Content", {"fields": ["abstract", "keywords"]}),
    ]

"""The discussion in the admin: curated like summaries (search, filters, hide and restore actions, links to the public
pages) and usable at 100,000 papers: relations are raw ids or autocompletes, lists join only what they show, and the
search reads names and titles, not the texts (words in comments: the public pages)."""

from django.contrib import admin
from django.utils.html import format_html

import discussion.report_queue  # noqa: F401 - registers the combined report queue (Discussion › Reports)
from discussion.models import Answer, Comment, DiscussionReport, Question
from discussion.moderation import hide_or_restore
from infra.pagination import EstimatedCountPaginator
from summaries.admin import ReportStatusFilter
from summaries.widgets import AdminSummaryEditor


class CuratedAdmin(admin.ModelAdmin):
    readonly_fields = ["created", "updated"]
    actions = ["hide", "restore"]
    # No COUNT(*) over half a million rows per page (a capped count, else PostgreSQL's estimate), and no
    # date_hierarchy: its year links read every row's date. The "created" filter links need no query.
    show_full_result_count = False
    paginator = EstimatedCountPaginator

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = AdminSummaryEditor
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="By", ordering="author__username")
    def byline_display(self, obj):
        return obj.byline

    @admin.display(description="Public page")
    def public_page(self, obj):
        return format_html('<a href="{}">view</a>', obj.get_absolute_url())

    @admin.action(description="Hide the selected items (they stay in the database)", permissions=["change"])
    def hide(self, request, queryset):
        hide_or_restore(self, request, queryset, hidden=True)

    @admin.action(description="Restore the selected items", permissions=["change"])
    def restore(self, request, queryset):
        hide_or_restore(self, request, queryset, hidden=False)


@admin.register(Comment)
class CommentAdmin(CuratedAdmin):
    list_display = ["__str__", "excerpt", "byline_display", "created", "is_hidden", "is_deleted", "public_page"]
    list_filter = ["is_hidden", "is_deleted", "created"]
    list_select_related = ["author__profile", "summary__paper"]
    search_fields = ["author__username", "summary__paper__title"]
    search_help_text = "Writer's username or the paper's title."
    raw_id_fields = ["summary", "thread", "reply_to"]
    autocomplete_fields = ["author"]
    fields = ["summary", "thread", "reply_to", "author", "body", "is_hidden", "is_deleted", "created", "updated"]


@admin.register(Question)
class QuestionAdmin(CuratedAdmin):
    list_display = ["title", "paper", "category", "byline_display", "created", "is_hidden", "is_deleted", "public_page"]
    list_filter = ["category", "is_hidden", "is_deleted", "created"]
    list_select_related = ["author__profile", "paper"]
    search_fields = ["title", "author__username", "paper__title"]
    search_help_text = "Question title, writer's username or the paper's title."
    autocomplete_fields = ["author", "paper"]
    fields = ["paper", "author", "category", "title", "body", "is_hidden", "is_deleted", "created", "updated"]


@admin.register(Answer)
class AnswerAdmin(CuratedAdmin):
    list_display = ["__str__", "excerpt", "byline_display", "score", "is_accepted", "created", "is_hidden",
                    "public_page"]
    list_filter = ["is_accepted", "is_hidden", "created"]
    list_select_related = ["author__profile", "question"]
    search_fields = ["author__username", "question__title"]
    search_help_text = "Writer's username or the question's title."
    raw_id_fields = ["question"]
    autocomplete_fields = ["author"]
    readonly_fields = ["score", "created", "updated"]
    fields = ["question", "author", "body", "is_accepted", "is_hidden", "score", "created", "updated"]


@admin.register(DiscussionReport)
class DiscussionReportAdmin(admin.ModelAdmin):
    """The moderators' queue for the discussion, beside the summaries' (Summaries › Reports): open reports first."""

    list_display = ["reason", "target_link", "reporter", "created", "target_hidden", "resolved"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    list_display_links = ["reason"]
    list_filter = [ReportStatusFilter, "created"]
    list_select_related = ["comment__summary__paper", "comment__author__profile", "question", "answer__question",
                           "answer__author__profile", "reporter"]
    search_fields = ["reason", "reporter__username"]
    readonly_fields = ["comment", "question", "answer", "reporter", "reason", "created"]
    fields = ["comment", "question", "answer", "reporter", "reason", "created", "resolved"]
    actions = ["hide_targets", "restore_targets"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Reported")
    def target_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.target.get_absolute_url(), obj.target)

    @admin.display(description="Hidden", boolean=True)
    def target_hidden(self, obj):
        return obj.target.is_hidden

    def _apply(self, request, queryset, hidden):
        for report in queryset:
            model_admin = self.admin_site.get_model_admin(type(report.target))
            hide_or_restore(model_admin, request, [report.target], hidden=hidden)

    @admin.action(description="Hide what was reported and resolve the reports", permissions=["change"])
    def hide_targets(self, request, queryset):
        self._apply(request, queryset, True)

    @admin.action(description="Restore what was reported and resolve the reports", permissions=["change"])
    def restore_targets(self, request, queryset):
        self._apply(request, queryset, False)


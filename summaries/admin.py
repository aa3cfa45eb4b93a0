from django.contrib import admin, messages
from django.db.models import OuterRef
from django.utils.html import format_html

from papers.models import count_of
from summaries.models import Report, Summary, Vote
from summaries.services import summary_set_hidden
from summaries.widgets import AdminSummaryEditor


def hide_or_restore_summaries(modeladmin, request, summaries, *, hidden):
    """Hide or restore summaries, resolve their open reports, and log each change in the admin history."""
    changed = 0
    for summary in summaries:
        if summary_set_hidden(summary=summary, hidden=hidden):
            changed += 1
            modeladmin.log_change(request, summary, "Hidden by a moderator." if hidden else "Restored by a moderator.")
    verb = "hidden" if hidden else "restored"
    modeladmin.message_user(request, f"{changed} summar{'y' if changed == 1 else 'ies'} {verb}.", messages.SUCCESS)


@admin.register(Summary)
class SummaryAdmin(admin.ModelAdmin):
    list_display = [
        "paper", "byline_display", "created", "updated", "score", "is_private", "is_hidden", "open_reports",
        "public_page", "is_anonymous",
    ]
    list_filter = ["is_hidden", "is_private", "is_anonymous", "created", "paper__venue"]
    list_select_related = ["paper", "author"]
    # Not the Markdown: a substring match reads every summary's text (5 s a search at 300,000 summaries, three
    # times per page). Words in summaries are found by the site search, which indexes them.
    search_fields = ["paper__title", "author__username", "attribution"]
    search_help_text = "Paper title, writer's username or attribution."
    autocomplete_fields = ["paper", "author"]
    readonly_fields = ["created", "updated", "imported_from", "share_token", "score"]
    fields = [
        "paper", "author", "attribution", "body", "is_private", "is_hidden", "is_anonymous", "score", "share_token",
        "created", "updated", "imported_from",
    ]
    date_hierarchy = "created"
    actions = ["hide_summaries", "restore_summaries"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = AdminSummaryEditor
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="By", ordering="author__username")
    def byline_display(self, obj):
        """Moderators see who wrote an anonymous summary."""
        if obj.is_anonymous and obj.author_id:
            return f"{obj.author.get_username()} (published as Anonymous)"
        return obj.byline

    @admin.display(description="Public page")
    def public_page(self, obj):
        return format_html('<a href="{}">view</a>', obj.get_absolute_url())

    def get_queryset(self, request):
        # Counted per listed row: a JOIN and GROUP BY counted reports for every summary before the page was cut
        # (2.4 s at 300,000 summaries).
        reports = Report.objects.filter(summary=OuterRef("pk"), resolved=False).order_by().values("summary")
        return super().get_queryset(request).annotate(open_report_count=count_of(reports))

    @admin.display(description="Open reports", ordering="open_report_count")
    def open_reports(self, obj):
        return obj.open_report_count

    @admin.action(description="Hide the selected summaries (they stay in the database)", permissions=["change"])
    def hide_summaries(self, request, queryset):
        hide_or_restore_summaries(self, request, queryset, hidden=True)

    @admin.action(description="Restore the selected summaries", permissions=["change"])
    def restore_summaries(self, request, queryset):
        hide_or_restore_summaries(self, request, queryset, hidden=False)


class ReportStatusFilter(admin.SimpleListFilter):
    """Open reports by default: the moderators' queue."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", "Open"), ("resolved", "Resolved"), ("all", "All")]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": (self.value() or "open") == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or "open"
        if value == "open":
            return queryset.filter(resolved=False)
        if value == "resolved":
            return queryset.filter(resolved=True)
        return queryset


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    # The reason opens the report; the summary column links to the public page (a first-column link would be
    # nested inside the admin's own link to the report, and neither would work).
    list_display = ["reason", "summary_link", "reporter", "created", "summary_hidden", "resolved"]
    list_display_links = ["reason"]
    list_filter = [ReportStatusFilter, "created"]
    list_select_related = ["summary", "summary__paper", "reporter"]
    search_fields = ["reason", "reporter__username", "summary__paper__title"]
    readonly_fields = ["summary", "reporter", "reason", "created"]
    fields = ["summary", "reporter", "reason", "created", "resolved"]
    actions = ["hide_reported_summaries", "restore_reported_summaries", "mark_resolved"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Summary")
    def summary_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.summary.get_absolute_url(), obj.summary)

    @admin.display(description="Summary hidden", boolean=True)
    def summary_hidden(self, obj):
        return obj.summary.is_hidden

    def _summaries(self, queryset):
        return Summary.objects.filter(pk__in=queryset.values("summary"))

    @admin.action(description="Hide the reported summaries and resolve their reports", permissions=["change"])
    def hide_reported_summaries(self, request, queryset):
        hide_or_restore_summaries(self.admin_site.get_model_admin(Summary), request, self._summaries(queryset),
                                  hidden=True)

    @admin.action(description="Restore the reported summaries and resolve their reports", permissions=["change"])
    def restore_reported_summaries(self, request, queryset):
        hide_or_restore_summaries(self.admin_site.get_model_admin(Summary), request, self._summaries(queryset),
                                  hidden=False)

    @admin.action(description="Mark resolved without changing the summaries", permissions=["change"])
    def mark_resolved(self, request, queryset):
        for report in queryset.filter(resolved=False):
            report.resolved = True
            report.save(update_fields=["resolved"])
            self.log_change(request, report, "Resolved without action.")
        self.message_user(request, "Reports marked resolved.", messages.SUCCESS)


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["summary", "user", "value", "updated"]
    list_select_related = ["summary", "summary__paper", "user"]
    search_fields = ["user__username", "summary__paper__title"]
    readonly_fields = ["summary", "user", "value", "created", "updated"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

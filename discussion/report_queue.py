"""The moderators' one queue in the admin: reports of summaries, comments, questions and answers together, newest
first, filtered by kind and state, with links to each reported item (its admin page and its public page) and
actions to hide or restore the item (which resolves its open reports) or to dismiss the reports. Both report tables
are read in one UNION query a page; the reported items of a page in one query per kind."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, CharField, F, IntegerField, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse

from discussion.models import Answer, Comment, DiscussionReport, Question, ReportQueue
from discussion.moderation import hide_or_restore as hide_or_restore_discussion
from summaries.admin import hide_or_restore_summaries
from summaries.models import Report, Summary

KINDS = {"summary": Summary, "comment": Comment, "question": Question, "answer": Answer}
STATES = {"open": "Open", "resolved": "Resolved", "all": "All"}
PER_PAGE = 50
COLUMNS = ("pk", "created", "resolved", "reason", "kind", "target", "who")


def queue_rows(*, kind: str = "", state: str = "open"):
    """Both report tables as (pk, created, resolved, reason, kind, target id, reporter) rows, newest first."""
    summary_reports = Report.objects.annotate(
        kind=Value("summary", output_field=CharField()), target=F("summary_id"), who=F("reporter__username"),
    )
    discussion_reports = DiscussionReport.objects.annotate(
        kind=Case(When(comment__isnull=False, then=Value("comment")), When(question__isnull=False,
                  then=Value("question")), default=Value("answer"), output_field=CharField()),
        target=Coalesce("comment_id", "question_id", "answer_id", output_field=IntegerField()),
        who=F("reporter__username"),
    )
    parts = []
    for reports in (summary_reports, discussion_reports):
        if state in ("open", "resolved"):
            reports = reports.filter(resolved=state == "resolved")
        if kind:
            reports = reports.filter(kind=kind)
        parts.append(reports.order_by().values_list(*COLUMNS))
    return parts[0].union(parts[1], all=True).order_by("-created", "-pk")


class QueueEntry:
    def __init__(self, row, targets):
        self.report_id, self.created, self.resolved, self.reason, self.kind, self.target_id, self.reporter = row
        self.target = targets.get((self.kind, self.target_id))
        self.key = f"{self.kind}:{self.report_id}"
        meta = KINDS[self.kind]._meta
        self.admin_url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[self.target_id])


def load_targets(rows):
    """{(kind, id): item} for the rows of a page: one query per kind."""
    wanted = {kind: {row[5] for row in rows if row[4] == kind} for kind in KINDS}
    related = {"summary": ["paper", "author__profile"], "comment": ["summary__paper", "author__profile"],
               "question": [], "answer": ["question", "author__profile"]}
    return {(kind, item.pk): item for kind, ids in wanted.items() if ids
            for item in KINDS[kind].objects.select_related(*related[kind]).filter(pk__in=ids)}


def reports_of(keys):
    """The reports behind the queue's "kind:id" checkbox values (summaries' and the discussion's)."""
    chosen = {"summary": set(), "discussion": set()}
    for key in keys:
        kind, _, pk = key.partition(":")
        if kind in KINDS and pk.isdigit():
            chosen["summary" if kind == "summary" else "discussion"].add(int(pk))
    return [*Report.objects.filter(pk__in=chosen["summary"]).select_related("summary"),
            *DiscussionReport.objects.filter(pk__in=chosen["discussion"]).select_related("comment", "question",
                                                                                         "answer")]


def reported_items(reports):
    """{model: [item, ...]}: what the reports are about, each item once."""
    items = {}
    for report in reports:
        item = report.summary if isinstance(report, Report) else report.target
        items.setdefault(type(item), {})[item.pk] = item
    return {model: list(by_pk.values()) for model, by_pk in items.items()}


class ReportQueueAdmin(admin.ModelAdmin):
    """The combined queue, shown as the changelist of the ReportQueue proxy (Discussion › Reports)."""

    ACTIONS = {"hide": "Hide the reported items (resolves their reports)",
               "restore": "Restore the reported items (resolves their reports)",
               "dismiss": "Dismiss the reports (the items stay as they are)"}

    def get_urls(self):
        """The queue page only: a report is opened, changed and deleted from its own model's admin."""
        name = f"{self.opts.app_label}_{self.opts.model_name}_changelist"
        return [path("", self.admin_site.admin_view(self.changelist_view), name=name)]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perms(["summaries.view_report", "discussion.view_discussionreport"])

    def has_change_permission(self, request, obj=None):
        return request.user.has_perms(["summaries.change_report", "discussion.change_discussionreport"])

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            return self.act(request)
        kind = request.GET.get("kind", "") if request.GET.get("kind") in KINDS else ""
        state = request.GET.get("state") if request.GET.get("state") in STATES else "open"
        page = Paginator(queue_rows(kind=kind, state=state), PER_PAGE).get_page(request.GET.get("p"))
        rows = list(page.object_list)
        targets = load_targets(rows)
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": "Reports",
            "entries": [QueueEntry(row, targets) for row in rows], "page": page, "kind": kind, "state": state,
            "kinds": list(KINDS), "states": STATES, "actions": self.ACTIONS,
            "can_change": self.has_change_permission(request),
        }
        return TemplateResponse(request, "admin/discussion/report_queue.html", context)

    @transaction.atomic
    def act(self, request):
        """Hide or restore the reported items (each logged in its admin history, as from its own list), or dismiss
        the reports; all in one transaction."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        action, reports = request.POST.get("action", ""), reports_of(request.POST.getlist("selected"))
        if action not in self.ACTIONS or not reports:
            self.message_user(request, "Choose an action and at least one report.", messages.WARNING)
        elif action == "dismiss":
            dismissed = sum(type(r).objects.filter(pk=r.pk, resolved=False).update(resolved=True) for r in reports)
            self.message_user(request, f"{dismissed} report{pluralize(dismissed)} dismissed.", messages.SUCCESS)
        else:
            for model, items in reported_items(reports).items():
                hide_or_restore = hide_or_restore_summaries if model is Summary else hide_or_restore_discussion
                hide_or_restore(self.admin_site.get_model_admin(model), request, items, hidden=action == "hide")
        return redirect(request.get_full_path())


admin.site.register(ReportQueue, ReportQueueAdmin)

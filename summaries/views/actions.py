"""Votes and reports on a summary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from infra.ratelimit import ratelimit
from summaries import services
from summaries.forms import ReportForm, VoteForm
from summaries.models import Summary


@require_POST
@ratelimit("vote")
def summary_vote(request, pk):
    if not request.user.is_authenticated:
        # Back to the summary after logging in, not to this POST-only URL.
        summary = get_object_or_404(Summary.objects.visible().select_related("paper"), pk=pk)
        return redirect_to_login(summary.get_absolute_url())
    summary = get_object_or_404(Summary.objects.with_listing_data().openable_by(request.user), pk=pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("A vote is +1 or -1.")
    try:
        services.summary_vote(summary=summary, user=request.user, value=form.cleaned_data["value"])
    except ValidationError as refused:  # the service's rules: not one's own summary, public summaries only
        raise PermissionDenied(" ".join(refused.messages)) from refused
    return redirect(summary.get_actions_url())


@ratelimit("report")
@login_required
def summary_report(request, pk):
    summary = get_object_or_404(Summary.objects.with_listing_data().openable_by(request.user), pk=pk)
    if summary.author_id == request.user.pk:
        raise PermissionDenied("This is your own summary: edit or delete it instead of reporting it.")
    form = ReportForm(request.POST or None)
    context = {"form": form, "summary": summary, "paper": summary.paper}
    if request.method == "POST":
        if form.is_valid():
            services.report_create(summary=summary, reporter=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, "Thank you. A moderator will look at this summary.")
            return redirect(summary)
        return render(request, "summaries/summary_report.html", context, status=400)
    return render(request, "summaries/summary_report.html", context)

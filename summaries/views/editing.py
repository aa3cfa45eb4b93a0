"""Writing summaries: a new one, editing one, deleting one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from infra.ratelimit import ratelimit
from papers.models import Paper
from summaries import services
from summaries.forms import SummaryForm
from summaries.models import DUPLICATE_SUMMARY_MESSAGE, Summary


def _changeable_summary(request, pk):
    """The summary, if this user may change it: 404 if they may not even open it, 403 if they may only read it."""
    summary = get_object_or_404(Summary.objects.with_listing_data().openable_by(request.user), pk=pk)
    if not summary.can_be_changed_by(request.user):
        raise PermissionDenied("Only the author of this summary, or a moderator, can change it.")
    return summary


@ratelimit("summary")
@login_required
def summary_create(request, pk, slug):
    paper = get_object_or_404(Paper, pk=pk)
    mine = paper.summaries.filter(author=request.user)
    existing = mine.first()
    if existing is not None and request.method != "POST":
        messages.info(request, "You have already summarized this paper; you can edit your summary here.")
        return redirect("summary_edit", existing.pk)
    form = SummaryForm(request.POST or None)
    if request.method == "POST":
        # With a summary already there (a second tab, the back button), the page comes back with the text typed
        # here kept and a link to that summary: nothing typed is dropped.
        if existing is None and form.is_valid():
            try:
                summary = services.summary_create(
                    paper=paper, author=request.user, body=form.cleaned_data["body"],
                    is_private=form.cleaned_data["is_private"], is_anonymous=form.cleaned_data["anonymous"],
                )
            except ValidationError as exc:
                existing = mine.first()  # saved by another tab meanwhile
                if existing is None:
                    form.add_error(None, exc)
            else:
                messages.success(request, "Your summary is published." if not summary.is_private
                                 else "Your private summary is saved. Share it with its secret link.")
                return redirect(summary)
        context = {"form": form, "paper": paper, "existing": existing, "duplicate_message": DUPLICATE_SUMMARY_MESSAGE}
        return render(request, "summaries/summary_form.html", context, status=400)
    return render(request, "summaries/summary_form.html", {"form": form, "paper": paper})


@ratelimit("summary")
@login_required
def summary_edit(request, pk):
    summary = _changeable_summary(request, pk)
    initial = {"body": summary.body, "is_private": summary.is_private, "anonymous": summary.is_anonymous}
    form = SummaryForm(request.POST or None, initial=initial)
    context = {"form": form, "paper": summary.paper, "summary": summary}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            services.summary_update(summary=summary, body=data["body"], is_private=data["is_private"],
                                    is_anonymous=data["anonymous"])
            messages.success(request, "Your changes are saved.")
            return redirect(summary)
        return render(request, "summaries/summary_form.html", context, status=400)
    return render(request, "summaries/summary_form.html", context)


@login_required
def summary_delete(request, pk):
    summary = _changeable_summary(request, pk)
    if request.method == "POST":
        paper = summary.paper
        services.summary_delete(summary=summary)
        messages.success(request, "The summary is deleted.")
        return redirect(paper)
    return render(request, "summaries/summary_confirm_delete.html", {"summary": summary, "paper": summary.paper})



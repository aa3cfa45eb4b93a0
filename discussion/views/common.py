"""What the discussion's views share: finding what a user may change, and the report page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from discussion import services
from discussion.forms import DiscussionReportForm


def require_changeable(item, user, what):
    """403 unless the user wrote it or moderates."""
    if not item.can_be_changed_by(user):
        raise PermissionDenied(f"Only the writer of this {what}, or a moderator, can change it.")
    return item


def report_page(request, *, item, what, back_url):
    """The report form for a comment, question or answer (not one's own)."""
    if item.author_id is not None and item.author_id == request.user.pk:
        raise PermissionDenied(f"This is your own {what}: edit or delete it instead of reporting it.")
    form = DiscussionReportForm(request.POST or None)
    context = {"form": form, "item": item, "what": what, "back_url": back_url}
    if request.method == "POST":
        if form.is_valid():
            services.report_create(reporter=request.user, reason=form.cleaned_data["reason"], **{what: item})
            messages.success(request, f"Thank you. A moderator will look at this {what}.")
            return redirect(back_url)
        return render(request, "discussion/report.html", context, status=400)
    return render(request, "discussion/report.html", context)

"""Reading summaries outside their paper page; writing, voting on and reporting them; the editor's endpoints."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.module_loading import import_string
from django.views.decorators.http import require_POST

from accounts.ratelimit import ratelimit
from papers.models import Paper
from summaries import services
from summaries.forms import ReportForm, SummaryForm, VoteForm, validate_summary_body
from summaries.images import image_for_storage
from summaries.models import DUPLICATE_SUMMARY_MESSAGE, Summary


def summary_share(request, token):
    """A private summary's secret link: readable by whoever has it (hidden summaries stay hidden)."""
    summary = get_object_or_404(
        Summary.objects.with_listing_data().filter(is_hidden=False), share_token=token
    )
    return render(request, "summaries/summary_share.html", {"summary": summary, "paper": summary.paper})


def _summary_for(request, pk):
    """The summary if this user may see it at all (404 otherwise: private and hidden ones do not leak)."""
    queryset = Summary.objects.with_listing_data()
    if not request.user.is_staff:
        queryset = queryset.visible_to(request.user)
    return get_object_or_404(queryset, pk=pk)


def _check_can_change(user, summary):
    if not (user.is_staff or (summary.author_id is not None and summary.author_id == user.pk)):
        raise PermissionDenied("Only the author of this summary, or a moderator, can change it.")


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
                    is_private=form.cleaned_data["is_private"],
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
    summary = _summary_for(request, pk)
    _check_can_change(request.user, summary)
    initial = {"body": summary.body, "is_private": summary.is_private}
    form = SummaryForm(request.POST or None, initial=initial)
    context = {"form": form, "paper": summary.paper, "summary": summary}
    if request.method == "POST":
        if form.is_valid():
            services.summary_update(
                summary=summary, body=form.cleaned_data["body"], is_private=form.cleaned_data["is_private"]
            )
            messages.success(request, "Your changes are saved.")
            return redirect(summary)
        return render(request, "summaries/summary_form.html", context, status=400)
    return render(request, "summaries/summary_form.html", context)


@login_required
def summary_delete(request, pk):
    summary = _summary_for(request, pk)
    _check_can_change(request.user, summary)
    if request.method == "POST":
        paper = summary.paper
        services.summary_delete(summary=summary)
        messages.success(request, "The summary is deleted.")
        return redirect(paper)
    return render(request, "summaries/summary_confirm_delete.html", {"summary": summary, "paper": summary.paper})


@require_POST
@ratelimit("vote")
def summary_vote(request, pk):
    if not request.user.is_authenticated:
        # Back to the summary after logging in, not to this POST-only URL.
        summary = get_object_or_404(Summary.objects.visible().select_related("paper"), pk=pk)
        return redirect_to_login(summary.get_absolute_url())
    summary = _summary_for(request, pk)
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
    summary = _summary_for(request, pk)
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


@require_POST
@login_required
def markdown_preview(request):
    """The editor's live preview, through the same sanitizing renderer as saved summaries."""
    content = request.POST.get("content", "")
    if len(content.encode("utf-8")) > 2 * 100 * 1024:
        return HttpResponseBadRequest("The summary is too long to preview (over 100 KB).")
    try:
        validate_summary_body(content)
    except ValidationError as exc:
        if exc.code != "empty":
            return HttpResponseBadRequest(" ".join(exc.messages))
    return HttpResponse(import_string(settings.MARKDOWNX_MARKDOWNIFY_FUNCTION)(content))


@require_POST
@ratelimit("upload")
@login_required
def image_upload(request):
    """An image pasted or dropped into the editor: a real image (summaries.images), stored under a random name."""
    upload = request.FILES.get("image")
    if upload is None:
        return JsonResponse({"image": ["No image was uploaded."]}, status=400)
    if upload.size > settings.MARKDOWNX_UPLOAD_MAX_SIZE:
        limit = settings.MARKDOWNX_UPLOAD_MAX_SIZE // (1024 * 1024)
        return JsonResponse({"image": [f"Images can be at most {limit} MB."]}, status=400)
    try:
        content, extension = image_for_storage(upload)
    except ValidationError as error:
        return JsonResponse({"image": error.messages}, status=400)
    name = f"{settings.MARKDOWNX_MEDIA_PATH}{uuid.uuid4().hex}.{extension}"
    stored = default_storage.save(name, ContentFile(content))
    return JsonResponse({"image_code": f"![]({default_storage.url(stored)})"})

"""The directory of writers, avatars, and one's own data: the download and deleting the account."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control
from django.views.generic import ListView

from infra.pagination import CountedPaginator
from infra.ratelimit import ratelimit
from pagecache.decorators import cache_public_page
from people import services
from people.export import export_members, stream_zip
from people.forms import AccountDeleteForm, AvatarForm
from people.identicon import anonymous_svg, identicon_svg
from people.models import WRITER_SORTS, Writer
from people.reputation import ACCEPTED_ANSWER_BONUS
from summaries.images import image_for_storage

WRITERS_PER_PAGE = 50
YEAR = 365 * 24 * 3600


@method_decorator(cache_public_page, name="dispatch")
class WriterDirectoryView(ListView):
    """Writers with a public summary signed with their name, by reputation, name or newest; one index page a page."""

    template_name = "people/directory.html"
    context_object_name = "writers"
    paginate_by = WRITERS_PER_PAGE

    def get_sort(self):
        sort = self.request.GET.get("sort", "reputation")
        return sort if sort in WRITER_SORTS else "reputation"

    def get_queryset(self):
        # The page's ids first, from the order's partial index alone (deep pages skip index entries, not joined
        # rows); then those writers with their users and profiles.
        return Writer.objects.listed().sorted_by(self.get_sort()).values_list("pk", flat=True)

    def get_paginator(self, queryset, per_page, **kwargs):
        return CountedPaginator(queryset, per_page, count=Writer.objects.listed().count())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ids = list(context["writers"])
        rows = Writer.objects.for_directory().in_bulk(ids)
        sorts = [(key, label) for key, (label, _) in WRITER_SORTS.items()]
        return {**context, "writers": [rows[pk] for pk in ids], "sort": self.get_sort(), "sorts": sorts,
                "accepted_bonus": ACCEPTED_ANSWER_BONUS}


@cache_control(public=True, max_age=YEAR, immutable=True)
def identicon(request, pk):
    return HttpResponse(identicon_svg(pk), content_type="image/svg+xml")


@cache_control(public=True, max_age=YEAR, immutable=True)
def anonymous_avatar(request):
    return HttpResponse(anonymous_svg(), content_type="image/svg+xml")


@ratelimit("upload")
@login_required
def avatar_edit(request):
    form = AvatarForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            picture = form.cleaned_data["picture"]
            try:
                content, extension = image_for_storage(picture) if picture else (None, "")
            except ValidationError as refused:
                form.add_error("picture", refused)
            else:
                services.avatar_set(user=request.user, content=content, extension=extension)
                messages.success(request, "Your picture is saved." if content else "You have the identicon again.")
                return redirect("profile_detail", request.user.get_username())
        return render(request, "people/avatar_form.html", {"form": form}, status=400)
    return render(request, "people/avatar_form.html", {"form": form})


@login_required
def data_export(request):
    """All of one's summaries as a zip, written while it is sent (people.export)."""
    members = export_members(request.user, request.build_absolute_uri("/").rstrip("/"))
    response = StreamingHttpResponse(stream_zip(members), content_type="application/zip")
    name = f"shortscience-{request.user.get_username()}-{timezone.now():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@ratelimit("login")
@login_required
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            keep = form.cleaned_data["summaries"] == "anonymous"
            services.account_delete(user=request.user, keep_summaries=keep)
            logout(request)
            messages.success(request, "Your account is deleted." + (" Your summaries stay, by “Anonymous”." if keep
                                                                   else " Your summaries are deleted with it."))
            return redirect("home")
        return render(request, "people/account_delete.html", {"form": form}, status=400)
    return render(request, "people/account_delete.html", {"form": form})

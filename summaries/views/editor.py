"""The summary editor's endpoints: the live preview and image uploads (django-markdownx's widget posts here)."""

import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.module_loading import import_string
from django.views.decorators.http import require_POST

from infra.ratelimit import PERIOD_NAMES, hit, parse_rate, ratelimit
from summaries.forms import validate_summary_body
from summaries.images import image_for_storage
from summaries.templatetags.summary_display import nest_headings

# The preview sits under the editor page's <h1>: its headings start at <h2>, as on the summary's share page.
PREVIEW_UNDER_HEADING_LEVEL = 1


@require_POST
@login_required
def markdown_preview(request):
    """The editor's live preview, through the same sanitizing renderer as saved summaries.

    Rendering a 100 KB summary takes up to half a second, so previews are rate-limited per user and per address
    ("preview" in settings.RATELIMITS). markdownx's script shows whatever comes back in the preview, so the 429 is a
    sentence for that box rather than the 429 page.
    """
    if hit(request, "preview"):
        limit, period = parse_rate(settings.RATELIMITS["preview"])
        return HttpResponse(
            f"<p>Too many previews in a short while (the limit is {limit} per {PERIOD_NAMES[period]}): "
            "the preview comes back in a moment. Your text is safe.</p>",
            status=429,
        )
    content = request.POST.get("content", "")
    if len(content.encode("utf-8")) > 2 * 100 * 1024:
        return HttpResponseBadRequest("The summary is too long to preview (over 100 KB).")
    try:
        validate_summary_body(content)
    except ValidationError as exc:
        if exc.code != "empty":
            return HttpResponseBadRequest(" ".join(exc.messages))
    rendered = import_string(settings.MARKDOWNX_MARKDOWNIFY_FUNCTION)(content)
    return HttpResponse(nest_headings(rendered, PREVIEW_UNDER_HEADING_LEVEL))


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

"""The notifications pages: the list, reading, mail preferences and the private feed's secret, follow buttons'
target, and the unsubscribe link (signed: no login needed)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from infra.ratelimit import ratelimit
from notifications import mail, services
from notifications.forms import MailPreferencesForm
from notifications.models import MailPreferences, Notification
from papers.models import Author, Paper, Venue

FOLLOWABLE = {"paper": Paper, "author": Author, "venue": Venue, "user": get_user_model()}


@login_required
def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user).visible().for_display()
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    context = {"page_obj": page, "paginator": page.paginator, "is_paginated": page.has_other_pages(),
               "notifications": page.object_list}
    return render(request, "notifications/list.html", context)


@require_POST
@login_required
def notifications_mark_read(request):
    count = services.mark_all_read(user=request.user)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked read.")
    return redirect("notification_list")


@login_required
def notification_open(request, pk):
    notification = get_object_or_404(Notification.objects.visible().for_display(), pk=pk, recipient=request.user)
    services.mark_read(notification=notification)
    return redirect(notification.get_target_url())


@login_required
def notification_settings(request):
    prefs = MailPreferences.of(request.user)
    form = MailPreferencesForm(request.POST or None, instance=prefs)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your mail preferences are saved.")
        return redirect("notification_settings")
    feed_url = request.build_absolute_uri(f"/notifications/feed/{prefs.feed_token}/")
    return render(request, "notifications/settings.html", {"form": form, "feed_url": feed_url},
                  status=400 if request.method == "POST" else 200)


@require_POST
@login_required
def feed_regenerate(request):
    services.feed_token_regenerate(user=request.user)
    messages.success(request, "Your feed has a new secret address; the old one no longer works.")
    return redirect("notification_settings")


@require_POST
@ratelimit("follow")
def follow_toggle(request, kind, pk):
    target = get_object_or_404(FOLLOWABLE[kind], pk=pk) if kind in FOLLOWABLE else None
    if target is None:
        raise Http404("Nothing of that kind can be followed.")
    back = request.POST.get("next", "")
    back = back if back.startswith("/") and not back.startswith("//") else "/"
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    followed = services.follow_toggle(follower=request.user, target_kind=kind, target=target)
    messages.success(request, f"You {'now follow' if followed else 'no longer follow'} {target}.")
    return redirect(back)


@csrf_exempt  # the signed token is the proof; mail programs POST here without a form (RFC 8058 one-click)
def unsubscribe(request, token):
    try:
        user_id, kind = mail.read_unsubscribe_token(token)
    except signing.BadSignature as refused:
        raise Http404("This unsubscribe link is not valid.") from refused
    if request.method == "POST":
        services.unsubscribe(user_id=user_id, kind=kind)
    context = {"done": request.method == "POST", "kind_label": mail.kind_label(kind)}
    return render(request, "notifications/unsubscribe.html", context)

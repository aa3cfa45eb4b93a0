"""Sign-up, profile pages and profile editing; login, logout and passwords are Django's auth views."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts import login_throttle
from accounts.confirmation import ConfirmationError, email_confirm, has_confirmed_email, send_confirmation_mail
from accounts.forms import LoginForm, ProfileForm, SignUpForm
from accounts.models import Profile
from accounts.services import profile_update, user_sign_up
from infra.ratelimit import ratelimit
from summaries.models import Vote


def _safe_next(request, fallback="home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


class LoginView(auth_views.LoginView):
    """Django's login view with the failed-login lockout: a locked-out attempt gets a 429 with the form."""

    authentication_form = LoginForm

    def form_invalid(self, form):
        if form.has_error(NON_FIELD_ERRORS, "locked_out"):
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            username = form.cleaned_data.get("username") or ""
            response["Retry-After"] = str(login_throttle.locked_for(self.request, username))
            return response
        return super().form_invalid(form)


@ratelimit("signup")
def signup(request):
    if request.user.is_authenticated:
        return redirect("profile_detail", request.user.get_username())
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                user = user_sign_up(
                    username=form.cleaned_data["username"],
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password1"],
                    display_name=form.cleaned_data["display_name"],
                    site_url=request.build_absolute_uri("/"),
                )
            except ValidationError as exc:  # e.g. the username was taken by a sign-up at the same moment
                form.add_error(None, exc)
            else:
                login(request, user)
                messages.success(request, f"Welcome, {user.get_username()}! Your account is ready. We mailed a link to "
                                          f"{user.email}: open it to confirm the address and receive notifications.")
                return redirect(_safe_next(request))
        return render(request, "accounts/signup.html", {"form": form, "next": _safe_next(request, "")}, status=400)
    return render(request, "accounts/signup.html", {"form": form, "next": _safe_next(request, "")})


def profile_detail(request, username):
    user = get_object_or_404(get_user_model(), username=username, is_active=True)
    profile = Profile.objects.filter(user=user).first() or Profile(user=user)
    summaries = user.summaries.visible().select_related("paper", "paper__venue").latest()
    if request.user != user:  # the writer sees their anonymous summaries, marked; nobody else does
        summaries = summaries.signed()
    votes = Vote.objects.filter(summary__author=user, summary__is_hidden=False).aggregate(
        up=Count("pk", filter=Q(value=1)), down=Count("pk", filter=Q(value=-1)), score=Sum("value")
    )
    return render(
        request,
        "accounts/profile_detail.html",
        {"profile_user": user, "profile": profile, "summaries": summaries, "votes": votes},
    )


@login_required
def profile_edit(request):
    profile = Profile.objects.filter(user=request.user).first() or Profile(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            profile_update(user=request.user, display_name=form.cleaned_data["display_name"],
                           bio=form.cleaned_data["bio"], orcid=form.cleaned_data["orcid"])
            messages.success(request, "Your profile is saved.")
            return redirect("profile_detail", request.user.get_username())
    context = {"form": form, "email_confirmed": has_confirmed_email(request.user)}
    return render(request, "accounts/profile_edit.html", context, status=400 if form.is_bound else 200)


def email_confirm_page(request, token):
    """The link of the confirmation mail: a GET marks the address confirmed (it changes nothing else)."""
    try:
        user = email_confirm(token=token)
    except ConfirmationError as error:
        return render(request, "accounts/email_confirm.html", {"error": str(error)}, status=400)
    return render(request, "accounts/email_confirm.html", {"confirmed_user": user})


@require_POST
@login_required
@ratelimit("confirmation")
def email_confirmation_resend(request):
    if has_confirmed_email(request.user):
        messages.info(request, f"Your address {request.user.email} is already confirmed.")
    elif send_confirmation_mail(request.user, site_url=request.build_absolute_uri("/")):
        messages.success(request, f"We mailed a new confirmation link to {request.user.email}.")
    else:
        messages.error(request, "The mail server did not take the mail; please try again in a few minutes.")
    return redirect("profile_edit")

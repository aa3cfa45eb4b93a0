"""Confirming an email address: a signed link, valid for EMAIL_CONFIRMATION_DAYS, that names the user and the
address it was sent to (a link sent to an address the user has since changed confirms nothing)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import Profile

logger = logging.getLogger(__name__)
SALT = "accounts.email-confirmation"


class ConfirmationError(Exception):
    """The link is broken, expired, or for an address the account no longer has."""


def confirmation_token(user) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=SALT, compress=True)


def confirmation_url(user, site_url: str) -> str:
    return site_url.rstrip("/") + reverse("email_confirm", args=[confirmation_token(user)])


def has_confirmed_email(user) -> bool:
    """Whether the user's current address is the one they confirmed (notification mail goes only there)."""
    profile = Profile.objects.filter(user=user).only("confirmed_email").first()
    return profile is not None and profile.has_confirmed(user.email)


@transaction.atomic
def email_confirm(*, token: str):
    """Mark the address of the link confirmed; returns the user. Raises ConfirmationError for a bad link."""
    max_age = settings.EMAIL_CONFIRMATION_DAYS * 24 * 60 * 60
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ConfirmationError(
            f"This confirmation link has expired (links are valid for {settings.EMAIL_CONFIRMATION_DAYS} days). "
            "Log in and ask for a new one on your profile page."
        ) from exc
    except signing.BadSignature as exc:
        raise ConfirmationError("This confirmation link is not valid: check that it was copied whole.") from exc
    user = get_user_model().objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None or not user.email or user.email.lower() != str(data.get("email", "")).lower():
        raise ConfirmationError("This confirmation link is for an address this account no longer has.")
    profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
    profile.confirmed_email = user.email
    profile.save(update_fields=["confirmed_email"])
    return user


def send_confirmation_mail(user, *, site_url: str) -> bool:
    """Mail the confirmation link; False (logged) when the mail server refused it."""
    context = {"user": user, "url": confirmation_url(user, site_url), "days": settings.EMAIL_CONFIRMATION_DAYS}
    try:
        send_mail(
            subject="Confirm your email address for ShortScience",
            message=render_to_string("registration/email_confirmation.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
    except Exception:  # the account exists either way; the user can ask for the link again from their profile
        logger.exception("could not mail the confirmation link to user %s", user.pk)
        return False
    return True

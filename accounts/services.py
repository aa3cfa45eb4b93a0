"""Account writes: creating a user together with their profile, and editing the profile."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from accounts.confirmation import send_confirmation_mail
from accounts.models import Profile

logger = logging.getLogger(__name__)


@transaction.atomic
def user_sign_up(*, username: str, email: str, password: str, display_name: str = "", site_url: str = ""):
    """Create the user and their profile in one transaction.

    An email address that other accounts already use is accepted (refusing it would tell anyone which addresses
    have accounts); those accounts' holders get a mail saying so once the new account is committed.
    """
    existing = list(get_user_model().objects.filter(email__iexact=email, is_active=True))
    user = get_user_model()(username=username, email=email)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # a concurrent sign-up took the username since full_clean looked
        taken = user._meta.get_field("username").error_messages["unique"]
        raise ValidationError({"username": taken}) from exc
    profile = Profile(user=user, display_name=display_name)
    profile.full_clean()
    profile.save()
    # The address is unconfirmed until the link is opened (accounts.confirmation): mailed once the user exists.
    transaction.on_commit(lambda: send_confirmation_mail(user, site_url=site_url or settings.SITE_URL))
    if existing:
        transaction.on_commit(
            lambda: _mail_existing_account_holders(existing, new_username=username, site_url=site_url)
        )
    return user


def _mail_existing_account_holders(accounts, *, new_username: str, site_url: str) -> None:
    for account in accounts:
        context = {"account": account, "new_username": new_username, "site_url": site_url}
        try:
            send_mail(
                subject="A new ShortScience account uses your email address",
                message=render_to_string("registration/signup_email_in_use.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[account.email],
            )
        except Exception:  # the account exists either way; a mail server that is down must not fail the sign-up
            logger.exception("could not tell user %s about a sign-up with their email address", account.pk)


@transaction.atomic
def profile_update(*, user, display_name: str, bio: str, orcid: str = "") -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    profile.display_name = display_name
    profile.bio = bio
    profile.orcid = orcid
    profile.full_clean()
    profile.save()
    return profile

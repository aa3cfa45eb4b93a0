"""Account writes: creating a user together with their profile."""

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.models import Profile


@transaction.atomic
def user_sign_up(*, username: str, email: str, password: str, display_name: str = ""):
    """Create the user and their profile in one transaction."""
    user = get_user_model()(username=username, email=email)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    profile = Profile(user=user, display_name=display_name)
    profile.full_clean()
    profile.save()
    return user


@transaction.atomic
def profile_update(*, user, display_name: str, bio: str) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    profile.display_name = display_name
    profile.bio = bio
    profile.full_clean()
    profile.save()
    return profile

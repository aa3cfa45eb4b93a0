"""What a contributor tells readers about themselves, beside Django's auth user."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from accounts.orcid import orcid_url, validate_orcid


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(
        max_length=100, blank=True, help_text="Shown on the profile page; the username is used when empty."
    )
    bio = models.TextField(max_length=1000, blank=True, help_text="A few plain-text lines shown on the profile page.")
    orcid = models.CharField(
        "ORCID iD", max_length=19, blank=True, validators=[validate_orcid],
        help_text="The writer's ORCID iD (0000-0002-1825-0097), checked by its check character; shown as a link.",
    )
    confirmed_email = models.EmailField(
        blank=True, editable=False,
        help_text="The address the user proved to read by opening the sign-up link. Notification mail goes only to an "
                  "account whose address is this one.",
    )
    avatar = models.FileField(
        upload_to="avatars/", blank=True, max_length=200,
        help_text="An uploaded picture, checked and re-encoded like summary images; empty: the drawn identicon.",
    )

    def __str__(self):
        return self.display_name or self.user.get_username()

    def get_absolute_url(self):
        return reverse("profile_detail", args=[self.user.get_username()])

    @property
    def orcid_url(self):
        return orcid_url(self.orcid) if self.orcid else ""

    def has_confirmed(self, email):
        return bool(email) and self.confirmed_email.lower() == email.lower()

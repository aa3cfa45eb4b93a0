"""A user's claim that an author page is theirs ("this is me"), approved or refused by staff."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from papers.models import Author

DUPLICATE_APPROVAL_MESSAGE = "Another claim on this author page is already approved: refuse one of them first."


class AuthorClaimQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=AuthorClaim.Status.APPROVED)

    def open(self):
        """Claims that still stand: pending or approved (a refused one does not block another)."""
        return self.exclude(status=AuthorClaim.Status.REFUSED)


class AuthorClaim(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="author_claims")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING,
        help_text="Approve only when the user shows this is them (an ORCID iD on their profile, a mail from the "
                  "address on the paper, ...). One approved claim per author page.",
    )
    created = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = AuthorClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["author"], condition=Q(status="approved"), name="one_approved_claim_per_author",
                violation_error_message=DUPLICATE_APPROVAL_MESSAGE,
            ),
            models.UniqueConstraint(
                fields=["author", "user"], condition=~Q(status="refused"), name="one_open_claim_per_user_and_author",
                violation_error_message="You have already claimed this author page.",
            ),
        ]

    def __str__(self):
        return f"{self.user} is {self.author} ({self.get_status_display()})"

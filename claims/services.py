"""Claims: made by a user on an author page, decided by staff in the admin."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.models import DUPLICATE_APPROVAL_MESSAGE, AuthorClaim


@transaction.atomic
def author_claim_create(*, author, user) -> AuthorClaim:
    """A pending claim. Refused when the page is already someone's, or this user's claim on it is open."""
    if AuthorClaim.objects.approved().filter(author=author).exclude(user=user).exists():
        raise ValidationError("This author page is already claimed by another user.", code="taken")
    if AuthorClaim.objects.open().filter(author=author, user=user).exists():
        raise ValidationError("You have already claimed this author page.", code="duplicate")
    claim = AuthorClaim(author=author, user=user)
    claim.full_clean()
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError as exc:  # the same claim sent twice at once: the constraint is the last word
        raise ValidationError("You have already claimed this author page.", code="duplicate") from exc
    return claim


@transaction.atomic
def author_claim_decide(*, claim: AuthorClaim, approve: bool, by) -> AuthorClaim:
    """Approve or refuse; approving while another claim on the page is approved is refused."""
    claim = AuthorClaim.objects.select_for_update().get(pk=claim.pk)
    status = AuthorClaim.Status.APPROVED if approve else AuthorClaim.Status.REFUSED
    if approve and AuthorClaim.objects.approved().filter(author_id=claim.author_id).exclude(pk=claim.pk).exists():
        raise ValidationError(DUPLICATE_APPROVAL_MESSAGE, code="taken")
    claim.status, claim.decided_at, claim.decided_by = status, timezone.now(), by
    try:
        with transaction.atomic():
            claim.save()  # saved through the model: the page cache's write hooks see it
    except IntegrityError as exc:
        raise ValidationError(DUPLICATE_APPROVAL_MESSAGE, code="taken") from exc
    return claim

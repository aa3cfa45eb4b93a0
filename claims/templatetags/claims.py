"""Claims on pages owned by other apps: the author page (papers) and the profile page (accounts)."""

from django import template

from claims.models import AuthorClaim
from papers.models import Paper

register = template.Library()
PROFILE_PAPERS = 100


@register.simple_tag(takes_context=True)
def author_claim_status(context, author):
    """{"approved": the approved claim (with its user's profile) or None, "mine": this user's open claim or None}."""
    user = context["request"].user
    claims = list(AuthorClaim.objects.open().filter(author=author).select_related("user__profile"))
    approved = next((c for c in claims if c.status == AuthorClaim.Status.APPROVED), None)
    mine = next((c for c in claims if user.is_authenticated and c.user_id == user.pk), None)
    return {"approved": approved, "mine": mine}


@register.filter
def claimed_authors(user):
    """The author pages approved as this user's, each with `papers`: newest first, at most PROFILE_PAPERS."""
    authors = [claim.author for claim in AuthorClaim.objects.approved().filter(user=user).select_related("author")]
    for author in authors:
        author.claimed_papers = list(
            Paper.objects.filter(authorships__author=author).select_related("venue").order_by("-year", "title")
            [:PROFILE_PAPERS]
        )
    return authors

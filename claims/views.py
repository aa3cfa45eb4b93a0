"""'This is me': a logged-in user claims an author page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from claims.services import author_claim_create
from infra.ratelimit import ratelimit
from papers.models import Author


@require_POST
@login_required
@ratelimit("claim")
def author_claim(request, slug):
    author = get_object_or_404(Author, slug=slug)
    try:
        author_claim_create(author=author, user=request.user)
    except ValidationError as error:
        context = {"author": author, "error": " ".join(error.messages)}
        return render(request, "claims/claim_refused.html", context, status=409)
    messages.success(request, f"Your claim to be {author.name} is sent: a moderator will review it.")
    return redirect(author)

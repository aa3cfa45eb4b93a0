"""Writes on people: their picture, and deleting an account (their summaries deleted or left as "Anonymous")."""

import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import OuterRef

from accounts.models import Profile
from discussion.models import Answer, AnswerVote
from pagecache.models import catalogue_changed
from people.reputation import sum_of, writers_recount
from summaries.models import Summary, Vote
from summaries.services import summary_delete


@transaction.atomic
def avatar_set(*, user, content: bytes | None, extension: str = "") -> Profile:
    """Store `content` (checked and re-encoded by summaries.images.image_for_storage) as the picture of `user`, or
    with None go back to the identicon; the old file is removed once the change is committed."""
    profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
    old = profile.avatar.name if profile.avatar else ""
    if content is None:
        profile.avatar = ""
    else:
        profile.avatar.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(content), save=False)
    profile.save(update_fields=["avatar"])
    if old:
        storage = profile.avatar.storage
        transaction.on_commit(lambda: storage.delete(old))
    return profile


def _votes_withdrawn(user) -> set:
    """Delete the user's votes and set the scores they were part of to the sum of the votes left; returns the writers
    whose reputation changes."""
    summary_ids = set(Vote.objects.filter(user=user).values_list("summary_id", flat=True))
    answer_ids = set(AnswerVote.objects.filter(user=user).values_list("answer_id", flat=True))
    Vote.objects.filter(user=user).delete()
    AnswerVote.objects.filter(user=user).delete()
    summaries = Summary.objects.filter(pk__in=summary_ids)
    answers = Answer.objects.filter(pk__in=answer_ids)
    summaries.update(score=sum_of(Vote.objects.filter(summary=OuterRef("pk")).order_by().values("summary"), "value"))
    answers.update(score=sum_of(AnswerVote.objects.filter(answer=OuterRef("pk")).order_by().values("answer"), "value"))
    return {*summaries.values_list("author_id", flat=True), *answers.values_list("author_id", flat=True)}


@transaction.atomic
def account_delete(*, user, keep_summaries: bool) -> None:
    """Delete the account: its votes (the scores and reputations they counted in are recomputed) and follows go, its
    summaries are deleted or kept as "Anonymous" (no writer, no attribution), its comments, questions and answers stay
    by "a deleted user"; nothing left names the user."""
    writers = _votes_withdrawn(user)
    for summary in Summary.objects.select_for_update().filter(author=user).select_related("paper"):
        if keep_summaries:
            summary.author, summary.attribution, summary.is_anonymous = None, "", True
            summary.save(update_fields=["author", "attribution", "is_anonymous"])
        else:
            summary_delete(summary=summary)
    profile = Profile.objects.filter(user=user).first()
    if profile is not None and profile.avatar:
        avatar_set(user=user, content=None)
    user.delete()  # follows both ways, notifications to them, the profile and the writer row go with it
    writers_recount(writers - {user.pk, None}, create=False)
    catalogue_changed()

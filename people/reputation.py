"""Reputation, computed from stored scores in one UPDATE per set of writers, in the transaction of the write that
changes it (receivers.py), and for everyone by `manage.py recompute_reputation`.

A writer's reputation is the sum of the scores (+1/-1 votes) of their public summaries (private and hidden ones
not counted, anonymous ones counted), plus the scores of their public answers, plus ACCEPTED_ANSWER_BONUS for each
of their public answers that its asker accepted.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Lower, NullIf

from accounts.models import Profile
from discussion.models import Answer
from papers.models import count_of
from people.models import Writer
from summaries.models import Summary

ACCEPTED_ANSWER_BONUS = 5


def sum_of(rows, field):
    """The sum of `field` over `rows` (correlated and grouped as for papers.models.count_of); 0 when there are none."""
    return Coalesce(Subquery(rows.annotate(total=Sum(field)).values("total")), 0)


def _stored_values(using):
    summaries = Summary.objects.using(using).visible().filter(author=OuterRef("pk")).order_by().values("author")
    answers = Answer.objects.using(using).public().filter(author=OuterRef("pk")).order_by().values("author")
    users = get_user_model().objects.using(using).filter(pk=OuterRef("pk"))
    display_name = Profile.objects.using(using).filter(user=OuterRef("pk")).values("display_name")[:1]
    return {
        "reputation": sum_of(summaries, "score") + sum_of(answers, "score")
        + count_of(answers.filter(is_accepted=True)) * Value(ACCEPTED_ANSWER_BONUS),
        "public_summary_count": count_of(summaries.signed()),
        "sort_name": Lower(Coalesce(NullIf(Subquery(display_name), Value("")), Subquery(users.values("username")))),
    }


def writers_recount(user_ids, *, using=None, create=True) -> None:
    """Recompute these writers' stored reputation, count and name (creating their rows with `create`)."""
    user_ids = {pk for pk in user_ids if pk is not None}
    if not user_ids:
        return
    writers = Writer.objects.db_manager(using)
    with transaction.atomic(using=using):
        if create:
            have = set(writers.filter(pk__in=user_ids).values_list("pk", flat=True))
            new = get_user_model().objects.using(using).filter(pk__in=user_ids - have)
            joined = new.values_list("pk", "date_joined")
            writers.bulk_create([Writer(user_id=pk, joined=when) for pk, when in joined], ignore_conflicts=True)
        writers.filter(pk__in=sorted(user_ids)).update(**_stored_values(using))


def reputation_recompute_all(*, using=None, batch_size=2000) -> int:
    """Every writer's row from scratch (after bulk writes that bypass the receivers); returns how many there are."""
    users = get_user_model().objects.using(using)
    with transaction.atomic(using=using):
        Writer.objects.db_manager(using).exclude(user__in=users.values("pk")).delete()
        writing = users.filter(pk__in=Summary.objects.using(using).filter(author__isnull=False).values("author"))
        writing |= users.filter(pk__in=Answer.objects.using(using).filter(author__isnull=False).values("author"))
        ids = list(writing.values_list("pk", flat=True).order_by("pk"))
        ids += list(Writer.objects.db_manager(using).exclude(pk__in=ids).values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            writers_recount(ids[start:start + batch_size], using=using)
    return len(ids)

"""Keeping the venues' stored counts (papers, summarized papers) right after writes that bypass the models' own
bookkeeping: a paper moved to another venue, a bulk import."""

from django.db import transaction
from django.db.models import Case, F, When

from papers.models import Venue


def venues_recount(*, venue_ids, using=None):
    """Recount these venues' stored counts, in the caller's transaction (or one of their own: the row locks)."""
    venue_ids = {pk for pk in venue_ids if pk is not None}
    if venue_ids:
        with transaction.atomic(using=using):
            Venue.objects.db_manager(using).filter(pk__in=venue_ids).recount()


def venues_count_added(*, added, using=None):
    """Add papers just written, none of them summarized, to their venues' paper_count ({venue id: how many}): one
    UPDATE that counts nothing again, where venues_recount reads every paper of the venues (a bulk import writing
    into venues of a million papers would recount them after every batch)."""
    added = {pk: n for pk, n in added.items() if pk is not None and n}
    if added:
        Venue.objects.db_manager(using).filter(pk__in=added).update(
            paper_count=F("paper_count") + Case(*(When(pk=pk, then=n) for pk, n in added.items()), default=0)
        )

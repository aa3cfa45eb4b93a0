"""The counts papers and venues store about summaries, kept current by summaries (papers knows nothing of them)."""

from django.db import transaction
from django.db.models import Max, OuterRef, Subquery

from pagecache.models import catalogue_changed
from papers.models import Paper, Venue, count_of, locked_in_pk_order
from summaries.models import Summary


def papers_recount(papers, *, lock=True):
    """Recompute summary_count and latest_summary_at of these papers from their public summaries (one UPDATE).

    With `lock`, the papers are locked first, as in VenueQuerySet.recount; the whole catalogue is recounted
    without it (recount_catalogue).
    """
    rows = locked_in_pk_order(papers) if lock else papers
    public = Summary.objects.using(papers.db).visible().filter(paper=OuterRef("pk")).order_by().values("paper")
    return rows.update(
        summary_count=count_of(public),
        latest_summary_at=Subquery(public.annotate(last=Max("created")).values("last")),
    )


def catalogue_counts_refresh(*, paper_ids, venue_ids=(), using=None):
    """Recount the given papers and their venues (and `venue_ids`), in the caller's transaction."""
    paper_ids = {pk for pk in paper_ids if pk is not None}
    papers = Paper.objects.db_manager(using)
    # A write outside a transaction (autocommit) gets one of its own: the row locks need it.
    with transaction.atomic(using=using):
        if paper_ids:
            papers_recount(papers.filter(pk__in=paper_ids))
            venue_ids = {*venue_ids, *papers.filter(pk__in=paper_ids).values_list("venue_id", flat=True)}
        venue_ids = {pk for pk in venue_ids if pk is not None}
        if venue_ids:
            Venue.objects.db_manager(using).filter(pk__in=venue_ids).recount()


def catalogue_recount(*, using=None):
    """Recount every paper and venue: after bulk writes that bypass signals (the generator, raw SQL)."""
    with transaction.atomic(using=using):
        papers_recount(Paper.objects.db_manager(using).all(), lock=False)
        Venue.objects.db_manager(using).all().recount(lock=False)
        catalogue_changed(using=using)

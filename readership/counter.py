"""Views counted in this process's memory and written in batches: a page view costs a dict increment.

A batch is written after READERSHIP_BATCH_VIEWS views or READERSHIP_BATCH_SECONDS seconds, whichever comes first
(checked at each counted view), and when the process exits. Writing it is two upserts: the papers' counters, and
the counters of their public summaries (a summary is viewed when its paper's page is shown), found in one query.
"""

import datetime as dt
import logging
import threading
import time
from collections import Counter

from django.db import DatabaseError, transaction

from papers.models import Paper
from readership.models import PaperDailyViews, SummaryDailyViews
from summaries.models import Summary

log = logging.getLogger(__name__)

_lock = threading.Lock()
_pending = Counter()  # {(paper id, day): views}
_state = {"views": 0, "since": time.monotonic()}
MAX_PENDING_KEYS = 100_000  # what a failing database can make us hold: beyond it, views are dropped, not memory


def record_paper_view(paper_id: int, *, batch_views: int, batch_seconds: float) -> None:
    """Count one view of the paper's page (today, UTC); write the batch when it is due (the middleware passes
    READERSHIP_BATCH_VIEWS and _SECONDS, read once: each read of django.conf.settings costs microseconds)."""
    day = dt.datetime.now(dt.UTC).date()
    with _lock:
        if len(_pending) < MAX_PENDING_KEYS or (paper_id, day) in _pending:
            _pending[(paper_id, day)] += 1
        _state["views"] += 1
        due = _state["views"] >= batch_views or time.monotonic() - _state["since"] >= batch_seconds
    if due:
        flush_quietly()


def take_pending() -> Counter:
    """The counted views not yet written, removed from the buffer."""
    global _pending
    with _lock:
        taken, _pending = _pending, Counter()
        _state["views"], _state["since"] = 0, time.monotonic()
    return taken


def flush() -> int:
    """Write the buffered views; returns how many views were written."""
    paper_views = take_pending()
    if not paper_views:
        return 0
    try:
        write(paper_views)
    except Exception:
        with _lock:  # kept for the next batch (a database that is down for a moment loses nothing)
            _pending.update(paper_views)
        raise
    return sum(paper_views.values())


def flush_quietly() -> int:
    """flush(), logging a database error instead of raising it: counting never fails a page."""
    try:
        return flush()
    except DatabaseError:
        log.warning("could not write the view counters; kept for the next batch", exc_info=True)
        return 0


def write(paper_views: Counter) -> None:
    paper_ids = {paper_id for paper_id, _ in paper_views}
    by_paper = {}
    for summary_id, paper_id in Summary.objects.visible().filter(paper_id__in=paper_ids).values_list("pk", "paper_id"):
        by_paper.setdefault(paper_id, []).append(summary_id)
    summary_views = Counter()
    for (paper_id, day), views in paper_views.items():
        for summary_id in by_paper.get(paper_id, ()):
            summary_views[(summary_id, day)] += views
    # A paper deleted since its view was counted is skipped (its summaries went with it).
    existing = set(Paper.objects.filter(pk__in=paper_ids).values_list("pk", flat=True))
    with transaction.atomic():  # both counters or neither
        PaperDailyViews.objects.add({key: n for key, n in paper_views.items() if key[0] in existing})
        if summary_views:
            SummaryDailyViews.objects.add(summary_views)

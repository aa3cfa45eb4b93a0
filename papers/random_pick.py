"""/papers/random/: a random paper with a public summary, in constant time at any catalogue size."""

import random

from django.db.models import Max, Min

from papers.models import Paper


def random_summarized_paper(*, pick=random.random):
    """A random paper with a public summary, or None, in two reads of the partial index paper_summarized (papers
    migration 0009), whatever the number of papers: its smallest and largest id, then the first id at or after a
    random point between them (no ORDER BY random() over the table). Papers after a gap in the ids come up more
    often; every one can."""
    summarized = Paper.objects.filter(summary_count__gt=0)  # the stored count, kept current by summaries
    bounds = summarized.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return None
    start = bounds["low"] + int(pick() * (bounds["high"] - bounds["low"] + 1))
    return summarized.filter(pk__gte=start).order_by("pk").only("pk", "slug").first()

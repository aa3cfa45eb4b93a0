"""A synthetic catalogue at scale, for benchmarks: venues, long-tailed authors, papers, keywords and summaries.

Everything is drawn from one `random.Random(seed)`, so a seed gives the same catalogue on an empty database.
Rows are written with `bulk_create` in batches inside one transaction; slugs are made unique in memory against
the slugs already in the database (one query per model, not one per row). Summaries reuse a pool of distinct
generated Markdown bodies rendered once, because rendering every row (~5 ms each) would dominate the run.
"""

import random
import time
from dataclasses import dataclass, field

from django.core.management import call_command
from django.db import transaction

from bench.synthetic.bulk import stored_timestamps, use_fast_toast_compression
from bench.synthetic.discussion import create_discussion
from bench.synthetic.papers import create_authors, create_keywords, create_papers, create_venues, draw_bylines
from bench.synthetic.summaries import create_summaries, render_pool
from bench.synthetic.text import TextGenerator
from discussion.models import Answer, Comment, Question
from papers.models import Paper
from summaries.counts import catalogue_recount
from summaries.models import Summary


def default_author_count(papers):
    """Authors in the pool: three names per paper, so that most authors have one paper (Lotka's law)."""
    return max(20, 3 * papers)


@dataclass
class CatalogueReport:
    """What catalogue_generate created, and the seconds each stage took."""

    venues: int = 0
    keywords: int = 0
    authors: int = 0
    papers: int = 0
    authorships: int = 0
    summaries: int = 0
    distinct_summary_bodies: int = 0
    comments: int = 0
    questions: int = 0
    answers: int = 0
    seconds: dict = field(default_factory=dict)

    def __str__(self):
        total = sum(self.seconds.values())
        stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in self.seconds.items())
        return (
            f"{self.papers} papers, {self.summaries} summaries ({self.distinct_summary_bodies} distinct bodies), "
            f"{self.authors} authors ({self.authorships} authorships), {self.venues} venues, "
            f"{self.keywords} keywords, {self.comments} comments, {self.questions} questions, {self.answers} answers "
            f"in {total:.1f} s ({stages})"
        )


def catalogue_generate(
    *, papers, summaries, venues=50, authors=None, seed=1, batch_size=2000, summary_pool=2000, progress=None,
    comments=0, questions=0,
):
    """Add a synthetic catalogue to the database in one transaction and return a CatalogueReport.

    `progress(stage, done, total)` is called after each batch, for commands that show progress.
    """
    rng = random.Random(seed)
    text = TextGenerator(rng)
    report = CatalogueReport()
    progress = progress or (lambda stage, done, total: None)
    authors = authors or default_author_count(papers)
    clock = time.perf_counter()

    def lap(stage):
        nonlocal clock
        now = time.perf_counter()
        report.seconds[stage] = report.seconds.get(stage, 0.0) + now - clock
        clock = now

    # The summary pool is rendered first (and outside the transaction): worker processes fork from here.
    pool_size = min(summary_pool, summaries)
    pool = render_pool([text.summary_markdown() for _ in range(pool_size)])
    report.distinct_summary_bodies = len(pool)
    progress("summary bodies rendered", len(pool), pool_size)
    lap("render")

    with transaction.atomic(), stored_timestamps(Paper, Summary, Comment, Question, Answer):
        use_fast_toast_compression()
        venue_rows = create_venues(venues, progress)
        report.venues = len(venue_rows)
        keyword_rows = create_keywords(progress)
        report.keywords = len(keyword_rows)
        lap("venues and keywords")

        # Draw every byline first, so that only authors who wrote something are created.
        bylines = draw_bylines(rng, papers, authors)
        used = sorted({rank for byline in bylines for rank in byline})
        author_by_rank = create_authors(text, used, batch_size, progress)
        report.authors = len(author_by_rank)
        lap("authors")

        paper_ids, paper_dates, authorships = create_papers(
            rng, text, papers, bylines, author_by_rank, venue_rows, keyword_rows, batch_size, progress
        )
        report.papers, report.authorships = len(paper_ids), authorships
        lap("papers")

        report.summaries = create_summaries(rng, summaries, paper_ids, paper_dates, pool, batch_size, progress)
        lap("summaries")

        # bulk_create and COPY send no signals: the stored counts are computed here, in bulk.
        catalogue_recount()
        progress("counts", 1, 1)
        lap("counts")

        report.comments, report.questions, report.answers = create_discussion(
            seed=seed, comments=comments, questions=questions, batch_size=batch_size, progress=progress
        )
        lap("discussion")

    # bulk_create and COPY bypass the signals that keep search documents current: one rebuild for the whole load.
    progress("search index", 0, 1)
    call_command("rebuild_search_index", batch_size=5000)
    progress("search index", 1, 1)
    lap("search index")
    return report


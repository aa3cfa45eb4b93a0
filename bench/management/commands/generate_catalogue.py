"""python manage.py generate_catalogue --papers 100000 --summaries 300000 --venues 50 --seed 1"""

import time

from django.core.management.base import BaseCommand, CommandError

from bench.synthetic.catalogue import catalogue_generate, default_author_count
from bench.synthetic.words import VENUES


def positive(value):
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Fill the database with a realistic synthetic catalogue for benchmarks (deterministic for a seed). "
        "Adds to what is there; run it on an empty database to get the same catalogue for the same seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--papers", type=positive, default=1000, help="Papers to create (default 1000).")
        parser.add_argument(
            "--summaries", type=positive, default=None, help="Summaries to create (default: 3 per paper)."
        )
        parser.add_argument("--venues", type=positive, default=50, help="Venues to spread papers over (default 50).")
        parser.add_argument(
            "--authors", type=positive, default=None,
            help="Size of the author pool papers draw from with a long-tailed law (default: three per paper).",
        )
        parser.add_argument(
            "--comments", type=positive, default=None,
            help="Comments under public summaries, long-tailed (default: one per summary; a third are replies).",
        )
        parser.add_argument(
            "--questions", type=positive, default=None, help="Questions about papers (default: one per 4 papers).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--batch-size", type=positive, default=2000, help="Rows per INSERT (default 2000).")
        parser.add_argument(
            "--summary-pool", type=positive, default=2000,
            help="Distinct summary bodies rendered once and reused across rows (default 2000).",
        )

    def handle(self, *args, papers, summaries, venues, authors, seed, batch_size, summary_pool, comments, questions,
               **options):
        summaries = 3 * papers if summaries is None else summaries
        comments = summaries if comments is None else comments
        questions = papers // 4 if questions is None else questions
        if papers and not venues:
            raise CommandError("--venues must be at least 1 when papers are generated")
        if not batch_size:
            raise CommandError("--batch-size must be at least 1")
        if summaries and not summary_pool:
            raise CommandError("--summary-pool must be at least 1 when summaries are generated")
        verbose = options["verbosity"] >= 1
        started = time.perf_counter()
        last_line = {}

        def progress(stage, done, total):
            # One line per batch would flood the terminal at 300k rows: about every 10% and at the end.
            step = max(1, total // 10)
            if verbose and (done == total or done // step != last_line.get(stage, -1)):
                last_line[stage] = done // step
                elapsed = time.perf_counter() - started
                self.stdout.write(f"  {stage:<24} {done:>8}/{total:<8} {elapsed:7.1f} s")
                self.stdout.flush()

        if verbose:
            self.stdout.write(
                f"Generating {papers} papers, {summaries} summaries, {venues} venues (of {len(VENUES)} named), "
                f"{authors or default_author_count(papers)} authors in the pool, seed {seed}"
            )
        report = catalogue_generate(
            papers=papers, summaries=summaries, venues=venues, authors=authors, seed=seed,
            batch_size=batch_size, summary_pool=summary_pool, progress=progress, comments=comments, questions=questions,
        )
        self.stdout.write(self.style.SUCCESS(f"Created {report}"))

"""Rebuild the stored counts: each paper's public summaries and latest summary, each venue's papers and summaries."""

import time

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from papers.models import Paper, Venue
from summaries.counts import catalogue_recount


class Command(BaseCommand):
    help = (
        "Recompute Paper.summary_count/latest_summary_at and Venue.paper_count/summary_count from the rows, "
        "after writes that bypassed the application (raw SQL, bulk loads). Safe to run at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        started = time.perf_counter()
        catalogue_recount(using=database)
        self.stdout.write(
            f"Recounted {Paper.objects.using(database).count()} papers and "
            f"{Venue.objects.using(database).count()} venues in {time.perf_counter() - started:.1f} s."
        )

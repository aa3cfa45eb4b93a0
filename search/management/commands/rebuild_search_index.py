"""python manage.py rebuild_search_index [--batch-size 1000] [--jobs N]"""

import os
from concurrent.futures import ThreadPoolExecutor

from django.core.management.base import BaseCommand
from django.db import connections, router

from papers.models import Paper
from search.models import PaperSearchDocument
from search.services import search_documents_update_in_bulk


def _index_here(paper_ids):
    return search_documents_update_in_bulk(paper_ids=paper_ids)


def _index_batch(paper_ids):
    """One batch in its own transaction, on this thread's own connection (closed when the batch is done)."""
    try:
        return search_documents_update_in_bulk(paper_ids=paper_ids)
    finally:
        connections.close_all()


class Command(BaseCommand):
    help = "Rebuild the search document of every paper (after a bulk load that bypassed signals). Safe to rerun."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000, help="Papers per transaction (default 1000).")
        parser.add_argument(
            "--jobs", type=int, default=os.cpu_count() or 1,
            help="Batches indexed at once, each on its own database connection (default: one per core). "
            "PostgreSQL computes the vectors, so this many of its cores are kept busy.",
        )

    def handle(self, *args, batch_size, jobs, **options):
        batch_size = max(1, batch_size)
        ids = list(Paper.objects.order_by("pk").values_list("pk", flat=True))
        batches = [ids[start : start + batch_size] for start in range(0, len(ids), batch_size)]
        connection = connections[router.db_for_write(PaperSearchDocument)]
        # Other connections cannot see rows of a transaction still open here, and SQLite takes one writer.
        if connection.in_atomic_block or connection.vendor != "postgresql":
            jobs = 1
        done = 0
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            indexed = pool.map(_index_batch, batches) if jobs > 1 else map(_index_here, batches)
            for count in indexed:
                done += count
                if options["verbosity"] >= 1:
                    self.stdout.write(f"  {done}/{len(ids)} papers indexed")
        # Nothing else can be stale: documents of deleted papers are deleted with them (on_delete=CASCADE).
        total = PaperSearchDocument.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {done} papers, {total} documents."))

"""The search documents of an import's batches: built in the batch's own transaction, or (PostgreSQL, outside a
caller's transaction) one batch behind, on a second connection, while the next batch is written.

A batch's documents are a quarter of its time on PostgreSQL (to_tsvector, and the GIN indexes of the vector and
the title's trigrams): built beside the next batch, by a second backend on the other core, they cost the import
little. The checkpoint keeps the ids of the committed batch whose documents are not built yet (documents_pending,
written in the batch's transaction, cleared in the documents' one), so that a run stopped between the two leaves
them to the run that resumes, which builds them first.
"""

from concurrent.futures import ThreadPoolExecutor

from django.db import connections, transaction

from importers.models import DblpImport
from pagecache.models import catalogue_changed
from papers.models import Paper
from papers.signals import papers_bulk_written


def import_settings(using):
    """The planner settings of the import's transactions (PostgreSQL).

    No JIT compilation: while a bulk load grows the tables, the planner's statistics lag behind them (autovacuum
    analyzes after 10% growth), its cost estimates for the batch's statements pass the JIT thresholds, and compiling
    took ~300 ms for a statement that runs in 20.

    No sequential scans where an index serves: every statement of a batch reads a few thousand rows by key (DBLP key,
    DOI, slug, DBLP name, id). Up to a million papers the planner costs a scan of the whole table, filtered through
    a hash of the batch's keys, below 5,000 index probes, and that scan grows with the table (at 100k papers 37 ms
    against 6-25 ms by the index; at 1M ten times that, and six such lookups a batch)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL enable_seqscan = off")


def documents_build(*, checkpoint_pk, paper_ids, using):
    """Build the search documents of `paper_ids` and clear the checkpoint's pending ids, in one transaction."""
    with transaction.atomic(using=using):
        import_settings(using)
        if paper_ids:
            papers_bulk_written.send(sender=Paper, paper_ids=paper_ids, using=using)
        DblpImport.objects.using(using).filter(pk=checkpoint_pk).update(documents_pending=[])


def _connection_close(using):
    connections[using].close()  # the calling thread's connection


class BatchDocuments:
    """Where a batch's search documents are built. `behind` (PostgreSQL, autocommit): in a thread of its own, whose
    connection is its own (Django's connections are per thread), one batch behind; else in the batch's transaction.

    The batch's writer leaves the page cache to `after_batch_written`: the catalogue version is replaced after the
    thread's documents are in, never while it may be waiting for that row (which would wait for the batch)."""

    def __init__(self, using):
        connection = connections[using]
        self.using = using
        self.behind = connection.vendor == "postgresql" and not connection.in_atomic_block
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dblp-documents") if self.behind else None
        self.running = None

    def after_batch_written(self, *, checkpoint, paper_ids):
        """In the batch's transaction, after its writes: its documents now, or pending until the batch commits."""
        if not self.behind:
            if paper_ids:
                papers_bulk_written.send(sender=Paper, paper_ids=paper_ids, using=self.using)
            checkpoint.documents_pending = []
        else:
            self.wait()  # the previous batch's documents, built while this batch was written
            checkpoint.documents_pending = sorted(paper_ids)
        if paper_ids:
            catalogue_changed(using=self.using)

    def after_commit(self, checkpoint):
        """The batch is committed: build its pending documents beside the next batch."""
        if self.behind and checkpoint.documents_pending:
            self.running = self.executor.submit(
                documents_build, checkpoint_pk=checkpoint.pk, paper_ids=checkpoint.documents_pending, using=self.using
            )

    def wait(self):
        """Wait for the documents being built; their error, if any, is raised here."""
        running, self.running = self.running, None
        if running is not None:
            running.result()

    def close(self):
        """Wait for the last documents and close the thread's connection."""
        if self.executor is None:
            return
        try:
            self.wait()
        finally:
            self.executor.submit(_connection_close, self.using).result()
            self.executor.shutdown()

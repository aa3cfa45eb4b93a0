"""Keeping PostgreSQL's planner statistics current while an import grows the tables it reads in every batch."""

from django.db import connections

from papers.models import Author, Authorship, Paper

GROWN_TABLES = (Paper, Author, Authorship)


class PlannerStatistics:
    """ANALYZE of the papers, authors and bylines tables before the first batch's lookups and search documents,
    and again each time the import has written as many papers as the table held at the last ANALYZE.

    Autovacuum analyzes a table only after it grew by a tenth, a minute or more later: a bulk load into an empty or
    small catalogue plans every batch with statistics of a table a fraction of its size, and the plans it picks
    then (a hash of every author, scanned again for each paper of the batch) cost seconds and grow with the table.
    Doubling keeps the estimates within a factor of two for a few ANALYZEs (each samples at most 30,000 rows).
    Inside the batch's transaction ANALYZE counts the rows the batch just wrote.
    """

    def __init__(self, using):
        self.connection = connections[using]
        self.written = 0
        self.next_at = 0

    def papers_written(self, count):
        """Count the batch's new papers; analyze when the tables have doubled since the last time."""
        self.written += count
        if self.connection.vendor != "postgresql" or self.written < self.next_at or not count:
            return
        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(quote(model._meta.db_table) for model in GROWN_TABLES)}")
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Paper._meta.db_table])
            papers = cursor.fetchone()[0]
        self.next_at = self.written + max(int(papers), 1)

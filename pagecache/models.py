"""The catalogue version: the key of every cached page."""

import datetime as dt
import uuid

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from infra.db import fetchone_for_read


class CatalogueVersion(models.Model):
    """One row whose token changes with every write that public pages show: the key of the page cache.

    Bumped inside the writing transaction, so a rollback undoes the bump too; a random token (not a counter) so two
    databases, or a test database rolled back between tests, never reuse a version.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(help_text="When the catalogue last changed; the pages' Last-Modified.")

    class Meta:
        db_table = "papers_catalogueversion"  # created by papers' migration 0003, before the page cache had an app

    def __str__(self):
        return f"Catalogue version {self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"

    @classmethod
    def bump(cls, using=None):
        values = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
        manager = cls.objects.db_manager(using)
        if not manager.filter(pk=1).update(**values):
            manager.update_or_create(pk=1, defaults=values)

    @classmethod
    def current(cls):
        """(token, changed_at); ("0", None) before the first write. Every cached page reads it: plain SQL.

        With read replicas, a page must never be stored under a version newer than the data it was rendered from,
        or it would be served as current after the write it misses. So the version is read where the request reads
        everything else (infra.db_router: one database per request, chosen at its first read, which this usually
        is), and read first: a replica only moves forward, so the page rendered afterwards is at least as new as
        the version it is stored under. A request pinned to the primary (its client just wrote) reads both there.
        A replica that does not answer is skipped and the version read from the primary (infra.db.fetchone_for_read).
        """
        table = connections[DEFAULT_DB_ALIAS].ops.quote_name(cls._meta.db_table)
        # Usually the request's first query: it doubles as the check of a connection kept from an earlier request.
        row = fetchone_for_read(cls, f"SELECT token, changed_at FROM {table} WHERE id = 1")
        if row is None:
            return "0", None
        changed_at = row[1]
        if isinstance(changed_at, str):  # SQLite hands raw cursors the stored UTC text
            changed_at = parse_datetime(changed_at).replace(tzinfo=dt.UTC)
        return row[0], changed_at


def catalogue_changed(*, using=None):
    """Replace the version after a write that sends no model signal (update(), bulk_update, bulk_create)."""
    CatalogueVersion.bump(using=using)

"""The versions cached pages are keyed by: the catalogue's (every page) and one per object (the pages that show it)."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from infra.db import fetchall_for_read, placeholders

# Pages that declare no keys depend on ANY, which every per-object write bumps: they behave as with one version.
ANY = "any"


def per_object_versions():
    """PAGE_CACHE_PER_OBJECT (default on); off, every write replaces the one catalogue version, as before."""
    return getattr(settings, "PAGE_CACHE_PER_OBJECT", True)


class CatalogueVersion(models.Model):
    """One row whose token changes with every write that no finer version covers: every cached page depends on it.

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
        """(token, changed_at) of the catalogue alone; ("0", None) before the first write."""
        versions = current_versions(())
        return versions[0] if versions else ("0", None)


class ObjectVersion(models.Model):
    """The version of one object's pages ("paper:42", "venue:nips", "list:home", "search", "any").

    One row per key, replaced in the writing transaction (an upsert): a rollback undoes it, and two writers of the
    same key queue on its row until the first commits, so a page can never be stored under a version that is
    current while a write it does not show is committed. Every bump takes ANY's row first (versions_changed), so
    writers queue in one order and never deadlock on these rows.
    """

    key = models.CharField(max_length=200, primary_key=True)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.key} version {self.token}"


def current_versions(keys):
    """[(token, changed_at)] of the catalogue and of `keys` that were ever bumped, in one query (plain SQL).

    Every cached page reads it first. With read replicas, a page must never be stored under a version newer than
    the data it was rendered from, or it would be served as current after the write it misses. So the versions are
    read where the request reads everything else (infra.db_router: one database per request, chosen at its first
    read), and before the page is rendered: a replica only moves forward, so the page rendered afterwards is at
    least as new as the versions it is stored under. A request pinned to the primary (its client just wrote) reads
    both there. A replica that does not answer is skipped (infra.db.fetchall_for_read).
    """
    return current_versions_with(keys)[0]


def current_versions_with(keys, other=None):
    """(current_versions(keys), the rows of `other`): `other`, the (sql, params) of a read of three columns, is read in
    the same statement (a logged-in reader's slots read with the page's versions, pagecache.shells)."""
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    sql = f"SELECT '', token, changed_at FROM {quote(CatalogueVersion._meta.db_table)} WHERE id = 1"
    keys = sorted(set(keys)) if per_object_versions() else []
    if keys:
        sql += (f" UNION ALL SELECT {quote('key')}, token, changed_at FROM {quote(ObjectVersion._meta.db_table)}"
                f" WHERE {quote('key')} IN ({placeholders(keys)})")
    if other is None:
        rows, others = fetchall_for_read(CatalogueVersion, sql, keys), []
    else:
        sql = (f"SELECT 0, version.*, NULL, NULL, NULL FROM ({sql}) version"
               f" UNION ALL SELECT 1, NULL, NULL, NULL, other.* FROM ({other[0]}) other")
        read = fetchall_for_read(CatalogueVersion, sql, [*keys, *other[1]])
        rows = [row[1:4] for row in read if row[0] == 0]
        others = [row[4:] for row in read if row[0] == 1]
    rows.sort()  # the catalogue's first; then in key order
    return [(token, _aware(changed_at)) for _, token, changed_at in rows], others


def _aware(changed_at):
    if isinstance(changed_at, str):  # SQLite hands raw cursors the stored UTC text
        return parse_datetime(changed_at).replace(tzinfo=dt.UTC)
    return changed_at


def versions_changed(keys, *, using=None):
    """Replace the versions of `keys` (and ANY) in the caller's transaction: the pages showing them are re-rendered.

    With PAGE_CACHE_PER_OBJECT off, the catalogue version is replaced instead (every page is re-rendered).
    """
    if not per_object_versions():
        CatalogueVersion.bump(using=using)
        return
    now = timezone.now()
    ordered = [ANY, *sorted(set(keys) - {ANY})]  # ANY's row first: one lock order for every writer
    ObjectVersion.objects.db_manager(using).bulk_create(
        [ObjectVersion(key=key[:200], token=uuid.uuid4().hex, changed_at=now) for key in ordered],
        update_conflicts=True, unique_fields=["key"], update_fields=["token", "changed_at"],
    )


def catalogue_changed(*, using=None):
    """Replace the catalogue version, which every page depends on: after writes no per-object version covers."""
    CatalogueVersion.bump(using=using)

"""Bulk writes for the synthetic catalogue: slugs made unique in memory, batches, COPY on PostgreSQL, and the
generated timestamps stored as they are.
"""

import contextlib
import itertools

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.text import slugify
from psycopg.copy import QueuedLibpqWriter


class SlugAllocator:
    """Unique slugs for one model, checked in memory against the slugs already stored (one query)."""

    def __init__(self, model, max_length):
        self.max_length = max_length
        self.taken = set(model.objects.values_list("slug", flat=True))
        self.next_suffix = {}

    def allocate(self, text):
        base = (slugify(text) or "item")[: self.max_length].strip("-") or "item"
        slug, n = base, self.next_suffix.get(base, 1)
        while slug in self.taken:
            n += 1
            suffix = f"-{n}"
            slug = base[: self.max_length - len(suffix)] + suffix
        self.next_suffix[base] = n
        self.taken.add(slug)
        return slug


@contextlib.contextmanager
def stored_timestamps(*models):
    """Let bulk_create store the generated `created`/`updated` values instead of stamping every row with now."""
    saved = []
    for model in models:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def batches(iterable, size):
    """Lists of up to `size` items of `iterable`, in order."""
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


@contextlib.contextmanager
def row_writer(model, batch_size):
    """Yield `write(rows)` for rows whose ids nobody reads back.

    On PostgreSQL with psycopg 3 it is one COPY for the whole block, fed from a queue by a writer thread, so the
    server stores one batch while Python builds the next (several times faster than INSERTs for wide rows).
    Elsewhere it is bulk_create. Values go through each field's get_db_prep_save, as in bulk_create. Nothing
    else may use the connection inside the block.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    fallback = lambda rows: model.objects.bulk_create(rows, batch_size=batch_size)  # noqa: E731
    if connection.vendor != "postgresql":
        yield fallback
        return
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.db_returning)]
    quote = connection.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(sql, writer=QueuedLibpqWriter(raw)) as copy:

            def write(rows):
                for obj in rows:
                    copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])

            yield write


def insert_rows(model, rows, batch_size):
    """Write rows whose ids nobody reads back: one COPY on PostgreSQL, bulk_create elsewhere."""
    with row_writer(model, batch_size) as write:
        write(rows)


def use_fast_toast_compression():
    """Compress the long summary texts with lz4 when PostgreSQL has it (pglz costs more CPU than the insert)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")
        row = cursor.fetchone()
        if row and "lz4" in (row[0] or []):
            cursor.execute("SET LOCAL default_toast_compression = 'lz4'")


def validate_sample(obj, exclude=()):
    """full_clean() one row per batch: catches generator bugs without a query per row."""
    obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)


"""Inserting and looking up a batch of rows fast. Inserts: on PostgreSQL, ids reserved from the table's sequence and
the rows sent with one COPY (no model instances, no per-value conversion by the ORM: several times faster than
bulk_create); elsewhere bulk_create. Only for rows whose values are already valid (the importer built them)."""

from django.db import connections
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils import timezone


def _columns(model):
    """(field, default) of every concrete column but the id; auto_now(_add) fields default to now."""
    now = timezone.now()
    return [
        (f, now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default())
        for f in model._meta.concrete_fields if not f.primary_key
    ]


def rows_insert(model, rows, *, using, returning_ids=True):
    """Insert rows given as {attname: value} dicts (other columns get their default); their new ids, in order."""
    if not rows:
        return []
    connection = connections[using]
    if connection.vendor != "postgresql":
        objs = [model(**row) for row in rows]
        model._default_manager.db_manager(using).bulk_create(objs)
        return [obj.pk for obj in objs]
    columns = _columns(model)
    quote = connection.ops.quote_name
    table = model._meta.db_table
    with connection.cursor() as cursor:
        ids = []
        if returning_ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(rows)]
            )
            ids = [row[0] for row in cursor.fetchall()]
        names = ([quote("id")] if returning_ids else []) + [quote(f.column) for f, _ in columns]
        with cursor.cursor.copy(f"COPY {quote(table)} ({', '.join(names)}) FROM STDIN") as copy:
            for index, row in enumerate(rows):
                values = [row.get(f.attname, default) for f, default in columns]
                copy.write_row([ids[index], *values] if returning_ids else values)
    return ids


def filter_in(queryset, field_name, values):
    """queryset.filter(<field>__in=values) for thousands of values: on PostgreSQL as `= ANY(%s)` with the values as
    one array parameter. An IN list puts a placeholder per value in the statement, and preparing those in Django and
    psycopg took longer than PostgreSQL took to run the query.

    Without the model's ordering: ORDER BY year DESC, title (papers) or name (authors) made the planner read a whole
    index in that order and filter it, a cost that grows with the table; the caller orders when it needs to."""
    values = list(values)
    connection = connections[queryset.db]
    queryset = queryset.order_by()
    if connection.vendor != "postgresql":
        return queryset.filter(**{f"{field_name}__in": values})
    model = queryset.model
    column = model._meta.pk.column if field_name == "pk" else model._meta.get_field(field_name).column
    quote = connection.ops.quote_name
    any_of = f"{quote(model._meta.db_table)}.{quote(column)} = ANY(%s)"
    return queryset.filter(RawSQL(any_of, [values], output_field=BooleanField()))

"""Pagination shared by the pages and the API."""

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property


class CountedPaginator(Paginator):
    """A paginator told the number of items, when it is known without a COUNT over them (counted already, capped,
    or stored)."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


class EstimatedCountPaginator(Paginator):
    """For admin lists of large tables: counts at most COUNT_CAP rows (a COUNT over a LIMIT), and past that, for an
    unfiltered list on PostgreSQL, reads the planner's row estimate (pg_class.reltuples, kept by ANALYZE) instead of
    a COUNT(*) over the whole table. Page links past the cap stay reachable by ?p=."""

    COUNT_CAP = 10_000

    @cached_property
    def count(self):
        queryset = self.object_list
        capped = queryset.order_by()[: self.COUNT_CAP + 1].count()
        if capped <= self.COUNT_CAP:
            return capped
        connection = connections[queryset.db]
        if connection.vendor != "postgresql" or queryset.query.where:
            return capped
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                           [queryset.model._meta.db_table])
            row = cursor.fetchone()
        return max(capped, row[0] if row else 0)

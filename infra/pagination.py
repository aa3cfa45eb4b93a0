"""Pagination shared by the pages and the API."""

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator told the number of items, when it is known without a COUNT over them (counted already, capped,
    or stored)."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property

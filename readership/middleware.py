"""Counting the views of paper pages, cached ones included: this middleware sits above the page cache's."""

import re
from functools import lru_cache

from django.conf import settings

from papers.links import url_format
from readership.bots import is_bot
from readership.counter import record_paper_view

COUNTED_STATUSES = (200, 304)  # a page shown, or revalidated from the browser's cache and shown again


@lru_cache(maxsize=4)
def _paper_path(script_prefix_format):
    """The paper page's address as a regex with the paper id as its group: "/papers/(\\d+)/[^/]+/"."""
    pattern = re.escape(script_prefix_format).replace(re.escape("{pk}"), r"(\d+)").replace(re.escape("{slug}"), "[^/]+")
    return re.compile(pattern)


def paper_id_of(path):
    """The id of the paper whose page `path` is, or None (no resolver run, no query)."""
    match = _paper_path(url_format("paper_detail", "pk", "slug")).fullmatch(path)
    return int(match[1]) if match else None


class ReadershipMiddleware:
    """Count a GET of a paper's page answered with the page (by the view or the page cache), unless a known bot
    asked. Nothing about the visitor is kept: no address, no cookie, only the day's counter of the paper."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = settings.READERSHIP_COUNT_VIEWS

    def __call__(self, request):
        response = self.get_response(request)
        if (self.enabled and request.method == "GET" and response.status_code in COUNTED_STATUSES
                and (paper_id := paper_id_of(request.path)) is not None
                and not is_bot(request.META.get("HTTP_USER_AGENT", ""))):
            record_paper_view(paper_id)
        return response

"""Counting the views of paper pages, cached ones included: this middleware sits above the page cache's."""

import re

from django.conf import settings
from django.urls import get_script_prefix

from papers.links import url_format
from readership.bots import is_bot
from readership.counter import record_paper_view

COUNTED_STATUSES = (200, 304)  # a page shown, or revalidated from the browser's cache and shown again


def paper_path_pattern():
    """The paper page's address as a regex with the paper id as its group ("/papers/(\\d+)/[^/]+/"), from its URL
    pattern, matched against request.path_info: no resolver and no query per request."""
    template = url_format("paper_detail", "pk", "slug").removeprefix(get_script_prefix())
    pattern = re.escape("/" + template).replace(re.escape("{pk}"), r"(\d+)").replace(re.escape("{slug}"), "[^/]+")
    return re.compile(pattern)


class ReadershipMiddleware:
    """Count a GET of a paper's page answered with the page (by the view or the page cache), unless a known bot
    asked. Nothing about the visitor is kept: no address, no cookie, only the day's counter of the paper."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = settings.READERSHIP_COUNT_VIEWS
        self.batch = {"batch_views": settings.READERSHIP_BATCH_VIEWS,
                      "batch_seconds": settings.READERSHIP_BATCH_SECONDS}
        self.paper_path = None  # built at the first request, when the URLconf is loaded

    def paper_id_of(self, path_info):
        """The id of the paper whose page this is, or None. (Asking papers.links per request cost ~40 us: its
        thread-local lookups of the URLconf and script prefix.)"""
        if self.paper_path is None:
            self.paper_path = paper_path_pattern()
        match = self.paper_path.fullmatch(path_info)
        return int(match[1]) if match else None

    def __call__(self, request):
        response = self.get_response(request)
        if (self.enabled and request.method == "GET" and response.status_code in COUNTED_STATUSES
                and (paper_id := self.paper_id_of(request.path_info)) is not None
                and not is_bot(request.META.get("HTTP_USER_AGENT", ""))):
            record_paper_view(paper_id, **self.batch)
        return response

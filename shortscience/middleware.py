"""Site-wide request handling that is not a view's business."""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.template.response import SimpleTemplateResponse

logger = logging.getLogger(__name__)

DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10


def _remember_database_error(sender, request=None, **kwargs):
    """Mark the request when an uncaught exception outside a view (e.g. saving the session) was the database."""
    exception = sys.exc_info()[1]
    if request is not None and isinstance(exception, DATABASE_DOWN_ERRORS):
        request.database_unavailable = exception


got_request_exception.connect(_remember_database_error, dispatch_uid="shortscience.middleware.database_error")


def database_unavailable_response(request):
    """The 503 page: static HTML, no database and no context processors (they would query it)."""
    response = SimpleTemplateResponse("503.html", {"request": request}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response.render()


class DatabaseUnavailableMiddleware:
    """Answer 503 with a Retry-After at once when the database is down, instead of a 500 or a hang.

    A view's (or its template's) database error is turned into the 503 by process_exception. An error raised
    by a middleware instead (the page cache reading the catalogue version, the session being saved after the
    view) becomes Django's 500 response; __call__ swaps that for the 503 too, which is why this middleware sits
    before PageCacheMiddleware and SessionMiddleware. The middleware that only add headers (security, CSP,
    frame options) sit above this one, so every 503 carries them. The connection is re-established by
    CONN_HEALTH_CHECKS on the next request, so the site recovers by itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        exception = getattr(request, "database_unavailable", None)
        if exception is not None and response.status_code == 500:
            logger.error("database unavailable for %s %s: %s", request.method, request.path, exception)
            return database_unavailable_response(request)  # the header middleware above it still run
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_DOWN_ERRORS):
            return None
        logger.error("database unavailable for %s %s: %s", request.method, request.path, exception)
        return database_unavailable_response(request)

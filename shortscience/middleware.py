"""Site-wide request handling that is not a view's business."""

import logging

from django.db import InterfaceError, OperationalError
from django.template.response import SimpleTemplateResponse

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Answer 503 with a Retry-After at once when the database is down, instead of a 500 or a hang.

    The connection is re-established by CONN_HEALTH_CHECKS on the next request, so the site recovers by itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("database unavailable for %s %s: %s", request.method, request.path, exception)
        response = SimpleTemplateResponse("503.html", {"request": request}, status=503)
        response["Retry-After"] = "10"
        return response.render()

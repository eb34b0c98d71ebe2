import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from .errors import error_body

logger = logging.getLogger(__name__)


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Return 200 when the database answers a query, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("health check failed: database unavailable")
        body = error_body("server_error", "database_unavailable", "The database is unavailable.")
        return JsonResponse(body, status=503)
    return JsonResponse({"status": "ok"})

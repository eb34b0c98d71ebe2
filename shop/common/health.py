import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from .errors import error_body

logger = logging.getLogger(__name__)


# Exempt so that an unsafe method gets the 405 below, not a CSRF 403.
@csrf_exempt
def healthz(request: HttpRequest) -> JsonResponse:
    """Return 200 when the database runs a query, else 503."""
    if request.method not in {"GET", "HEAD"}:
        body = error_body(
            "client_error", "method_not_allowed", f'Method "{request.method}" not allowed.'
        )
        return JsonResponse(body, status=405, headers={"Allow": "GET, HEAD"})

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("health check failed: database unavailable")
        body = error_body("server_error", "database_unavailable", "The database is unavailable.")
        return JsonResponse(body, status=503)
    return JsonResponse({"status": "ok"})

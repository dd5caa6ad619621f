"""API errors are JSON with a clear message, never a 500 for a refusal."""

from typing import Any

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .services.errors import InvalidChange, TicketError


def exception_handler(error: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(error, InvalidChange):
        return Response({"detail": str(error)}, status=400)
    if isinstance(error, TicketError):
        return Response({"detail": str(error)}, status=409)
    return drf_exception_handler(error, context)

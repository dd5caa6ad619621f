"""Branded error pages that need no database: a broken link or an outage
still shows who we are and how to reach us (P14). Rendered without the
request's context processors, which would read the session from the database.
"""

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string

from .context_processors import organisation_contact

logger = logging.getLogger(__name__)
View = Callable[..., HttpResponseBase]


def _page(template: str, status: int) -> HttpResponse:
    body = render_to_string(template, {"org": organisation_contact()})
    return HttpResponse(body, status=status)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _page("404.html", 404)


def branded_not_found(view: View) -> View:
    """For pages customers reach by a link from an email: a mistyped or cut
    link gets our page, even while debugging (Django's debug page otherwise)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except Http404 as missing:
            return page_not_found(request, missing)

    return wrapper


def server_error(request: HttpRequest) -> HttpResponse:
    return _page("500.html", 500)


def unavailable() -> HttpResponse:
    response = _page("503.html", 503)
    response["Retry-After"] = "30"
    return response


class DatabaseDownMiddleware:
    """The database cannot be reached: say so kindly, with how to reach us,
    instead of an error page the customer cannot act on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("Database unavailable: %s", exception)
            return unavailable()
        return None

"""Branded error pages that need no database: a broken link or an outage
still shows who we are and how to reach us (P14). Rendered without the
request's context processors, which would read the session from the database.
"""

import logging

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from .context_processors import organisation_contact

logger = logging.getLogger(__name__)


def _page(template: str, status: int) -> HttpResponse:
    body = render_to_string(template, {"org": organisation_contact()})
    return HttpResponse(body, status=status)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _page("404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _page("500.html", 500)


def unavailable() -> HttpResponse:
    response = _page("503.html", 503)
    response["Retry-After"] = "30"
    return response

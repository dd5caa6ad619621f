"""Middleware: query strings without NUL, the email webhooks guarded at
every request, forwarded addresses only from our own proxies. (The
database-down page is tickets.errors.DatabaseDownMiddleware.)"""

import logging
from collections.abc import Callable
from email import policy
from email.parser import BytesParser
from ipaddress import ip_address

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils.datastructures import MultiValueDict

logger = logging.getLogger(__name__)


class QueryStringWithoutNul:
    """A NUL means nothing in an address, and PostgreSQL refuses it in text
    (a search for "a%00b" was a 500): dropped before any page reads it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "%00" in request.META.get("QUERY_STRING", ""):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(
                    key.replace("\x00", ""), [v.replace("\x00", "") for v in values]
                )
            cleaned._mutable = False
            request.GET = cleaned  # type: ignore[assignment]  # read-only, as Django's
        return self.get_response(request)


class ForwardedOnlyFromProxies:
    """X-Forwarded-For is believed only from our own proxies
    (``HELPDESK_TRUSTED_PROXY_ADDRESSES``): from anyone else, who reached
    gunicorn directly, it is dropped before django-xff reads it, and the
    client is the address that connected."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "HTTP_X_FORWARDED_FOR" in request.META and not from_a_proxy(
            request.META.get("REMOTE_ADDR", "")
        ):
            logger.info(
                "X-Forwarded-For from %s dropped: not one of our proxies",
                request.META.get("REMOTE_ADDR"),
            )
            del request.META["HTTP_X_FORWARDED_FOR"]
            request.__dict__.pop("headers", None)  # read again without it
        return self.get_response(request)


def from_a_proxy(address: str) -> bool:
    try:
        client = ip_address(address)
    except ValueError:
        return False
    return any(
        client in network for network in settings.HELPDESK_TRUSTED_PROXY_ADDRESSES
    )


class EmailWebhookGuard:
    """anymail's webhooks (``/anymail/``), guarded at every request:

    - never open: without ``ANYMAIL_WEBHOOK_SECRET`` they answer 403 (a
      server started without it, by a command that runs no system check,
      must not take anyone's mail as a customer's);
    - a message as large as providers send (``HELPDESK_INBOUND_MAX_BYTES``,
      50 MiB), not Django's 5 MiB form limit: the customer's email is
      stored whole, and the attachment limits are applied when it is read.
    """

    PREFIX = "/anymail/"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(self.PREFIX):
            return self.get_response(request)
        if not settings.ANYMAIL.get("WEBHOOK_SECRET"):
            logger.error("Email webhook refused: ANYMAIL_WEBHOOK_SECRET is not set")
            return JsonResponse(
                {"detail": "This webhook is closed until its secret is set."},
                status=403,
            )
        if request.method == "POST":
            refused = self._read_body(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def _read_body(self, request: HttpRequest) -> HttpResponse | None:
        limit = settings.HELPDESK_INBOUND_MAX_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        body = b"" if declared > limit else request.read(limit + 1)
        if declared > limit or len(body) > limit:
            logger.error("Email webhook refused a message of over %d bytes", limit)
            return JsonResponse(
                {"detail": f"A message may hold at most {limit} bytes."}, status=413
            )
        request._body = body  # read once, bounded here
        if request.content_type == "multipart/form-data":
            request._post, request._files = form_data(  # type: ignore[attr-defined]
                body, request.META.get("CONTENT_TYPE", "")
            )
        return None


def form_data(body: bytes, content_type: str) -> tuple[QueryDict, MultiValueDict]:  # type: ignore[type-arg]
    """A provider's multipart form (Mailgun's and SendGrid's raw MIME is a
    field of it), read by the standard library's MIME parser in one linear
    pass, with no limit on a field's size but the webhook's own."""
    head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1", "replace")
    message = BytesParser(policy=policy.compat32).parsebytes(head + body)
    post, files = QueryDict(mutable=True), MultiValueDict()  # type: ignore[var-annotated]
    for part in message.walk() if message.is_multipart() else []:
        name = part.get_param("name", header="content-disposition")
        if part.is_multipart() or not isinstance(name, str):
            continue
        data = part.get_payload(decode=True)
        data = data if isinstance(data, bytes) else b""
        filename = part.get_filename()
        if filename:
            files.appendlist(
                name, SimpleUploadedFile(filename, data, part.get_content_type())
            )
        else:
            charset = part.get_content_charset() or "utf-8"
            post.appendlist(name, data.decode(charset, errors="replace"))
    return post, files

"""Every GET parameter of every page and API endpoint, given what a
scanner or a slip of the keyboard sends (a NUL, a number past 64 bits, a
date that cannot be, digits that are not ASCII): never a 500.

The pages and their parameters are found, not listed: every URL pattern
of the project (and Django admin's lists), each with the parameters its
view's module reads from ``request.GET`` or binds a form to, and the API's
from its OpenAPI schema. A new page or parameter is fuzzed without a change
here."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator

from kb.models import Article, Category
from tests.factories import UserFactory
from tickets import links
from tickets.models import (
    Attachment,
    CannedResponse,
    DataExport,
    InboundMail,
    Macro,
    Message,
    Promise,
    Rule,
    Ticket,
)
from tickets.services.incidents import incident_create
from tickets.services.intake import inbound_store
from tickets.services.lifecycle import ticket_open

HOSTILE = [
    "a\x00b",
    "99999999999999999999",
    "2026-13-45T00:00:00",
    "²",
    "٣",
    "-1",
    "x" * 3000,
]
READS = re.compile(r"""(?:GET|query_params)(?:\.get\(|\[)\s*["'](\w+)["']""")
BOUND = re.compile(r"""(\w+Form)\(\s*request\.GET""")
ADMIN_PARAMS = ["q", "o", "p", "e", "all"]
SKIPPED = ("anymail/", "api/docs/", "jsi18n/", "agent/logout/")
ROOT = Path(__file__).resolve().parent.parent


def _patterns(patterns, prefix="") -> Iterator[tuple[str, object]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def _module_params(module_name: str) -> set[str]:
    """What the module reads from the address: request.GET and the forms
    it binds to request.GET."""
    path = ROOT / (module_name.replace(".", "/") + ".py")
    if not path.exists():
        return set()
    source = path.read_text()
    names = set(READS.findall(source))
    module = __import__(module_name, fromlist=["*"])
    for form_name in BOUND.findall(source):
        names |= set(getattr(module, form_name).base_fields)
    return names


def _api_params() -> dict[str, set[str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    found: dict[str, set[str]] = {}
    for path, operations in schema["paths"].items():
        get = operations.get("get", {})
        names = {p["name"] for p in get.get("parameters", []) if p["in"] == "query"}
        found[re.sub(r"\{\w+\}", "{}", path.lstrip("/"))] = names
    return found


@pytest.fixture
def world(agent, django_capture_on_commit_callbacks):
    """One of everything a path can name."""
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_open(
            name="Ada", email="ada@example.com", subject="Printer", message="Help?"
        )
    message = ticket.messages.get()
    category = Category.objects.create(name="Billing", slug="billing")
    article = Article.objects.create(
        title="Invoices", slug="invoices", category=category, body="How to."
    )
    incident = incident_create(title="Outage", summary="x", actor=agent)
    canned = CannedResponse.objects.create(title="Hi", body="Hello", owner=agent)
    promise = Promise.objects.create(
        ticket=ticket,
        description="Refund",
        due_at=ticket.created_at,
        created_by=agent,
    )
    inbound, _new = inbound_store(raw=b"From: a@b.c\r\n\r\nx", source="t")
    attachment = Attachment(
        message=message, filename="a.txt", content_type="text/plain", size=1
    )
    attachment.file.save("a.txt", ContentFile(b"a"))
    token = links.rating_urls(ticket.pk)["good"].split("/rate/")[1].split("/")[0]
    rule = Rule.objects.create(name="VIP", trigger="created")
    export = DataExport.objects.create(
        customer=ticket.customer, expires_at=ticket.created_at
    )
    macro = Macro.objects.create(name="Refund", reply="Refunded.")
    return {
        "agent/rules/": rule.pk,
        "api/v1/customers/": ticket.customer_id,
        "api/v1/exports/": export.pk,
        "agent/macros/": macro.pk,
        "agent/messages/": message.pk,
        "agent/files/": attachment.pk,
        "macro_id": macro.pk,
        "agent/kb/": article.pk,
        "agent/inbound/": inbound.pk,
        "agent/tickets/": ticket.pk,
        "agent/incidents/": incident.pk,
        "agent/canned/": canned.pk,
        "api/v1/tickets/": ticket.pk,
        "api/v1/incidents/": incident.pk,
        "message_pk": message.pk,
        "promise_pk": promise.pk,
        "attachment_id": attachment.pk,
        "kb/a/": article.slug,
        "kb/c/": category.slug,
        "api/v1/kb/articles/": article.slug,
        "key": ticket.access_key,
        "token": token,
        "choice": "good",
    }


def _fill(route: str, world: dict[str, object]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(2)
        if name in world:
            return str(world[name])
        prefix = route[: match.start()]
        known = [k for k in world if prefix.startswith(k)]
        assert known, f"no value for <{name}> in {route}: add one to world()"
        return str(world[max(known, key=len)])

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


def _admin_lists() -> list[str]:
    return [
        f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for model in admin_site._registry
    ]


@pytest.mark.django_db
def test_no_query_string_makes_any_page_or_endpoint_fail(client, world):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.raise_request_exception = False  # count every failure, then list them
    api = _api_params()
    targets: list[tuple[str, set[str]]] = []
    for route, callback in _patterns(get_resolver().url_patterns):
        if route.startswith(("admin/", *SKIPPED)) or "^" in route:
            continue
        view = getattr(callback, "view_class", callback)
        names = _module_params(view.__module__)
        names |= api.get(re.sub(r"<[^>]+>", "{}", route), set())
        targets.append((_fill(route, world), names))
    targets += [(path, set(ADMIN_PARAMS)) for path in _admin_lists()]
    assert len(targets) > 60
    assert sum(len(names) for _path, names in targets) > 60

    failures = []
    requests = 0
    for path, names in targets:
        for value in HOSTILE:
            tries = [dict.fromkeys(names, value)] if names else [{"x": value}]
            tries += [{name: value} for name in sorted(names)]
            for params in tries:
                response = client.get(path, params)
                requests += 1
                # 503 is an answer (the health check's "unhealthy"); 500 is
                # an error nobody meant.
                if response.status_code == 500:
                    failures.append((path, params, response.status_code))
    print(f"\n{requests} requests over {len(targets)} pages and endpoints")
    listed = [f"{path} {params!r:.80} -> {status}" for path, params, status in failures]
    assert not listed, "\n".join(listed)


@pytest.mark.django_db
def test_the_hostile_values_are_answered_as_not_given(client, agent_client, world):
    """What the cases above reach: each is read as "not given"."""
    ticket = Ticket.objects.get()
    response = agent_client.get("/agent/changes/", {"since": "2026-13-45T00:00:00"})
    assert response.status_code == 200
    assert agent_client.get("/agent/", {"queue": "²"}).status_code == 200
    assert client.get("/kb/search/", {"q": "In\x00voices"}).status_code == 200
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/", {"canned": "٣"})
    assert page.status_code == 200
    assert Message.objects.count() == 1
    assert InboundMail.objects.count() == 1

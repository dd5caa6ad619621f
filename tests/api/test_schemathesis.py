"""Property-based requests generated from our own OpenAPI schema: whatever a
client sends, the API answers without a server error (bounded examples)."""

import pytest
import schemathesis
from django.contrib.auth.models import Permission
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from helpdesk.wsgi import application
from tickets.services.canned import api_token_renew
from tickets.services.lifecycle import ticket_open

# The schema view needs no database, so it loads at collection time.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def token(agent):
    # Called through WSGI, each request would end by closing the test's
    # database connection; Django's own test client prevents it the same way.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    ticket_open(name="Ada", email="ada@example.com", subject="Seed", message="x")
    # Reports too: their periods and filters are generated like the rest.
    agent.user_permissions.add(Permission.objects.get(codename="view_reports"))
    yield api_token_renew(user=agent, second_factor=False)
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_request_makes_the_api_fail(case, token):
    response = case.call(headers={"Authorization": f"Token {token}"})
    assert response.status_code < 500, (case.method, case.path, response.text[:500])

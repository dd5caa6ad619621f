"""Canned responses: agents keep their own, staff manage the shared ones."""

import pytest

from tests.factories import UserFactory
from tickets.models import CannedResponse

pytestmark = pytest.mark.django_db


def test_an_agent_writes_edits_and_deletes_their_own(agent_client, agent):
    agent_client.post(
        "/agent/canned/new/", {"title": "Hi", "body": "Hello {{ customer_first_name }}"}
    )
    canned = CannedResponse.objects.get()
    assert canned.owner == agent
    agent_client.post(f"/agent/canned/{canned.pk}/", {"title": "Hello", "body": "Hi"})
    canned.refresh_from_db()
    assert canned.title == "Hello"
    agent_client.post(f"/agent/canned/{canned.pk}/delete/")
    assert not CannedResponse.objects.exists()


def test_only_staff_share_and_edit_shared_responses(agent_client, client, staff_agent):
    response = agent_client.post(
        "/agent/canned/new/", {"title": "All", "body": "x", "shared": "on"}
    )
    assert response.status_code == 403
    assert "Only staff can share" in response.content.decode()
    assert 'value="All"' in response.content.decode()
    shared = CannedResponse.objects.create(title="Shared", body="y")
    response = agent_client.post(
        f"/agent/canned/{shared.pk}/", {"title": "Mine now", "body": "z"}
    )
    assert response.status_code == 403
    client.force_login(staff_agent)
    client.post(
        f"/agent/canned/{shared.pk}/", {"title": "Better", "body": "z", "shared": "on"}
    )
    shared.refresh_from_db()
    assert (shared.title, shared.owner) == ("Better", None)


def test_someone_else_s_response_cannot_be_reached(agent_client):
    theirs = CannedResponse.objects.create(title="T", body="b", owner=UserFactory())
    assert agent_client.get(f"/agent/canned/{theirs.pk}/").status_code == 404
    assert agent_client.post(f"/agent/canned/{theirs.pk}/delete/").status_code == 404

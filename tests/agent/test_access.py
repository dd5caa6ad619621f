"""Only agents reach the workspace."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/agent/")
    assert response.status_code == 302
    assert response["Location"] == "/agent/login/?next=/agent/"


def test_a_signed_in_non_agent_is_refused(client):
    client.force_login(UserFactory())
    response = client.get("/agent/")
    assert response.status_code == 403
    assert "Agents only" in response.content.decode()


def test_members_of_agents_and_staff_get_in(client, agent, staff_agent):
    client.force_login(agent)
    assert client.get("/agent/").status_code == 200
    client.force_login(staff_agent)
    assert client.get("/agent/").status_code == 200


def test_agents_sign_in_with_their_password(client, agent):
    response = client.post(
        "/agent/login/",
        {
            "username": agent.username,
            "password": "correct horse battery staple",
            "next": "/agent/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/agent/"


def test_a_wrong_password_says_so(client, agent):
    response = client.post(
        "/agent/login/", {"username": agent.username, "password": "nope"}
    )
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_an_inactive_agent_is_refused(client, agent):
    agent.is_active = False
    agent.save()
    client.force_login(agent)
    assert client.get("/agent/").status_code == 302


def test_the_agents_group_exists_after_migrating():
    assert Group.objects.filter(name="Agents").exists()

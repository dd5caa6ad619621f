"""Issue 26, item 1: agent alerts reach the agent. The bell in the workspace
counts what waits for them (with or without an email address), opening the
ticket reads it, followers hear of customer replies and status changes, and
each agent sees and sets the address their alerts are emailed to."""

from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from tests.factories import AgentFactory
from tickets.models import AgentAlert, Rating, Status
from tickets.selectors.routing import default_queue
from tickets.services.assignment import ticket_assign
from tickets.services.lifecycle import customer_message_post, ticket_change_status
from tickets.services.satisfaction import rating_record

pytestmark = pytest.mark.django_db


def _bell(client: Client) -> str:
    page = client.get("/agent/").content.decode()
    start = page.index("data-bell-count")
    return page[start : page.index("<", start)].split(">")[-1]


def test_an_agent_without_an_address_still_sees_a_bad_rating_in_the_bell(
    open_ticket: Any, agent: Any, client: Client, django_capture_on_commit_callbacks
) -> None:
    agent.email = ""
    agent.save()
    ticket = open_ticket()
    ticket_assign(ticket=ticket, assignee=agent, actor=agent)
    with django_capture_on_commit_callbacks(execute=True):
        rating_record(ticket=ticket, score=Rating.Score.BAD, comment="Slow")
    assert not [m for m in mail.outbox if "Bad rating" in m.subject]
    client.force_login(agent)
    assert _bell(client) == "1"
    listing = client.get("/agent/notifications/").content.decode()
    assert "Bad rating" in listing
    assert ticket.reference in listing
    # Opening the ticket reads it: the bell is empty again.
    client.get(f"/agent/tickets/{ticket.pk}/")
    assert _bell(client) == "0"
    assert AgentAlert.objects.get(user=agent).read_at is not None


def test_new_tickets_in_my_queue_ring_the_bell_and_the_poll_counts_them(
    open_ticket: Any, agent: Any, agent_client: Client
) -> None:
    default_queue().agents.add(agent)
    open_ticket()
    open_ticket(email="bo@example.com")
    assert _bell(agent_client) == "2"
    look = agent_client.get("/agent/changes/", {"since": "2026-01-01T00:00:00Z"})
    assert look.json()["alerts"] == 2
    agent_client.post("/agent/notifications/read/")
    assert agent_client.get("/agent/changes/").json()["alerts"] == 0


def test_followers_hear_of_customer_replies_and_status_changes_but_not_their_own(
    open_ticket: Any, agent: Any, django_capture_on_commit_callbacks
) -> None:
    owner, follower = AgentFactory(), AgentFactory()
    ticket = open_ticket()
    ticket_assign(ticket=ticket, assignee=follower, actor=follower)
    # Handing it on keeps the previous owner following.
    ticket_assign(ticket=ticket, assignee=owner, actor=follower)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        customer_message_post(ticket=ticket, body="Any news on my invoice?")
    (told,) = [m for m in mail.outbox if follower.email in m.to[0]]
    assert "which you follow" in told.body
    assert "Any news on my invoice?" in told.body
    # The owner hears as the owner, once.
    assert len([m for m in mail.outbox if owner.email in m.to[0]]) == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_change_status(ticket=ticket, new_status=Status.WAITING, actor=follower)
    assert not [m for m in mail.outbox if follower.email in m.to[0]]
    with django_capture_on_commit_callbacks(execute=True):
        ticket_change_status(ticket=ticket, new_status=Status.OPEN, actor=owner)
    (moved,) = [m for m in mail.outbox if follower.email in m.to[0]]
    assert "is now Open" in moved.body
    kinds = list(
        AgentAlert.objects.filter(user=follower).values_list("kind", flat=True)
    )
    assert kinds == ["agent_followed", "agent_followed"]


def test_a_follower_who_turned_the_email_off_still_has_the_bell(
    open_ticket: Any,
    agent: Any,
    agent_client: Client,
    django_capture_on_commit_callbacks,
) -> None:
    ticket = open_ticket()
    saved = agent_client.post(
        "/agent/profile/",
        {"email": agent.email, "language": "", "assign_on_reply": "on"},
    )
    assert saved.status_code == 302
    agent_client.post(f"/agent/tickets/{ticket.pk}/follow/", {"follow": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        customer_message_post(ticket=ticket, body="Hello again")
    assert not [m for m in mail.outbox if agent.email in m.to[0]]
    assert _bell(agent_client) == "1"


def test_follow_and_unfollow_from_the_ticket_page(
    open_ticket: Any, agent: Any, agent_client: Client
) -> None:
    ticket = open_ticket()
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert ">Follow<" in page
    followed = agent_client.post(
        f"/agent/tickets/{ticket.pk}/follow/", {"follow": "1"}, follow=True
    )
    assert "You follow" in followed.content.decode()
    assert ">Unfollow<" in followed.content.decode()
    assert list(ticket.followers.all()) == [agent]
    agent_client.post(f"/agent/tickets/{ticket.pk}/follow/", {"follow": "0"})
    assert not ticket.followers.exists()


def test_preferences_show_and_set_the_alert_address(
    agent: Any, agent_client: Client
) -> None:
    page = agent_client.get("/agent/profile/").content.decode()
    assert f'value="{agent.email}"' in page
    assert "You have no email address here" not in page
    refused = agent_client.post(
        "/agent/profile/", {"email": "sam at example", "language": "de"}
    )
    assert refused.status_code == 400
    body = refused.content.decode()
    assert 'value="sam at example"' in body
    assert "This does not look like an email address" in body
    agent_client.post("/agent/profile/", {"email": "", "language": ""})
    agent.refresh_from_db()
    assert agent.email == ""
    warned = agent_client.get("/agent/profile/").content.decode()
    assert "You have no email address here" in warned
    agent_client.post(
        "/agent/profile/", {"email": "sam@support.example", "language": ""}
    )
    agent.refresh_from_db()
    assert agent.email == "sam@support.example"


def test_the_demo_agents_have_addresses(db: None, settings: Any) -> None:
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from django.contrib.auth.models import User

    assert all(User.objects.filter(is_staff=True).values_list("email", flat=True))

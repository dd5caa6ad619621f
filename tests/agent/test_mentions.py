"""@name in an internal note: the colleague follows the ticket, hears of it
(the bell, and an email in their language as their preference says), and
finds it under Mentions; a name that is no agent's mentions nobody."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from tests.factories import UserFactory
from tickets.mentions import mentioned_names
from tickets.models import AgentAlert, AgentProfile, Mention
from tickets.services.lifecycle import note_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(db):
    user = UserFactory(
        username="kim", first_name="Kim", last_name="Lee", email="kim@example.com"
    )
    user.groups.add(Group.objects.get_or_create(name="Agents")[0])
    return user


def test_names_are_read_from_the_text_not_from_addresses():
    text = "@Kim and @sam.ward, see ada@example.com. Thanks @kim."
    assert mentioned_names(text) == ["kim", "sam.ward"]


def test_a_mention_calls_the_colleague_in(
    agent, colleague, open_ticket, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    AgentProfile.objects.create(user=colleague, language="de")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        note_add(ticket=ticket, author=agent, body="@kim can you check the VAT?")
    assert colleague in ticket.followers.all()
    assert Mention.objects.get().agent == colleague
    assert AgentAlert.objects.filter(user=colleague, ticket=ticket).exists()
    (sent,) = mail.outbox
    assert sent.to == ["Kim Lee <kim@example.com>"]
    assert "erwähnt" in sent.body  # their language
    assert "@kim can you check the VAT?" in sent.body


def test_the_preference_keeps_the_email_back_not_the_bell(
    agent, colleague, open_ticket, django_capture_on_commit_callbacks
):
    AgentProfile.objects.create(user=colleague, notify_mentioned=False)
    ticket = open_ticket()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        note_add(ticket=ticket, author=agent, body="@kim FYI")
    assert mail.outbox == []
    assert AgentAlert.objects.filter(user=colleague).exists()


def test_a_name_that_is_no_agent_s_mentions_nobody(agent, open_ticket):
    UserFactory(username="outsider")  # signed up, but not an agent
    ticket = open_ticket()
    note_add(ticket=ticket, author=agent, body="@outsider @nobody @sam")
    assert not Mention.objects.exists()
    assert ticket.events.filter(kind="mentioned").count() == 0


def test_the_mentions_view_and_the_suggestions(client, agent, colleague, open_ticket):
    ticket = open_ticket(subject="VAT question")
    open_ticket(subject="Something else")
    note_add(ticket=ticket, author=agent, body="@kim please look")
    client.force_login(colleague)
    page = client.get("/agent/", {"view": "mentions"}).content.decode()
    assert "VAT question" in page
    assert "Something else" not in page
    found = client.get("/agent/agents/", {"q": "ki"}).json()["agents"]
    assert found == [{"username": "kim", "name": "Kim Lee"}]


def test_the_history_says_who_called_colleagues_in(agent_client, agent, open_ticket):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory
    from tickets.services.lifecycle import note_add

    kim = UserFactory(username="kim")
    kim.groups.add(Group.objects.get_or_create(name="Agents")[0])
    ticket = open_ticket()
    note_add(ticket=ticket, author=agent, body="@kim could you look?")
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "1 colleague called in by the note by Sam Agent" in " ".join(page.split())

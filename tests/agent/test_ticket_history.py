"""The agent's ticket page keeps each ticket's history as drawn until the
ticket next changes (tickets.views.history): what an agent sees must be
the history as it is, whoever changed it and however."""

from django.test import Client

from tests.factories import UserFactory
from tickets.services.assignment import ticket_change_priority
from tickets.services.lifecycle import customer_message_post, note_add, reply_post


def _page(client: Client, ticket_id: int) -> str:
    return client.get(f"/agent/tickets/{ticket_id}/").content.decode()


def test_every_kind_of_change_shows_on_the_next_view(agent_client, agent, open_ticket):
    ticket = open_ticket()
    assert "Promised a refund" not in _page(agent_client, ticket.pk)
    note_add(ticket=ticket, author=agent, body="Asked billing.")
    assert "Asked billing." in _page(agent_client, ticket.pk)
    colleague = UserFactory(first_name="Kim", last_name="Colleague", is_staff=True)
    ticket_change_priority(ticket=ticket, priority="high", actor=colleague)
    page = _page(agent_client, ticket.pk)
    assert "Priority changed" in page
    assert "by Kim Colleague" in page
    customer_message_post(ticket=ticket, body="Any news, please?")
    page = _page(agent_client, ticket.pk)
    assert "Any news, please?" in page
    assert "The customer asked (2)" in page  # what is kept beside it too


def test_a_renamed_agent_is_shown_by_their_new_name(agent_client, agent, open_ticket):
    ticket = open_ticket()
    colleague = UserFactory(first_name="Kim", last_name="Old", is_staff=True)
    note_add(ticket=ticket, author=colleague, body="On it.")
    assert "Kim Old" in _page(agent_client, ticket.pk)
    colleague.last_name = "New"
    colleague.save()
    page = _page(agent_client, ticket.pk)
    assert "Kim New" in page
    assert "Kim Old" not in page


def test_each_reader_gets_their_own_language(agent_client, agent, open_ticket):
    ticket = open_ticket()
    ticket_change_priority(ticket=ticket, priority="high", actor=agent)
    assert "Priority changed" in _page(agent_client, ticket.pk)
    german = agent_client.get(
        f"/agent/tickets/{ticket.pk}/", HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "Priority changed" not in german
    assert "Priorität geändert" in german


def test_the_kept_history_carries_each_agents_own_csrf_token(agent, open_ticket):
    """Its forms ("Turn into a help article") post with the token of the
    page they are served in, not the one of whoever drew them first."""
    ticket = open_ticket()
    first = Client(enforce_csrf_checks=True)
    first.force_login(agent)
    reply_post(ticket=ticket, author=agent, body="Restart the router.")
    _page(first, ticket.pk)  # drawn for the first agent
    other = UserFactory(first_name="Kim", is_staff=True)
    second = Client(enforce_csrf_checks=True)
    second.force_login(other)
    page = _page(second, ticket.pk)
    action = page.split('class="inline">')[0].rsplit('action="', 1)[1].split('"')[0]
    token = page.split('class="inline">')[1].split('value="')[1].split('"')[0]
    answer = second.post(action, {"csrfmiddlewaretoken": token})
    assert answer.status_code == 302  # to the new draft article, not 403

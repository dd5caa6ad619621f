"""Linked tickets, a split and the duplicate hint on the agent's pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tickets.models import Status, Ticket
from tickets.services.lifecycle import customer_message_post, ticket_change_status
from tickets.services.relating import tickets_link
from tickets.services.tagging import ticket_tags_change

pytestmark = pytest.mark.django_db


def test_an_agent_links_two_tickets_and_sees_it_on_both(agent_client, open_ticket):
    parent, child = open_ticket(), open_ticket(subject="Printer jams")
    agent_client.post(
        f"/agent/tickets/{parent.pk}/links/",
        {"other": child.reference, "relation": "parent"},
    )
    page = agent_client.get(f"/agent/tickets/{parent.pk}/").content.decode()
    assert f'Child:</span> <a href="/agent/tickets/{child.pk}/">{child.reference}' in (
        page
    )
    other = agent_client.get(f"/agent/tickets/{child.pk}/").content.decode()
    assert "Parent:</span>" in other


def test_a_bad_link_says_why_next_to_the_field_and_keeps_it(agent_client, open_ticket):
    ticket = open_ticket()
    response = agent_client.post(
        f"/agent/tickets/{ticket.pk}/links/",
        {"other": "HD-99999", "relation": "related"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert '<p class="error" id="link-error">There is no ticket HD-99999.</p>' in page
    assert 'value="HD-99999"' in page


def test_a_resolved_parent_offers_to_resolve_its_children(
    agent_client, agent, open_ticket
):
    parent, child = open_ticket(), open_ticket()
    tickets_link(ticket=parent, other=child, relation="parent", actor=agent)
    ticket_change_status(ticket=parent, new_status=Status.RESOLVED, actor=agent)
    page = agent_client.get(f"/agent/tickets/{parent.pk}/").content.decode()
    assert "Resolve it too (its customer is emailed)" in page
    agent_client.post(f"/agent/tickets/{parent.pk}/children/resolve/")
    assert Ticket.objects.get(pk=child.pk).status == Status.RESOLVED
    page = agent_client.get(f"/agent/tickets/{parent.pk}/").content.decode()
    assert "Resolve it too" not in page


def test_a_message_is_split_after_naming_the_new_ticket(agent_client, open_ticket):
    ticket = open_ticket()
    message = customer_message_post(ticket=ticket, body="Another matter entirely.")
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert f'href="/agent/messages/{message.pk}/split/"' in page
    form = agent_client.get(f"/agent/messages/{message.pk}/split/").content.decode()
    assert "Another matter entirely." in form
    refused = agent_client.post(
        f"/agent/messages/{message.pk}/split/", {"subject": " "}
    )
    assert refused.status_code == 400
    assert "Give the new ticket a subject." in refused.content.decode()
    done = agent_client.post(
        f"/agent/messages/{message.pk}/split/", {"subject": "Another matter"}
    )
    new = Ticket.objects.get(subject="Another matter")
    assert done["Location"] == f"/agent/tickets/{new.pk}/"


def test_the_duplicate_hint_offers_the_merge(agent_client, open_ticket):
    first = open_ticket(subject="Invoice shows the wrong VAT number")
    second = open_ticket(subject="wrong VAT number on the invoice")
    page = agent_client.get(f"/agent/tickets/{second.pk}/").content.decode()
    assert "about what reads like the same thing" in page
    assert f"/agent/merge/?tickets={second.pk}&amp;into={first.reference}" in page


def test_the_page_costs_the_same_queries_with_10_tags_and_links(
    agent_client, agent, open_ticket
):
    ticket = open_ticket()
    url = f"/agent/tickets/{ticket.pk}/"
    agent_client.get(url)
    with CaptureQueriesContext(connection) as bare:
        agent_client.get(url)
    ticket_tags_change(ticket=ticket, actor=agent, add=[f"tag {n}" for n in range(10)])
    for _n in range(3):
        tickets_link(
            ticket=ticket, other=open_ticket(), relation="related", actor=agent
        )
    agent_client.get(url)  # the history is drawn again after a change
    with CaptureQueriesContext(connection) as full:
        page = agent_client.get(url).content.decode()
    assert page.count('class="tag tag-grey"') == 10
    assert len(full.captured_queries) == len(bare.captured_queries)

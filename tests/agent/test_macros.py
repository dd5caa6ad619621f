"""Macros: "set Waiting, tag refund-requested, reply with the refund text"
in one click, read and changed before sending; on one ticket from the
composer, or on a selection from the queue (shown first)."""

import pytest
from django.core import mail

from tests.factories import UserFactory
from tickets.models import Macro, MacroAction, Message
from tickets.services.macros import macro_apply

pytestmark = pytest.mark.django_db

REFUND = "Hello {{ customer_first_name }}, your refund is on its way ({{ reference }})."


@pytest.fixture
def refund():
    macro = Macro.objects.create(name="Refund", reply=REFUND)
    for action, value in (
        ("set_status", "waiting"),
        ("add_tags", "refund-requested"),
        ("set_priority", "high"),
    ):
        MacroAction.objects.create(macro=macro, action=action, value=value)
    return macro


def _replies(ticket):
    return list(
        ticket.messages.filter(kind=Message.Kind.REPLY).values_list("body", flat=True)
    )


def test_the_macro_acts_and_replies_with_its_status_in_one_email(
    open_ticket, agent, refund, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = macro_apply(ticket=ticket, macro=refund, agent=agent)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority) == ("waiting", "high")
    assert [t.name for t in ticket.tags.all()] == ["refund-requested"]
    assert _replies(ticket) == [
        f"Hello Ada, your refund is on its way ({ticket.reference})."
    ]
    to_customer = [m for m in mail.outbox if "ada@example.com" in m.to[0]]
    assert len(to_customer) == 1
    assert "refund is on its way" in to_customer[0].body
    assert sorted(outcome.did) == ["add_tags", "set_priority", "set_status"]


def test_an_action_that_cannot_be_taken_is_said_and_the_reply_still_goes(
    open_ticket, agent
):
    macro = Macro.objects.create(name="To Bob", reply="Bob will help you.")
    MacroAction.objects.create(macro=macro, action="assign", value="bob")
    ticket = open_ticket()
    outcome = macro_apply(ticket=ticket, macro=macro, agent=agent)
    assert [a for a, _why in outcome.skipped] == ["assign"]
    assert "No active agent is called bob." in outcome.skipped[0][1]
    assert _replies(ticket) == ["Bob will help you."]


def test_the_composer_offers_the_macros_with_the_reply_filled_in(
    agent_client, agent, open_ticket, refund
):
    someone_elses = Macro.objects.create(
        name="Kim's own", reply="x", owner=UserFactory(username="kim")
    )
    ticket = open_ticket()
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert f"Hello Ada, your refund is on its way ({ticket.reference})." in page
    assert "Macro “Refund” will also: set the status to Waiting on customer" in page
    assert someone_elses.name not in page
    # Without scripts: the "Use" button asks for the page with the macro.
    chosen = agent_client.get(f"/agent/tickets/{ticket.pk}/?macro={refund.pk}")
    html = chosen.content.decode()
    assert f'name="macro" value="{refund.pk}"' in html
    assert '<p id="macro-summary" class="notice">' in html  # not hidden


def test_sending_with_a_macro_applies_it_with_the_text_as_changed(
    agent_client, open_ticket, refund, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = agent_client.post(
            f"/agent/tickets/{ticket.pk}/reply/",
            {
                "kind": "reply",
                "body": "Hello Ada, the refund of 20 EUR is on its way.",
                "macro": refund.pk,
                "seen_message": ticket.messages.latest("pk").pk,
            },
            follow=True,
        )
    page = response.content.decode()
    assert "Macro “Refund”: added tags, set the priority, set the status." in page
    ticket.refresh_from_db()
    assert ticket.status == "waiting"
    assert _replies(ticket) == ["Hello Ada, the refund of 20 EUR is on its way."]
    assert len([m for m in mail.outbox if "ada@example.com" in m.to[0]]) == 1


def test_another_agents_own_macro_cannot_be_sent(agent_client, open_ticket):
    kims = Macro.objects.create(
        name="Kim's own", reply="x", owner=UserFactory(username="kim")
    )
    MacroAction.objects.create(macro=kims, action="set_priority", value="urgent")
    ticket = open_ticket()
    agent_client.post(
        f"/agent/tickets/{ticket.pk}/reply/",
        {
            "kind": "reply",
            "body": "Plain reply",
            "macro": kims.pk,
            "seen_message": ticket.messages.latest("pk").pk,
        },
    )
    ticket.refresh_from_db()
    assert ticket.priority == "normal"
    assert _replies(ticket) == ["Plain reply"]


def test_a_macro_on_a_selection_is_shown_first_then_applied_to_each(
    agent_client, open_ticket, refund
):
    ada = open_ticket()
    bob = open_ticket(name="Bob Builder", email="bob@example.com")
    preview = agent_client.post(
        "/agent/bulk/",
        {"tickets": [ada.pk, bob.pk], "change": f"macro:{refund.pk}"},
    )
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "{{ customer_first_name }}" in page  # filled for each when sent
    assert ada.reference in page
    assert bob.reference in page
    assert not ada.tags.exists()  # nothing done yet
    response = agent_client.post(
        "/agent/bulk/macro/",
        {
            "macro": refund.pk,
            "tickets": [ada.pk, bob.pk],
            "reply": "Dear {{ customer_first_name }}, refunded.",
            "next": "/agent/",
        },
        follow=True,
    )
    assert "Macro “Refund” applied to 2 tickets." in response.content.decode()
    assert _replies(ada) == ["Dear Ada, refunded."]
    assert _replies(bob) == ["Dear Bob, refunded."]
    for ticket in (ada, bob):
        ticket.refresh_from_db()
        assert ticket.status == "waiting"


def test_a_macro_refused_on_one_ticket_leaves_the_others_done(
    agent_client, open_ticket, refund, agent
):
    from tickets.services.lifecycle import ticket_change_status

    ada = open_ticket()
    closed = open_ticket(name="Bob Builder", email="bob@example.com")
    ticket_change_status(ticket=closed, new_status="closed", actor=agent)
    response = agent_client.post(
        "/agent/bulk/macro/",
        {"macro": refund.pk, "tickets": [ada.pk, closed.pk], "reply": "Refunded."},
        follow=True,
    )
    page = response.content.decode()
    assert "Macro “Refund” applied to 1 ticket." in page
    assert closed.reference in page
    assert _replies(ada) == ["Refunded."]
    assert _replies(closed) == []


def test_the_admin_offers_a_macro_only_what_an_agent_may_do(admin_client):
    page = admin_client.get("/admin/tickets/macro/add/").content.decode()
    assert "Set the status" in page
    assert "Call a webhook" not in page
    response = admin_client.post(
        "/admin/tickets/macro/add/",
        {
            "name": "Refund",
            "reply": REFUND,
            "actions-TOTAL_FORMS": "1",
            "actions-INITIAL_FORMS": "0",
            "actions-0-action": "set_status",
            "actions-0-value": "soon",
        },
    )
    assert response.status_code == 200
    assert "does not fit this action" in response.content.decode()
    assert "your refund is on its way" in response.content.decode()
    assert not Macro.objects.exists()


def _page_form(**values):
    data = {
        "name": "Refund",
        "reply": "Refunded, {{ customer_first_name }}.",
        "actions-TOTAL_FORMS": "5",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "5",
        "actions-MAX_NUM_FORMS": "5",
        "actions-0-action": "set_status",
        "actions-0-value": "waiting",
        "actions-1-action": "add_tags",
        "actions-1-value": "refund",
    }
    return data | values


def test_an_agent_writes_their_own_macro_and_it_is_offered_only_to_them(
    agent_client, agent, open_ticket
):
    assert agent_client.get("/agent/macros/new/").status_code == 200
    response = agent_client.post("/agent/macros/new/", _page_form())
    assert response.status_code == 302
    macro = Macro.objects.get()
    assert macro.owner == agent
    assert [(a.action, a.value) for a in macro.actions.all()] == [
        ("set_status", "waiting"),
        ("add_tags", "refund"),
    ]
    listing = agent_client.get("/agent/macros/").content.decode()
    assert "Macro “Refund” will also: set the status to Waiting on customer" in listing
    ticket = open_ticket()
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "Refunded, Ada." in page


def test_a_mistake_in_an_action_is_said_next_to_it_and_the_rest_kept(agent_client):
    response = agent_client.post(
        "/agent/macros/new/", _page_form(**{"actions-0-value": "someday"})
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "does not fit this action" in page
    assert "Refunded, {{ customer_first_name }}." in page
    assert not Macro.objects.exists()


def test_only_staff_share_a_macro_and_only_the_owner_edits_theirs(agent_client, agent):
    response = agent_client.post("/agent/macros/new/", _page_form(shared="on"))
    assert response.status_code == 403
    assert "Only staff can share a macro" in response.content.decode()
    shared = Macro.objects.create(name="Shared one", reply="x")
    assert agent_client.get(f"/agent/macros/{shared.pk}/").status_code == 200
    refused = agent_client.post(f"/agent/macros/{shared.pk}/", _page_form())
    assert refused.status_code == 403
    kims = Macro.objects.create(name="Kim's", reply="x", owner=UserFactory())
    assert agent_client.get(f"/agent/macros/{kims.pk}/").status_code == 404
    agent_client.post(f"/agent/macros/{kims.pk}/delete/")
    assert Macro.objects.filter(pk=kims.pk).exists()

"""Merging tickets: everything moves over in one transaction, the merged
ones close with a pointer, the customer gets one email, later mail and
links land on the survivor, and bad merges are refused whole."""

import pytest
from django.core import mail

from notifications.models import Notification
from tickets.models import Message, Status, Tag, Ticket, TicketEvent, TicketFacts
from tickets.services.errors import InvalidChange
from tickets.services.intake import inbound_receive
from tickets.services.lifecycle import customer_message_post, reply_post
from tickets.services.merging import OtherCustomers, tickets_merge
from tickets.services.tagging import ticket_tags_change
from tickets.wording import describe_text

from .test_intake import email

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(open_ticket, agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = open_ticket(subject="Invoice wrong", message="VAT number is old.")
        second = open_ticket(subject="Invoice again", message="Still the old VAT.")
    mail.outbox.clear()
    return first, second


def test_a_merge_moves_everything_and_closes_the_other_with_a_pointer(
    pair, agent, staff_agent, django_capture_on_commit_callbacks
):
    survivor, other = pair
    reply_post(ticket=other, author=agent, body="Looking into it.")
    ticket_tags_change(ticket=other, actor=agent, add=["billing"])
    other.followers.add(staff_agent)
    with django_capture_on_commit_callbacks(execute=True):
        tickets_merge(survivor=survivor, merged=[other], actor=agent)
    other.refresh_from_db()
    assert (other.status, other.merged_into) == (Status.CLOSED, survivor)
    bodies = list(survivor.messages.values_list("body", flat=True))
    assert bodies == ["VAT number is old.", "Still the old VAT.", "Looking into it."]
    assert list(survivor.tags.values_list("name", flat=True)) == ["billing"]
    assert staff_agent in survivor.followers.all()
    assert not other.messages.exists()
    history = [describe_text(e, "UTC") for e in survivor.events.all()]
    assert (
        f"Merged in: {other.reference} (2 messages came over) by Sam Agent"
        in (history[-1])
    )
    assert history.count("Ticket opened by the customer") == 2
    # The customer hears once, in plain words, where to follow it.
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["Ada Lovelace <ada@example.com>"]
    assert f"Your requests {other.reference} were about the same thing" in sent.body
    assert survivor.public_url in sent.body
    # The merged ticket's facts still count what happened to it, once.
    assert TicketFacts.objects.filter(pk=other.pk).exists()


def test_the_customer_is_told_in_their_language(
    open_ticket, agent, django_capture_on_commit_callbacks
):
    survivor = open_ticket(language="de")
    other = open_ticket(language="de")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tickets_merge(survivor=survivor, merged=[other], actor=agent)
    (sent,) = mail.outbox
    assert "Ihre Anfragen" in sent.body, sent.body


def test_later_mail_and_links_to_a_merged_ticket_land_on_the_survivor(
    pair, agent, client
):
    survivor, other = pair
    ack = Notification.objects.get(ticket=other, kind=Notification.Kind.ACKNOWLEDGEMENT)
    tickets_merge(survivor=survivor, merged=[other], actor=agent)
    raw = email(
        subject=f"Re: [{other.reference}] We received your request",
        body="Here is the new number: GB999.",
        headers={"In-Reply-To": ack.message_id},
    )
    outcome = inbound_receive(raw=raw)
    assert (outcome.action, outcome.ticket) == ("replied", survivor)
    by_reference = inbound_receive(
        raw=email(subject=f"Re: [{other.reference}] more", body="One more thing.")
    )
    assert by_reference.ticket == survivor
    page = client.get(other.get_absolute_url())
    assert page.status_code == 302
    assert page["Location"] == survivor.get_absolute_url()
    # A reply through a page still open on the old ticket lands there too.
    message = customer_message_post(ticket=other, body="And a third.")
    assert message.ticket_id == survivor.pk


def test_tickets_of_another_customer_need_a_confirmation(open_ticket, agent):
    survivor = open_ticket()
    stranger = open_ticket(email="bo@example.com", name="Bo Brown")
    with pytest.raises(OtherCustomers, match="belong to other customers"):
        tickets_merge(survivor=survivor, merged=[stranger], actor=agent)
    assert Ticket.objects.get(pk=stranger.pk).merged_into is None
    tickets_merge(
        survivor=survivor,
        merged=[stranger],
        actor=agent,
        other_customers_confirmed=True,
    )
    assert [c.email for c in survivor.cc.all()] == ["bo@example.com"]


@pytest.mark.parametrize("case", ["itself", "closed", "merged", "cycle"])
def test_bad_merges_are_refused_and_nothing_moves(open_ticket, agent, case):
    a, b, c = open_ticket(), open_ticket(), open_ticket()
    if case == "itself":
        survivor, merged, said = a, [a], "cannot be merged into itself"
    elif case == "closed":
        Ticket.objects.filter(pk=a.pk).update(status=Status.CLOSED)
        survivor, merged, said = a, [b], "is closed"
    elif case == "merged":
        tickets_merge(survivor=c, merged=[b], actor=agent)
        survivor, merged, said = a, [b], "already merged"
    else:
        tickets_merge(survivor=a, merged=[b], actor=agent)
        survivor, merged, said = b, [a], "itself merged"
    before = {t.pk: t.messages.count() for t in (a, b, c)}
    with pytest.raises(InvalidChange, match=said):
        tickets_merge(survivor=survivor, merged=merged, actor=agent)
    assert {t.pk: t.messages.count() for t in (a, b, c)} == before


def test_a_merge_of_a_ticket_owed_an_answer_into_a_waiting_one_owes_it_again(
    pair, agent
):
    survivor, other = pair
    reply_post(
        ticket=survivor, author=agent, body="Which number?", new_status="waiting"
    )
    tickets_merge(survivor=survivor, merged=[other], actor=agent)
    survivor.refresh_from_db()
    assert survivor.status == Status.OPEN
    assert survivor.due_at is not None


def test_several_tickets_merge_at_once_in_time_order(open_ticket, agent):
    survivor = open_ticket(message="first")
    others = [open_ticket(message=word) for word in ("second", "third")]
    tickets_merge(survivor=survivor, merged=others, actor=agent)
    kinds = survivor.messages.filter(kind=Message.Kind.CUSTOMER)
    assert list(kinds.values_list("body", flat=True)) == ["first", "second", "third"]
    assert survivor.events.filter(kind=TicketEvent.Kind.MERGED_IN).count() == 1
    assert Tag.objects.count() == 0


def test_field_values_move_over_and_a_conflict_is_chosen(open_ticket, agent):
    from tickets.models import CustomField
    from tickets.selectors.fields import values_of
    from tickets.selectors.organised import merge_preview
    from tickets.services.fields import ticket_fields_set

    plan = CustomField.objects.create(
        key="plan", label="Plan", kind="choice", choices="Free\nPro"
    )
    order = CustomField.objects.create(key="order", label="Order", kind="text")
    survivor, other = open_ticket(), open_ticket()
    ticket_fields_set(ticket=survivor, actor=agent, raw={"plan": "Free"})
    ticket_fields_set(ticket=other, actor=agent, raw={"plan": "Pro", "order": "A-1"})
    preview = merge_preview(survivor=survivor, merged=[other])
    (conflict,) = preview.conflicts
    assert conflict.spec.key == "plan"
    assert [shown for _t, shown in conflict.options] == ["Free", "Pro"]
    tickets_merge(
        survivor=survivor,
        merged=[other],
        actor=agent,
        field_choices={plan.pk: other.pk},
    )
    assert values_of(survivor) == {plan.pk: ["Pro"], order.pk: ["A-1"]}


def test_a_breach_that_happened_stays_counted_once(open_ticket, agent):
    from tickets.services.facts import facts_missed

    survivor, other = open_ticket(), open_ticket()
    facts_missed(other, deadline="due_at")  # the watchdog saw its answer late
    missed = TicketFacts.objects.filter(first_response_met=False)
    assert missed.count() == 1
    tickets_merge(survivor=survivor, merged=[other], actor=agent)
    assert list(missed.values_list("ticket_id", flat=True)) == [other.pk]
    # Both requests were opened; neither is counted twice.
    assert TicketFacts.objects.count() == 2

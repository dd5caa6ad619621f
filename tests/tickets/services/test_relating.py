"""Links between tickets, a parent's children resolved with it, a message
split out into its own ticket, and possible duplicates spotted."""

import pytest
from django.core import mail

from tickets.models import Attachment, Message, Status, TicketEvent, TicketLink
from tickets.selectors.organised import possible_duplicates, ticket_links
from tickets.services.errors import InvalidChange
from tickets.services.lifecycle import customer_message_post, ticket_change_status
from tickets.services.merging import tickets_merge
from tickets.services.relating import (
    children_resolve,
    message_split,
    tickets_link,
    tickets_unlink,
)
from tickets.wording import describe_text

pytestmark = pytest.mark.django_db


def test_a_link_shows_on_both_tickets_with_their_relation(open_ticket, agent):
    parent, child = open_ticket(), open_ticket()
    tickets_link(ticket=parent, other=child, relation="parent", actor=agent)
    assert [(s.ticket.pk, s.relation) for s in ticket_links(parent)] == [
        (child.pk, "child")
    ]
    assert [(s.ticket.pk, s.relation) for s in ticket_links(child)] == [
        (parent.pk, "parent")
    ]
    line = describe_text(child.events.get(kind=TicketEvent.Kind.LINKED), "UTC")
    assert line == f"Linked: a child of {parent.reference} by Sam Agent"
    tickets_unlink(ticket=child, other=parent, actor=agent)
    assert not TicketLink.objects.exists()
    assert parent.events.filter(kind=TicketEvent.Kind.UNLINKED).count() == 1


@pytest.mark.parametrize("case", ["itself", "twice", "cycle", "merged"])
def test_bad_links_are_refused(open_ticket, agent, case):
    a, b, c = open_ticket(), open_ticket(), open_ticket()
    if case == "itself":
        other, said = a, "cannot be linked to itself"
    elif case == "twice":
        tickets_link(ticket=b, other=a, relation="related", actor=agent)
        other, said = b, "linked already"
    elif case == "cycle":
        tickets_link(ticket=a, other=b, relation="parent", actor=agent)
        tickets_link(ticket=b, other=c, relation="parent", actor=agent)
        # c is below a: it may not become a's parent.
        with pytest.raises(InvalidChange, match="cannot be its own parent"):
            tickets_link(ticket=c, other=a, relation="parent", actor=agent)
        return
    else:
        tickets_merge(survivor=c, merged=[b], actor=agent)
        other, said = b, "was merged into another ticket"
    with pytest.raises(InvalidChange, match=said):
        tickets_link(ticket=a, other=other, relation="related", actor=agent)


def test_a_resolved_parent_resolves_its_children_one_email_each(
    open_ticket, agent, django_capture_on_commit_callbacks
):
    parent = open_ticket()
    kids = [open_ticket(email=f"kid{n}@example.com") for n in range(2)]
    for kid in kids:
        tickets_link(ticket=parent, other=kid, relation="parent", actor=agent)
    ticket_change_status(ticket=parent, new_status=Status.RESOLVED, actor=agent)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done, refused = children_resolve(ticket=parent, actor=agent)
    assert (len(done), refused) == (2, [])
    assert sorted(m.to[0] for m in mail.outbox) == [
        "Ada Lovelace <kid0@example.com>",
        "Ada Lovelace <kid1@example.com>",
    ]
    for kid in kids:
        kid.refresh_from_db()
        assert kid.status == Status.RESOLVED


def test_a_message_split_out_becomes_a_ticket_of_its_own(
    open_ticket, agent, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    old = open_ticket(subject="Login broken")
    message = customer_message_post(
        ticket=old,
        body="Also: my invoice is wrong.",
        attachments=[SimpleUploadedFile("invoice.pdf", b"%PDF-1.4", "application/pdf")],
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new = message_split(message=message, subject="Invoice wrong", actor=agent)
    assert new.customer == old.customer
    assert new.first_response_due_at is not None
    (opening,) = new.messages.all()
    assert opening.body == "Also: my invoice is wrong."
    assert [a.filename for a in Attachment.objects.filter(message=opening)] == [
        "invoice.pdf"
    ]
    assert not Message.objects.filter(pk=message.pk).exists()
    assert [s.ticket.pk for s in ticket_links(old)] == [new.pk]
    (ack,) = mail.outbox
    assert f"[{new.reference}]" in ack.subject
    assert describe_text(old.events.get(kind=TicketEvent.Kind.SPLIT_OFF), "UTC") == (
        f"A message was split off into {new.reference} by Sam Agent"
    )


def test_the_opening_message_cannot_be_split(open_ticket, agent):
    ticket = open_ticket()
    with pytest.raises(InvalidChange, match="opened with"):
        message_split(message=ticket.messages.get(), subject="x", actor=agent)


def test_a_customer_s_second_ticket_about_the_same_thing_is_spotted(open_ticket):
    first = open_ticket(subject="Invoice shows the wrong VAT number")
    open_ticket(subject="Cannot log in", message="The password reset fails.")
    open_ticket(
        email="bo@example.com", subject="Invoice shows the wrong VAT number"
    )  # another customer's
    second = open_ticket(
        subject="wrong VAT number on my invoice", message="Still the old number."
    )
    assert possible_duplicates(second) == [first]
    again = open_ticket(subject="Hello", message=first.messages.get().body)
    assert first in possible_duplicates(again)  # the same words, another subject

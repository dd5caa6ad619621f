"""Tags: typed freely, each once whatever its case, in the history; bad
input refused with a sentence; an admin's merge of two tags."""

import pytest

from tickets.models import Tag, TicketEvent
from tickets.services.errors import InvalidChange
from tickets.services.tagging import (
    tag_names_read,
    tags_merge,
    ticket_tags_change,
    ticket_tags_set,
)
from tickets.wording import describe_text

pytestmark = pytest.mark.django_db


def test_tags_typed_with_commas_are_read_once_each_in_the_order_typed():
    assert tag_names_read(" refund,  VIP customer ,,Refund ") == [
        "refund",
        "VIP customer",
    ]


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("x" * 500, "at most 50 characters; this one has 500"),
        (["   "], "at least one letter"),
        (["a,b"], "cannot hold a comma"),
    ],
)
def test_bad_tags_are_refused_with_a_sentence(typed, said):
    with pytest.raises(InvalidChange, match=said):
        tag_names_read(typed)


def test_adding_and_removing_tags_is_in_the_history(open_ticket, agent):
    ticket = open_ticket()
    ticket_tags_change(ticket=ticket, actor=agent, add=["refund", "vip"])
    Tag.objects.filter(name="vip").update(name="VIP")
    ticket_tags_change(ticket=ticket, actor=agent, add=["vip"], remove=["refund"])
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["VIP"]
    lines = [
        describe_text(e, "UTC")
        for e in ticket.events.filter(kind=TicketEvent.Kind.TAGS_CHANGED)
    ]
    assert lines == [
        "Tags: added refund, vip by Sam Agent",
        "Tags: removed refund by Sam Agent",
    ]


def test_a_change_that_changes_nothing_writes_no_history(open_ticket, agent):
    ticket = open_ticket()
    ticket_tags_change(ticket=ticket, actor=agent, add=["Refund"])
    assert ticket_tags_change(ticket=ticket, actor=agent, add=["refund"]) is None
    assert ticket_tags_set(ticket=ticket, actor=agent, names=["REFUND"]) is None
    assert Tag.objects.count() == 1
    assert ticket.events.filter(kind=TicketEvent.Kind.TAGS_CHANGED).count() == 1


def test_setting_tags_replaces_them(open_ticket, agent):
    ticket = open_ticket()
    ticket_tags_change(ticket=ticket, actor=agent, add=["a", "b"])
    ticket_tags_set(ticket=ticket, actor=agent, names=["b", "c"])
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["b", "c"]


def test_merging_tags_retags_their_tickets_once(open_ticket, agent):
    first, second = open_ticket(), open_ticket(email="bo@example.com")
    ticket_tags_change(ticket=first, actor=agent, add=["refund", "refunds"])
    ticket_tags_change(ticket=second, actor=agent, add=["refunds"])
    keep = Tag.objects.get(name="refund")
    assert tags_merge(tags=Tag.objects.filter(name="refunds"), into=keep) == 2
    assert list(Tag.objects.values_list("name", flat=True)) == ["refund"]
    assert list(first.tags.all()) == [keep]
    assert list(second.tags.all()) == [keep]

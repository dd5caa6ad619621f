"""What a customer reaches with their ticket's secret key."""

from django.shortcuts import get_object_or_404

from ..models import (
    Attachment,
    Message,
    Ticket,
)


def ticket_for_customer(*, key: str) -> Ticket:
    """The ticket a customer's secret link opens; 404 for anything else."""
    return get_object_or_404(
        Ticket.objects.select_related(
            "customer", "queue", "assignee", "incident"
        ).defer("search_document"),
        access_key=key,
    )


def ticket_for_customer_or_none(*, key: str) -> Ticket | None:
    return Ticket.objects.select_related("customer").filter(access_key=key).first()


def ticket_by_id(pk: int) -> Ticket | None:
    """For a signed link (the follow-up's rating links): the link is the key."""
    return (
        Ticket.objects.select_related("customer", "queue", "assignee", "rating")
        .defer("search_document")
        .filter(pk=pk)
        .first()
    )


def attachment_for_customer(*, ticket: Ticket, attachment_id: int) -> Attachment:
    return get_object_or_404(
        Attachment.objects.exclude(message__kind=Message.Kind.NOTE),
        pk=attachment_id,
        message__ticket=ticket,
    )

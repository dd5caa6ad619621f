"""What the composer and the API send: a public reply or an internal note,
with a status to set; a reply to an unassigned ticket makes it the
replier's, as their preference says (the customer then has one person)."""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from ..models import Message, Ticket
from .assignment import ticket_assign
from .lifecycle import note_add, reply_post, ticket_change_status
from .timing import time_record


def _takes_it(ticket: Ticket, author: User) -> bool:
    profile = getattr(author, "agent_profile", None)
    wanted = profile.assign_on_reply if profile is not None else True
    return ticket.assignee_id is None and wanted


@transaction.atomic
def agent_message_post(
    *,
    ticket: Ticket,
    author: User,
    kind: str,
    body: str,
    new_status: str | None = None,
    attachments: Iterable[UploadedFile[bytes]] = (),
    time_spent: int | None = None,
    body_html: str = "",
) -> Message:
    """What the composer and the API send: a public reply, or an internal
    note, either with a status to set, files, and the minutes the agent
    spent. All or nothing: a refused status leaves no orphan note behind to
    be posted twice."""
    if kind == Message.Kind.NOTE:
        if new_status and new_status != ticket.status:
            ticket_change_status(ticket=ticket, new_status=new_status, actor=author)
        message = note_add(
            ticket=ticket,
            author=author,
            body=body,
            attachments=attachments,
            body_html=body_html,
        )
    else:
        if _takes_it(ticket, author):
            ticket_assign(ticket=ticket, assignee=author, actor=author)
        message = reply_post(
            ticket=ticket,
            author=author,
            body=body,
            new_status=new_status,
            attachments=attachments,
            body_html=body_html,
        )
    if time_spent:
        time_record(
            ticket=message.ticket, agent=author, minutes=time_spent, message=message
        )
    return message

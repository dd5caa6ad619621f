"""Agents by email. An agent answering one of our emails to them (an alert,
a new ticket, a customer's reply) adds to that ticket: a public reply, or
an internal note when its first line is ``#note``. An agent forwarding a
customer's email to a support address opens the ticket for the customer,
with the forwarded text as the customer's message and what the agent wrote
above it as a note. Never a new ticket in the agent's own name.

Only an answer to an email we sent to that agent's address counts (its
Message-ID is random and went to them alone): a From header is easy to
forge, so a subject's reference alone never lets mail speak as an agent."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from notifications.models import Notification

from ..forwards import Forwarded, forwarded, subject_without_prefix
from ..inbound import InboundEmail, our_uuid, parse
from ..models import Message, Queue, Ticket
from ..permissions import is_agent
from ..ratelimit import acknowledgement_allowed
from ..replies import strip_quoted
from .files import attachments_keep
from .lifecycle import note_add, ticket_open
from .replying import agent_message_post

NOTE_MARK = re.compile(r"\A\s*#note\b[ \t]*\n?", re.IGNORECASE)
ORIGINAL = "original-message.eml"


@dataclass(frozen=True)
class AgentMail:
    """Where the mail went: ``action`` as intake's outcomes say it."""

    action: str
    ticket: Ticket | None = None
    reason: str = ""


def agent_by_address(address: str) -> User | None:
    """The active agent who signs in with this email address, if any."""
    for user in User.objects.filter(email__iexact=address, is_active=True):
        if is_agent(user):
            return user
    return None


def agent_mail_receive(
    *,
    mail: InboundEmail,
    agent: User,
    body: str,
    attachments: Sequence[UploadedFile[bytes]],
    message_id: str,
    queue: Queue | None,
    reply_address: str,
) -> AgentMail | None:
    """The agent's answer or forward, put where it belongs; None when it is
    the agent writing as a customer (an answer to an email sent to them as
    one), which intake then handles as any customer's mail."""
    answered = _answered(mail, agent)
    if answered is not None and not answered.to_agent:
        return None
    if answered is not None:
        return _answer(answered.ticket, agent, body, attachments, message_id)
    found = _forward_in(mail)
    if found is not None and found.sender != agent.email.lower():
        return _open_for_customer(
            found, agent, mail, attachments, message_id, queue, reply_address
        )
    return AgentMail(
        "ignored",
        reason=_(
            "from an agent, but answering no email we sent them and forwarding "
            "nothing: not added (answer the email itself, or forward the "
            "customer's)"
        ),
    )


def _answered(mail: InboundEmail, agent: User) -> Notification | None:
    """The newest of our emails to this agent that the mail answers."""
    ours = [our_uuid(message_id) for message_id in mail.replied_to]
    sent = {
        str(row.uuid): row
        for row in Notification.objects.filter(
            uuid__in=[found for found in ours if found],
            recipient_email__iexact=agent.email,
        ).select_related("ticket")
    }
    return next((sent[found] for found in ours if found in sent), None)


def _answer(
    ticket: Ticket,
    agent: User,
    body: str,
    attachments: Sequence[UploadedFile[bytes]],
    message_id: str,
) -> AgentMail:
    note = NOTE_MARK.match(body)
    kind = Message.Kind.NOTE if note else Message.Kind.REPLY
    words = body[note.end() :].strip() if note else body
    if not words:
        return AgentMail("ignored", ticket, _("an agent's answer with no words"))
    message = agent_message_post(ticket=ticket, author=agent, kind=kind, body=words)
    Message.objects.filter(pk=message.pk).update(email_message_id=message_id)
    # The raw email quotes what the agent was sent (an alert, notes): it
    # stays with the agents, never on a public reply.
    files = [f for f in attachments if note or f.name != ORIGINAL]
    attachments_keep(message, files)
    return AgentMail("noted" if note else "replied", ticket)


def _forward_in(mail: InboundEmail) -> Forwarded | None:
    """Forwarded inline, or attached whole (the first email attached)."""
    for _name, content_type, data, _cid in mail.attachments:
        if content_type == "message/rfc822":
            inner = parse(data)
            if inner.sender:
                return Forwarded(
                    sender_name=inner.sender_name,
                    sender=inner.sender,
                    subject=subject_without_prefix(inner.subject),
                    text=strip_quoted(inner.text),
                    note=strip_quoted(mail.text),
                )
    return forwarded(mail.text)


def _open_for_customer(
    found: Forwarded,
    agent: User,
    mail: InboundEmail,
    attachments: Sequence[UploadedFile[bytes]],
    message_id: str,
    queue: Queue | None,
    reply_address: str,
) -> AgentMail:
    acknowledge = acknowledgement_allowed(found.sender)
    ticket = ticket_open(
        name=found.sender_name or found.sender.split("@")[0],
        email=found.sender,
        subject=(found.subject or subject_without_prefix(mail.subject))[:200],
        message=found.text or mail.subject,
        attachments=[f for f in attachments if f.name != ORIGINAL],
        source=Message.Source.EMAIL,
        email_message_id=message_id,
        queue=queue,
        reply_address=reply_address,
        acknowledge=acknowledge,
        opened_by=agent,
    )
    # What the agent wrote above it, and their email as it came: for agents.
    note = note_add(
        ticket=ticket, author=agent, body=found.note or _("Forwarded by email.")
    )
    attachments_keep(note, [f for f in attachments if f.name == ORIGINAL])
    return AgentMail("opened", ticket, _("forwarded by an agent"))

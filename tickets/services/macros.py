"""Macros applied by an agent: the macro's actions taken as the agent,
through the same services as a rule's (tickets.services.automation), then
its reply, as the agent read and changed it, with the status the macro sets:
the customer hears of it once. An action that cannot be taken on this
ticket is skipped with the reason; the reply is never lost to it."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ..models import Message, Ticket
from ..models.macros import Macro, MacroAction
from .automation import action_take
from .canned import placeholders_filled
from .errors import TicketError
from .replying import agent_message_post


@dataclass
class MacroOutcome:
    did: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # action, why
    message: Message | None = None


def macros_for(agent: User) -> QuerySet[Macro]:
    """The shared macros and the agent's own."""
    mine = Q(owner__isnull=True) | Q(owner=agent)
    return Macro.objects.filter(mine)


def macro_text(
    macro: Macro, *, ticket: Ticket, agent: User, text: str | None = None
) -> str:
    """The macro's reply (or ``text``, written for all the tickets it is
    applied to) with its placeholders filled for this ticket."""
    return placeholders_filled(
        macro.reply if text is None else text, ticket=ticket, agent=agent
    )


def macro_apply_many(
    *, tickets: Iterable[Ticket], macro: Macro, agent: User, text: str
) -> tuple[list[Ticket], list[tuple[Ticket, str]]]:
    """The macro on each ticket, its reply ``text`` filled in for each; the
    tickets done, and those refused with the reason (each on its own: one
    refused leaves the others done)."""
    done: list[Ticket] = []
    refused: list[tuple[Ticket, str]] = []
    for ticket in tickets:
        body = macro_text(macro, ticket=ticket, agent=agent, text=text)
        try:
            outcome = macro_apply(ticket=ticket, macro=macro, agent=agent, body=body)
        except TicketError as error:
            refused.append((ticket, str(error)))
            continue
        if outcome.skipped:
            refused.append((ticket, " ".join(why for _a, why in outcome.skipped)))
        else:
            done.append(ticket)
    return done, refused


def macro_status(macro: Macro) -> str:
    """The status the macro sets ("" for none)."""
    chosen = [a.value.strip() for a in macro.actions.all() if a.action == "set_status"]
    return chosen[-1] if chosen else ""


@transaction.atomic
def macro_apply(
    *,
    ticket: Ticket,
    macro: Macro,
    agent: User,
    kind: str = Message.Kind.REPLY,
    body: str | None = None,
    body_html: str = "",
    new_status: str = "",
    attachments: Iterable[UploadedFile[bytes]] = (),
    time_spent: int | None = None,
) -> MacroOutcome:
    """Apply ``macro`` to ``ticket`` as ``agent``. ``body``: the reply as the
    agent changed it (None: the macro's own, filled in for this ticket);
    ``new_status``: the agent's choice, over the macro's. A refused reply
    (TicketError) undoes the whole macro."""
    outcome = MacroOutcome()
    text = macro_text(macro, ticket=ticket, agent=agent) if body is None else body
    status = new_status or macro_status(macro)
    for action in macro.actions.all():
        if action.action == "set_status" and text.strip():
            continue  # goes with the reply: one email
        try:
            with transaction.atomic():
                if action_take(
                    action.action,
                    action.value.strip(),
                    ticket=ticket,
                    by=agent,
                    label=macro.name,
                ):
                    outcome.did.append(action.action)
        except (TicketError, ValueError) as error:
            outcome.skipped.append((action.action, str(error)))
        ticket.refresh_from_db()
    if text.strip():
        before = ticket.status
        outcome.message = agent_message_post(
            ticket=ticket,
            author=agent,
            kind=kind,
            body=text,
            new_status=status or None,
            attachments=attachments,
            time_spent=time_spent,
            body_html=body_html,
        )
        ticket.refresh_from_db()
        if status and ticket.status != before:
            outcome.did.append("set_status")
    return outcome


def can_edit_macro(*, user: User, macro: Macro) -> bool:
    """An agent edits their own; shared ones are managed by staff."""
    return macro.owner_id == user.pk or user.is_staff


@transaction.atomic
def macro_save(
    *,
    user: User,
    macro: Macro | None,
    name: str,
    reply: str,
    shared: bool,
    actions: Iterable[tuple[str, str]],
) -> Macro:
    """A macro kept with its actions, in order (those given replace the
    ones it had). Checked by the form (tickets.macro_forms)."""
    if macro is not None and not can_edit_macro(user=user, macro=macro):
        raise TicketError(_("Only its owner or staff can change this macro."))
    if shared and not user.is_staff:
        raise TicketError(_("Only staff can share a macro with every agent."))
    macro = macro or Macro()
    macro.name, macro.reply = name.strip(), reply
    macro.owner = None if shared else (macro.owner or user)
    if (
        Macro.objects.filter(owner=macro.owner, name=macro.name)
        .exclude(pk=macro.pk)
        .exists()
    ):
        raise TicketError(
            _("There is already a macro called %(name)s.") % {"name": macro.name}
        )
    macro.save()
    macro.actions.all().delete()
    MacroAction.objects.bulk_create(
        MacroAction(macro=macro, action=action, value=value.strip())
        for action, value in actions
    )
    return macro


@transaction.atomic
def macro_delete(*, user: User, macro: Macro) -> None:
    if not can_edit_macro(user=user, macro=macro):
        raise TicketError(_("Only its owner or staff can delete this macro."))
    macro.delete()

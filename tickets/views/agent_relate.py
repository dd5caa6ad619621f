"""Tickets that belong together, in the workspace: links between them, a
parent's children resolved with it, and a message split out into a
ticket of its own."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from helpdesk.core.parsing import as_id

from ..models import Message, Ticket, parse_reference
from ..permissions import agent_required, signed_in_agent
from ..selectors.ticket_page import ticket_for_agent
from ..services.errors import TicketError
from ..services.relating import (
    children_resolve,
    message_split,
    tickets_link,
    tickets_unlink,
)
from .agent_ticket import ticket_page_render


def _other(typed: str) -> Ticket | None:
    pk = parse_reference(typed) or as_id(typed.strip())
    return Ticket.objects.filter(pk=pk).first() if pk else None


@require_POST
@agent_required
def ticket_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link this ticket to the one typed (HD-1042), as related, parent or
    child; or unlink one."""
    ticket = ticket_for_agent(pk=pk)
    agent = signed_in_agent(request)
    typed = request.POST.get("other", "")
    other = _other(typed) if typed.strip() else None
    try:
        if "unlink" in request.POST:
            unlinked = _other(request.POST["unlink"])
            if unlinked is None:
                raise TicketError(_("There is no such ticket to unlink."))
            tickets_unlink(ticket=ticket, other=unlinked, actor=agent)
            messages.success(
                request, _("Unlinked %(ref)s.") % {"ref": unlinked.reference}
            )
            return redirect("agent:ticket", pk=ticket.pk)
        if other is None:
            raise TicketError(
                _("There is no ticket %(ref)s.") % {"ref": typed.strip()}
                if typed.strip()
                else _("Type the reference of the ticket to link, like HD-1042.")
            )
        tickets_link(
            ticket=ticket,
            other=other,
            relation=request.POST.get("relation", ""),
            actor=agent,
        )
    except TicketError as error:
        return ticket_page_render(
            request,
            ticket,
            link_typed=typed,
            link_error=str(error),
            status=400,
        )
    messages.success(request, _("Linked to %(ref)s.") % {"ref": other.reference})
    return redirect("agent:ticket", pk=ticket.pk)


@require_POST
@agent_required
def ticket_children_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = ticket_for_agent(pk=pk)
    done, refused = children_resolve(ticket=ticket, actor=signed_in_agent(request))
    if done:
        messages.success(
            request,
            ngettext(
                "Resolved %(count)d child ticket; its customer is emailed.",
                "Resolved %(count)d child tickets; each customer is emailed.",
                len(done),
            )
            % {"count": len(done)},
        )
    for child, reason in refused:
        messages.error(request, f"{child.reference}: {reason}")
    return redirect("agent:ticket", pk=ticket.pk)


@require_http_methods(["GET", "POST"])
@agent_required
def split(request: HttpRequest, message_pk: int) -> HttpResponse:
    """Show the message and ask for the new ticket's subject; then split."""
    message = get_object_or_404(
        Message.objects.select_related("ticket__customer"), pk=message_pk
    )
    ticket = message.ticket
    subject = request.POST.get("subject", ticket.subject)
    error = ""
    if request.method == "POST":
        try:
            new = message_split(
                message=message, subject=subject, actor=signed_in_agent(request)
            )
        except TicketError as refused:
            error = str(refused)
        else:
            messages.success(
                request,
                _(
                    "The message is now %(ref)s, linked to this ticket; the "
                    "customer is told its reference."
                )
                % {"ref": new.reference},
            )
            return redirect("agent:ticket", pk=new.pk)
    context = {"message": message, "ticket": ticket, "subject": subject, "error": error}
    return render(request, "agent/split.html", context, status=400 if error else 200)

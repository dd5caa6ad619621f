"""Email that could not be read, as a work view: why, what could be read,
and "Create ticket from this email" or "Dismiss"."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..agent_forms import UnreadableTicketForm
from ..models import InboundMail
from ..permissions import agent_required, signed_in_agent
from ..selectors.workspace import unreadable_mail
from ..services.errors import TicketError
from ..services.unreadable import (
    inbound_dismiss,
    inbound_ticket_create,
    unreadable_preview,
    unreadable_reason,
)


@require_http_methods(["GET", "POST"])
@agent_required
def unreadable_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row: InboundMail = get_object_or_404(unreadable_mail().defer(None), pk=pk)
    preview = unreadable_preview(row)
    initial = {
        "name": preview.sender_name,
        "email": preview.sender,
        "subject": preview.subject,
        "message": preview.text,
    }
    form = UnreadableTicketForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                ticket = inbound_ticket_create(
                    row=row,
                    actor=signed_in_agent(request),
                    name=data["name"] or data["email"],
                    email=data["email"],
                    subject=data["subject"],
                    message=data["message"],
                    attachments=preview.attachments,
                    acknowledge=data["acknowledge"],
                )
            except TicketError as error:
                messages.error(request, str(error))
                return redirect("agent:inbound")
            messages.success(
                request,
                _("%(ref)s made from the email.") % {"ref": ticket.reference},
            )
            return redirect("agent:ticket", pk=ticket.pk)
    context = {
        "row": row,
        "preview": preview,
        "reason": unreadable_reason(row),
        "form": form,
    }
    return render(request, "agent/unreadable.html", context, status=status)


@require_POST
@agent_required
def unreadable_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(unreadable_mail(), pk=pk)
    try:
        inbound_dismiss(row=row, actor=signed_in_agent(request))
    except TicketError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Dismissed. It stays stored as it came."))
    return redirect("agent:inbound")

"""Agents black out what should never have been written (a card number,
a password): a message's text or one of its files (tickets.services
.redaction)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Attachment, Message
from ..permissions import agent_required, signed_in_agent
from ..services.errors import TicketError
from ..services.redaction import attachment_redact, message_redact


@require_POST
@agent_required
def message_redaction(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(Message.objects.select_related("ticket"), pk=pk)
    try:
        message_redact(
            message=message,
            by=signed_in_agent(request),
            reason=request.POST.get("reason", ""),
        )
    except TicketError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The message's text is blacked out."))
    return redirect("agent:ticket", pk=message.ticket_id)


@require_POST
@agent_required
def file_redaction(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("message"), pk=pk)
    attachment_redact(
        attachment=attachment,
        by=signed_in_agent(request),
        reason=request.POST.get("reason", ""),
    )
    messages.success(
        request, _("The file %(name)s is deleted.") % {"name": attachment.filename}
    )
    return redirect("agent:ticket", pk=attachment.message.ticket_id)

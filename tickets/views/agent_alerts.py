"""The bell's list, and following a ticket."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from django_stubs_ext import StrOrPromise

from notifications.models import Notification

from ..models import display_name
from ..permissions import agent_required, signed_in_agent
from ..selectors.alerts import recent_alerts
from ..selectors.ticket_page import ticket_for_agent
from ..selectors.workspace import agents
from ..services.following import alerts_read, ticket_follow


@require_GET
@agent_required
def alert_list(request: HttpRequest) -> HttpResponse:
    alerts = list(recent_alerts(signed_in_agent(request)))
    rows = [(alert, why(alert.kind)) for alert in alerts]
    context = {"rows": rows, "unread": sum(1 for a in alerts if a.read_at is None)}
    return render(request, "agent/alerts.html", context)


@require_POST
@agent_required
def alerts_read_all(request: HttpRequest) -> HttpResponse:
    alerts_read(user=signed_in_agent(request))
    messages.success(request, _("All notifications marked as read."))
    return redirect("agent:alerts")


@require_POST
@agent_required
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = ticket_for_agent(pk=pk)
    following = request.POST.get("follow") == "1"
    ticket_follow(ticket=ticket, user=signed_in_agent(request), follow=following)
    messages.success(
        request,
        _("You follow %(ref)s: you will hear of its replies and status changes.")
        % {"ref": ticket.reference}
        if following
        else _("You no longer follow %(ref)s.") % {"ref": ticket.reference},
    )
    return redirect("agent:ticket", pk=ticket.pk)


def why(kind: str) -> str:
    """Why an agent was told, as the list says it."""
    return str(WHY.get(kind, kind))


WHY: dict[str, StrOrPromise] = {
    Notification.Kind.AGENT_NEW_TICKET: _("New ticket in your queue"),
    Notification.Kind.AGENT_CUSTOMER_REPLIED: _("Your customer replied"),
    Notification.Kind.SLA_WARNING: _("Deadline near"),
    Notification.Kind.SLA_BREACHED: _("Deadline missed"),
    Notification.Kind.SILENCE_ALERT: _("Customer without news"),
    Notification.Kind.PROMISE_DUE: _("Promise due"),
    Notification.Kind.BAD_RATING: _("Bad rating"),
    Notification.Kind.FOLLOWED: _("On a ticket you follow"),
}


@require_GET
@agent_required
def agent_names(request: HttpRequest) -> JsonResponse:
    """Agents whose username or name starts with what follows an ``@`` in
    a note (the composer's suggestions)."""
    typed = request.GET.get("q", "")[:50].strip().lower()
    found = [
        {"username": user.username, "name": display_name(user)}
        for user in agents()
        if not typed
        or user.username.lower().startswith(typed)
        or any(part.lower().startswith(typed) for part in display_name(user).split())
    ]
    return JsonResponse({"agents": found[:10]})

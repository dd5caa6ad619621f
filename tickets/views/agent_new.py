"""An agent opens a ticket for a customer (a phone call, a chat): the same
door as the web form, in the customer's words, with who took it down."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ..agent_forms import OpenForCustomerForm
from ..permissions import agent_required, signed_in_agent
from ..services.lifecycle import ticket_open


@require_http_methods(["GET", "POST"])
@agent_required
def ticket_new(request: HttpRequest) -> HttpResponse:
    form = OpenForCustomerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ticket = ticket_open(
            name=data["name"],
            email=data["email"],
            subject=data["subject"],
            message=data["message"],
            source=data["channel"],
            queue=data["queue"],
            priority=data["priority"],
            acknowledge=data["acknowledge"],
            opened_by=signed_in_agent(request),
        )
        return redirect("agent:ticket", pk=ticket.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "agent/ticket_new.html", {"form": form}, status=status)

"""The side forms of the agent's ticket page that keep what was typed:
people in copy and promises."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ..agent_forms import CCForm, PromiseForm, PromiseMoveForm
from ..models import Ticket
from ..permissions import agent_required, signed_in_agent
from ..selectors import ticket_page
from ..selectors.ticket_page import ticket_for_agent
from ..services import commitments
from ..services.assignment import ticket_add_cc
from ..services.commitments import promise_keep, promise_move
from ..services.errors import TicketError
from .agent_ticket import ticket_page_render


def side_form_post(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    slot: str,
    act: Callable[[Ticket, dict[str, Any], User], str],
) -> HttpResponse:
    """Validate one sidebar form, run one service, come back with the outcome.
    An invalid or refused form comes back in its ``slot`` with what was typed."""
    ticket = ticket_for_agent(pk=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return ticket_page_render(request, ticket, kept={slot: form}, status=400)
    try:
        done = act(ticket, form.cleaned_data, signed_in_agent(request))
    except TicketError as error:
        return ticket_page_render(
            request, ticket, kept={slot: form}, error=str(error), status=409
        )
    messages.success(request, done)
    return redirect("agent:ticket", pk=ticket.pk)


@require_POST
@agent_required
def ticket_cc(request: HttpRequest, pk: int) -> HttpResponse:
    def act(ticket: Ticket, data: dict[str, Any], agent: User) -> str:
        ticket_add_cc(
            ticket=ticket, email=data["email"], name=data["name"], actor=agent
        )
        return f"{data['email']} now gets this ticket's emails."

    return side_form_post(request, pk, CCForm, "cc_form", act)


@require_POST
@agent_required
def promise_make(request: HttpRequest, pk: int) -> HttpResponse:
    def act(ticket: Ticket, data: dict[str, Any], agent: User) -> str:
        commitments.promise_make(
            ticket=ticket,
            description=data["description"],
            due_at=data["due_at"],
            actor=agent,
        )
        return "Promise recorded; you will be reminded before it is due."

    return side_form_post(request, pk, PromiseForm, "promise_form", act)


@require_POST
@agent_required
def promise_change(request: HttpRequest, pk: int, promise_pk: int) -> HttpResponse:
    """Keep a promise, or move it (the customer is told)."""
    ticket = ticket_for_agent(pk=pk)
    promise = get_object_or_404(ticket_page.promises(ticket), pk=promise_pk)
    if "keep" in request.POST:
        try:
            promise_keep(promise=promise, actor=signed_in_agent(request))
        except TicketError as error:
            return ticket_page_render(request, ticket, error=str(error), status=409)
        messages.success(request, _("Promise marked as kept."))
        return redirect("agent:ticket", pk=ticket.pk)
    form = PromiseMoveForm(request.POST)
    moving = {
        "promise": promise.pk,
        "due_at": request.POST.get("due_at", ""),
        "reason": request.POST.get("reason", ""),
    }  # kept as typed
    if not form.is_valid():
        problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return ticket_page_render(
            request,
            ticket,
            moving=moving,
            error=_("Not moved: %(problems)s") % {"problems": problems},
            status=400,
        )
    try:
        promise_move(
            promise=promise,
            due_at=form.cleaned_data["due_at"],
            reason=form.cleaned_data["reason"],
            actor=signed_in_agent(request),
        )
    except TicketError as error:
        return ticket_page_render(
            request, ticket, moving=moving, error=str(error), status=409
        )
    messages.success(request, _("Promise moved; the customer is told."))
    return redirect("agent:ticket", pk=ticket.pk)

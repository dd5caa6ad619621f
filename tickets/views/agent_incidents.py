"""Incidents in the agent workspace (P7): declare one, link its tickets,
tell every affected customer with one update."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ..agent_forms import IncidentForm, IncidentUpdateForm
from ..models import Incident
from ..permissions import agent_required, signed_in_agent
from ..selectors import incidents as incident_selectors
from ..selectors.queue import tickets_by_ids
from ..services.incidents import incident_create, incident_edit, incident_update_post

SHOWN_TICKETS = 100


@require_http_methods(["GET", "POST"])
@agent_required
def incident_list(request: HttpRequest) -> HttpResponse:
    form = IncidentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        incident = incident_create(
            title=data["title"],
            summary=data["summary"],
            is_public=data["is_public"],
            actor=signed_in_agent(request),
            tickets=tickets_by_ids(data["tickets"]),
        )
        linked = len(data["tickets"])
        created = (
            ngettext(
                "Incident created with %(count)d ticket linked. Customers hear "
                "of it with your first public update.",
                "Incident created with %(count)d tickets linked. Customers hear "
                "of it with your first public update.",
                linked,
            )
            % {"count": linked}
            if linked
            else _(
                "Incident created. Customers hear of it with your first public update."
            )
        )
        messages.success(request, created)
        return redirect("agent:incident", pk=incident.pk)
    context = {
        "incidents": incident_selectors.incidents_for_agents()[:200],
        "form": form,
    }
    status = 400 if form.is_bound else 200
    return render(request, "agent/incidents.html", context, status=status)


def _page(
    request: HttpRequest,
    incident: Incident,
    *,
    form: IncidentForm | None = None,
    update_form: IncidentUpdateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    tickets = incident_selectors.incident_tickets(incident)
    context = {
        "incident": incident,
        "form": form or IncidentForm(instance=incident),
        "update_form": update_form
        or IncidentUpdateForm(initial={"status": incident.status}),
        "tickets": tickets[:SHOWN_TICKETS],
        "ticket_count": tickets.count(),
        "updates": list(incident.updates.all()),
    }
    return render(request, "agent/incident.html", context, status=status)


@require_http_methods(["GET", "POST"])
@agent_required
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = incident_selectors.incident_for_agent(pk=pk)
    if request.method != "POST":
        return _page(request, incident)
    form = IncidentForm(request.POST, instance=incident)
    if not form.is_valid():
        return _page(request, incident, form=form, status=400)
    data = form.cleaned_data
    incident_edit(
        incident=incident,
        title=data["title"],
        summary=data["summary"],
        is_public=data["is_public"],
    )
    messages.success(request, _("Incident saved."))
    return redirect("agent:incident", pk=incident.pk)


@require_POST
@agent_required
def incident_update(request: HttpRequest, pk: int) -> HttpResponse:
    incident = incident_selectors.incident_for_agent(pk=pk)
    form = IncidentUpdateForm(request.POST)
    if not form.is_valid():
        return _page(request, incident, update_form=form, status=400)
    data = form.cleaned_data
    update = incident_update_post(
        incident=incident,
        body=data["body"],
        status=data["status"],
        is_public=data["is_public"],
        resolve_tickets=data["resolve_tickets"],
        actor=signed_in_agent(request),
    )
    if update.is_public:
        messages.success(
            request,
            _(
                "Update posted. Every affected customer is being emailed; this page "
                "shows how many were reached."
            ),
        )
    else:
        messages.success(request, _("Internal update posted."))
    return redirect("agent:incident", pk=incident.pk)

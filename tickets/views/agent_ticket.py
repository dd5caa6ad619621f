"""One ticket in the agent workspace: read it, answer it, move it along."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from helpdesk.core.parsing import as_id
from kb import selectors as kb_selectors

from .. import sla
from ..agent_forms import CCForm, PromiseForm, ReplyForm
from ..field_forms import AgentFieldsForm
from ..models import (
    PLACEHOLDERS,
    Message,
    Status,
    Ticket,
    TicketEvent,
    format_reference,
    payloads,
)
from ..models.history import payload_of
from ..permissions import agent_required, signed_in_agent
from ..presence import presence_report
from ..selectors import ticket_page
from ..selectors.fields import defined as fields_defined
from ..selectors.fields import ticket_fields, values_of
from ..selectors.organised import possible_duplicates, ticket_links, ticket_tags
from ..selectors.ticket_page import (
    email_problems,
    latest_customer_message_id,
    people_in_copy,
    ticket_for_agent,
)
from ..selectors.workspace import canned_responses_for, workspace_choices
from ..services.canned import canned_values
from ..services.changes import change_read, ticket_change
from ..services.errors import InvalidChange, TicketError
from ..services.following import alerts_seen
from ..services.lifecycle import allowed_transitions
from ..services.macros import macro_apply, macros_for
from ..services.replying import agent_message_post
from ..uploads import uploads_release
from ..wording import person_words, priority_words
from .agent_macros import macro_initial, macro_offers, macro_said
from .history import agent_history


def fields_form(ticket: Ticket, data: Any = None) -> AgentFieldsForm:
    """The panel's form of the ticket's category and fields."""
    known = fields_defined()
    return AgentFieldsForm(
        data,
        known=known,
        queue_id=ticket.queue_id,
        category_id=ticket.category_id,
        values=values_of(ticket) if data is None and known.fields else {},
    )


def ticket_page_render(
    request: HttpRequest,
    ticket: Ticket,
    *,
    kept: dict[str, forms.Form] | None = None,
    moving: dict[str, Any] | None = None,
    error: str = "",
    warning: str = "",
    tags_typed: str = "",
    tags_error: str = "",
    link_typed: str = "",
    link_error: str = "",
    status: int = 200,
) -> HttpResponse:
    """The ticket page; ``kept`` holds forms sent back with what was typed
    (by their name in the page: reply_form, cc_form, promise_form), as
    ``tags_typed`` the tags typed with ``tags_error``, ``link_typed`` the
    ticket to link to with ``link_error``."""
    kept = kept or {}
    drawn_at = timezone.now()  # the ticket was read just before: see live.js
    agent = signed_in_agent(request)
    statuses = allowed_transitions(ticket)
    time_zone = sla.time_zone(ticket)
    history = agent_history(request, ticket, time_zone)
    reply_form = kept.get("reply_form")
    if reply_form is None:
        initial: dict[str, Any] = {"seen_message": history.newest_customer_message}
        canned_id = as_id(request.GET.get("canned"))
        if canned_id:  # the no-JavaScript way to insert a canned response
            chosen = canned_responses_for(agent).filter(pk=canned_id).first()
            if chosen is not None:
                values = canned_values(ticket=ticket, agent=agent)
                initial["body"] = chosen.render(values)
                initial["body_html"] = chosen.render_html(values)
        article_id = as_id(request.GET.get("article"))
        if article_id:  # the no-JavaScript way to link an article
            article = kb_selectors.published().filter(pk=article_id).first()
            if article is not None:
                initial["body"] = f"{article.title}: {article.public_url}"
        initial |= macro_initial(request, ticket, agent)
        reply_form = ReplyForm(initial=initial, statuses=statuses)
    canned = list(canned_responses_for(agent, language=ticket.customer.language))
    undelivered, delayed = email_problems(ticket)
    values = canned_values(ticket=ticket, agent=agent)
    links = ticket_links(ticket)
    known = fields_defined()
    context = {
        "ticket": ticket,
        "drawn_at": drawn_at,
        "live_seconds": settings.HELPDESK_LIVE_POLL_SECONDS,
        "time_zone": time_zone,
        "history": history,
        "reply_form": reply_form,
        "cc_form": kept.get("cc_form") or CCForm(),
        "promise_form": kept.get("promise_form") or PromiseForm(),
        "promises": ticket_page.promises(ticket),
        "moving": moving or {},
        "undelivered": undelivered,
        "delayed": delayed,
        "articles": kb_selectors.articles_for_subject(
            ticket.subject, language=ticket.customer.language
        ),
        "statuses": statuses,
        "questions": history.questions,
        "canned": [(c, c.render(values), c.render_html(values)) for c in canned],
        **macro_offers(ticket, agent, reply_form["macro"].value()),
        "placeholders": PLACEHOLDERS,
        **workspace_choices(),
        **people_in_copy(ticket),
        "priorities": ticket._meta.get_field("priority").choices,
        "error": error,
        "warning": warning,
        "tags": ticket_tags(ticket),
        # The values as text; the form only when sent back with a mistake
        # (else fetched when the agent opens it: 20 fields cost 12 ms).
        "fields_form": kept.get("fields_form"),
        "field_values": ticket_fields(ticket) if known.fields else [],
        "has_fields": bool(known.fields or known.categories),
        "tags_typed": tags_typed,
        "tags_error": tags_error,
        "link_typed": link_typed,
        "link_error": link_error,
        "links": links,
        "children_open": [
            link.ticket
            for link in links
            if link.relation == "child" and link.ticket.status in Status.UNFINISHED
        ],
        "duplicates": possible_duplicates(ticket),
        "merged_into": format_reference(ticket.merged_into_id)
        if ticket.merged_into_id
        else "",
    }
    return render(request, "agent/ticket.html", context, status=status)


@require_GET
@agent_required
def ticket_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = ticket_for_agent(pk=pk)
    request.unread_alerts = alerts_seen(user=signed_in_agent(request), ticket=ticket)  # type: ignore[attr-defined]
    return ticket_page_render(request, ticket)


@require_GET
@agent_required
def customer_card(request: HttpRequest, pk: int) -> HttpResponse:
    """The customer beside this ticket, fetched by the page's script."""
    card = ticket_page.customer_card(ticket=ticket_for_agent(pk=pk))
    return render(request, "agent/_customer_card.html", card)


@require_POST
@agent_required
def ticket_reply(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = ticket_for_agent(pk=pk)
    files = request.FILES.getlist("attachments")
    form = ReplyForm(request.POST, request.FILES, statuses=allowed_transitions(ticket))
    if not form.is_valid():
        form.hold_uploads(files)  # chosen once: they come back with the text
        return ticket_page_render(
            request, ticket, kept={"reply_form": form}, status=400
        )
    data = form.cleaned_data
    newest = latest_customer_message_id(ticket)
    if (
        data["kind"] == Message.Kind.REPLY
        and newest > (data["seen_message"] or 0)
        and not data["send_anyway"]
    ):
        # Tell them before they send: the customer wrote while they were typing.
        resubmit = request.POST.copy()
        resubmit["send_anyway"] = "on"
        resubmit["seen_message"] = str(newest)
        form = ReplyForm(resubmit, request.FILES, statuses=allowed_transitions(ticket))
        form.is_valid()
        form.hold_uploads(files)
        return ticket_page_render(
            request,
            ticket,
            kept={"reply_form": form},
            status=409,
            warning=str(
                _(
                    "The customer wrote a new message while you were typing (shown "
                    "above). Your reply is kept below: check it, then send it again."
                )
            ),
        )
    agent = signed_in_agent(request)
    macro = (
        macros_for(agent).filter(pk=data["macro"]).first() if data["macro"] else None
    )
    try:
        if macro is not None:
            outcome = macro_apply(
                ticket=ticket,
                macro=macro,
                agent=agent,
                kind=data["kind"],
                body=data["body"],
                body_html=data["body_html"],
                new_status=data["new_status"],
                attachments=data["attachments"],
                time_spent=data["time_spent"],
            )
            macro_said(request, macro, outcome)
        else:
            agent_message_post(
                ticket=ticket,
                author=agent,
                kind=data["kind"],
                body=data["body"],
                new_status=data["new_status"] or None,
                attachments=data["attachments"],
                time_spent=data["time_spent"],
                body_html=data["body_html"],
            )
    except TicketError as error:
        form.hold_uploads(files)
        return ticket_page_render(
            request, ticket, kept={"reply_form": form}, error=str(error), status=409
        )
    uploads_release(data["held"])
    messages.success(
        request,
        _("Note added.")
        if data["kind"] == Message.Kind.NOTE
        else _("Reply sent to the customer."),
        extra_tags=f"agent-reply-{ticket.pk}",  # the browser's draft is done
    )
    return redirect("agent:ticket", pk=ticket.pk)


def _change(request: HttpRequest, pk: int, what: str, value: object) -> HttpResponse:
    """Read one change to the ticket, apply it, come back with the outcome."""
    ticket = ticket_for_agent(pk=pk)
    try:
        change = change_read(what=what, value=value)
        event = ticket_change(
            ticket=ticket, change=change, actor=signed_in_agent(request)
        )
    except InvalidChange as error:
        return ticket_page_render(request, ticket, error=str(error), status=400)
    except TicketError as error:
        return ticket_page_render(request, ticket, error=str(error), status=409)
    messages.success(request, _done(event))
    return redirect("agent:ticket", pk=ticket.pk)


def _done(event: TicketEvent) -> str:
    match payload_of(event):
        case payloads.StatusChanged():
            return _("Status: %(status)s. The customer is emailed.") % {
                "status": event.get_new_status_display()
            }
        case payloads.IncidentLinked(was=was, now=""):
            return _("Unlinked from the incident %(title)s.") % {"title": was}
        case payloads.IncidentLinked(now=now):
            return _("Linked to the incident %(title)s.") % {"title": now}
        case payloads.PriorityChanged(now=now):
            return _("Priority: %(value)s.") % {"value": priority_words(now)}
        case payloads.QueueChanged(now=now):
            return _("Moved to %(value)s.") % {"value": now}
        case payloads.Assigned(now=now) | payloads.Returned(now=now):
            return _("Assigned to %(value)s.") % {"value": person_words(now)}
    return str(event.get_kind_display())


@require_POST
@agent_required
def ticket_status(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, "status", request.POST.get("new_status"))


@require_POST
@agent_required
def ticket_assign(request: HttpRequest, pk: int) -> HttpResponse:
    claim = "claim" in request.POST
    value = request.user.pk if claim else request.POST.get("assignee")
    return _change(request, pk, "assignee", value)


@require_POST
@agent_required
def ticket_priority(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, "priority", request.POST.get("priority"))


PROPERTIES = ("status", "assignee", "priority", "queue")


def _current(ticket: Ticket, what: str) -> str:
    value = {
        "status": ticket.status,
        "assignee": ticket.assignee_id or 0,
        "priority": ticket.priority,
        "queue": ticket.queue_id,
    }[what]
    return str(value)


@require_POST
@agent_required
def ticket_properties(request: HttpRequest, pk: int) -> HttpResponse:
    """The properties panel: whatever it sends that differs is changed, each
    through the shared door (the page's script sends one at a time)."""
    ticket = ticket_for_agent(pk=pk)
    agent = signed_in_agent(request)
    done: list[str] = []
    refused: list[str] = []
    for what in PROPERTIES:
        value = request.POST.get(what)
        if value is None or value == _current(ticket, what):
            continue
        try:
            change = change_read(what=what, value=value)
            event = ticket_change(ticket=ticket, change=change, actor=agent)
        except TicketError as error:
            refused.append(str(error))
        else:
            done.append(_done(event))
    if request.headers.get("X-Requested-With") == "fetch":
        status = 409 if refused and not done else 200
        # What the status picker offers now (the panel is not redrawn).
        choices = [ticket.status, *allowed_transitions(ticket)]
        offered = [[value, str(Status(value).label)] for value in choices]
        return JsonResponse(
            {"done": done, "refused": refused, "statuses": offered}, status=status
        )
    if done:
        messages.success(request, " ".join(done))
    if refused:
        messages.error(request, " ".join(refused))
    return redirect("agent:ticket", pk=ticket.pk)


@require_POST
@agent_required
def ticket_incident(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, "incident", request.POST.get("incident"))


@require_POST
@agent_required
def ticket_queue(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, "queue", request.POST.get("queue"))


@require_POST
@agent_required
def ticket_presence(request: HttpRequest, pk: int) -> JsonResponse:
    ticket = get_object_or_404(Ticket.objects.only("pk"), pk=pk)
    others = presence_report(
        ticket_id=ticket.pk,
        user=signed_in_agent(request),
        typing=request.POST.get("typing") == "1",
    )
    return JsonResponse(
        {
            "others": others,
            "latest_customer_message": latest_customer_message_id(ticket),
        }
    )

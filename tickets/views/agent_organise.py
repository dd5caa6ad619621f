"""Organising tickets in the workspace: tags (on the ticket page and in
bulk, with suggestions as the agent types) and merges (a preview of what
survives, then one confirmation)."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helpdesk.core.parsing import as_id

from ..models import Ticket, parse_reference
from ..permissions import agent_required, signed_in_agent
from ..selectors.organised import merge_preview, tag_suggestions
from ..selectors.queue import tickets_by_ids
from ..selectors.ticket_page import ticket_for_agent
from ..services.errors import InvalidChange, TicketError
from ..services.fields import (
    FieldErrors,
    bad_category,
    category_of,
    ticket_category_set,
    ticket_fields_set,
)
from ..services.merging import tickets_merge
from ..services.tagging import tag_names_read, ticket_tags_change
from .agent_macros import macro_bulk_preview
from .agent_ticket import fields_form, ticket_page_render


@require_POST
@agent_required
def ticket_tags(request: HttpRequest, pk: int) -> HttpResponse:
    """Add the tags typed ("refund, vip"), or remove one."""
    ticket = ticket_for_agent(pk=pk)
    typed = request.POST.get("add", "")
    try:
        add = tag_names_read(typed)
        remove = tag_names_read([r]) if (r := request.POST.get("remove")) else []
    except InvalidChange as error:
        return ticket_page_render(
            request, ticket, tags_typed=typed, tags_error=str(error), status=400
        )
    if not add and not remove:
        return ticket_page_render(
            request,
            ticket,
            tags_typed=typed,
            tags_error=_("Type a tag to add."),
            status=400,
        )
    ticket_tags_change(
        ticket=ticket, actor=signed_in_agent(request), add=add, remove=remove
    )
    return redirect("agent:ticket", pk=ticket.pk)


# Bulk actions of the queue's bar that organise rather than change a field.
ORGANISING = ("tag", "untag", "merge", "field", "macro")


def bulk_organise(
    request: HttpRequest, what: str, value: str, ids: list[int], back: str
) -> HttpResponse:
    """Merge the selected tickets (to the preview), set a field to the
    value typed beside the bar, or add or remove the tag typed there."""
    if what == "merge":
        query = "&".join(f"tickets={pk}" for pk in ids)
        return redirect(f"{reverse('agent:merge')}?{query}")
    if what == "field":
        return _bulk_field(request, value, ids, back)
    if what == "macro":
        return macro_bulk_preview(request, value, ids, back)
    try:
        names = tag_names_read(request.POST.get("tag", ""))
    except InvalidChange as error:
        messages.error(request, str(error))
        return redirect(back)
    if not names:
        messages.error(request, _("Type the tag to add or remove."))
        return redirect(back)
    agent = signed_in_agent(request)
    changed = 0
    for ticket in tickets_by_ids(ids):
        add, remove = (names, []) if what == "tag" else ([], names)
        if ticket_tags_change(ticket=ticket, actor=agent, add=add, remove=remove):
            changed += 1
    messages.success(
        request,
        ngettext("Changed %(count)d ticket.", "Changed %(count)d tickets.", changed)
        % {"count": changed},
    )
    return redirect(back)


def _bulk_field(
    request: HttpRequest, key: str, ids: list[int], back: str
) -> HttpResponse:
    typed = request.POST.get("field_value", "")
    agent = signed_in_agent(request)
    changed, refused = 0, []
    for ticket in tickets_by_ids(ids):
        try:
            if ticket_fields_set(ticket=ticket, raw={key: typed}, actor=agent):
                changed += 1
        except FieldErrors as error:
            refused.append(f"{ticket.reference}: {error}")
    done = ngettext(
        "Changed %(count)d ticket.", "Changed %(count)d tickets.", changed
    ) % {"count": changed}
    if refused:
        messages.warning(request, " ".join([done, *refused[:10]]))
    else:
        messages.success(request, done)
    return redirect(back)


@require_GET
@agent_required
def tag_list(request: HttpRequest) -> JsonResponse:
    """Tags that start with (or hold) what is typed, the most used first."""
    typed = request.GET.get("q", "")[:50]
    return JsonResponse({"tags": tag_suggestions(typed)})


def _survivor(request: HttpRequest) -> tuple[Ticket | None, str]:
    """The ticket named in "into" (HD-1042, or its number), if any."""
    typed = request.POST.get("into") or request.GET.get("into") or ""
    pk = parse_reference(typed) or as_id(typed.strip())
    if not typed.strip():
        return None, ""
    found = Ticket.objects.filter(pk=pk).first() if pk else None
    if found is None:
        return None, _("There is no ticket %(ref)s.") % {"ref": typed.strip()}
    return found, ""


@require_http_methods(["GET", "POST"])
@agent_required
def merge(request: HttpRequest) -> HttpResponse:
    """Merge several tickets into one: the survivor is chosen (by default
    the oldest), what moves is shown, and one click does it."""
    source = request.POST if request.method == "POST" else request.GET
    ids = [pk for raw in source.getlist("tickets") if (pk := as_id(raw))]
    tickets = list(tickets_by_ids(ids).order_by("created_at", "pk"))
    into, problem = _survivor(request) if tickets else (None, "")
    if into is not None and into.pk not in ids:
        tickets.insert(0, into)
    if len(tickets) < 2:
        messages.error(request, problem or _("Choose at least two tickets to merge."))
        back = f"/agent/tickets/{ids[0]}/" if len(ids) == 1 else "/agent/"
        return redirect(back)
    chosen = as_id(source.get("survivor")) or (into.pk if into else tickets[0].pk)
    survivor = next((t for t in tickets if t.pk == chosen), tickets[0])
    others = [t for t in tickets if t.pk != survivor.pk]
    error = problem
    if request.method == "POST" and "confirm" in request.POST:
        try:
            tickets_merge(
                survivor=survivor,
                merged=others,
                actor=signed_in_agent(request),
                other_customers_confirmed="customers_ok" in request.POST,
                field_choices={
                    field_pk: ticket_pk
                    for name, raw in request.POST.items()
                    if name.startswith("keep_field_")
                    and (field_pk := as_id(name.removeprefix("keep_field_")))
                    and (ticket_pk := as_id(raw))
                },
            )
        except TicketError as refused:  # OtherCustomers too: the tick is asked
            error = str(refused)
        else:
            messages.success(
                request,
                ngettext(
                    "Merged %(count)d ticket into %(ref)s; the customer is told.",
                    "Merged %(count)d tickets into %(ref)s; the customer is told.",
                    len(others),
                )
                % {"count": len(others), "ref": survivor.reference},
            )
            return redirect("agent:ticket", pk=survivor.pk)
    context = {
        "tickets": tickets,
        "survivor": survivor,
        "preview": merge_preview(survivor=survivor, merged=others),
        "error": error,
    }
    return render(request, "agent/merge.html", context, status=409 if error else 200)


@require_http_methods(["GET", "POST"])
@agent_required
def ticket_fields_save(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form of the ticket's category and fields (``?part=1``: only
    the form, for the page's panel). POST: what changed is saved, each in
    the history; a mistake comes back next to its field, all kept."""
    ticket = ticket_for_agent(pk=pk)
    if request.method == "GET":
        template = (
            "agent/_fields_form.html"
            if request.GET.get("part")
            else ("agent/fields.html")
        )
        context = {"ticket": ticket, "fields_form": fields_form(ticket)}
        return render(request, template, context)
    form = fields_form(ticket, data=request.POST)
    if not form.is_valid():
        return ticket_page_render(
            request, ticket, kept={"fields_form": form}, status=400
        )
    agent = signed_in_agent(request)
    try:
        with transaction.atomic():
            if "category" in form.fields:
                chosen = form.cleaned_data.get("category")
                category = category_of(chosen)
                if chosen and category is None:
                    raise FieldErrors({"category": str(bad_category())})
                ticket_category_set(ticket=ticket, category=category, actor=agent)
            changed = ticket_fields_set(
                ticket=ticket, raw=form.custom_values(), actor=agent
            )
    except FieldErrors as refused:
        form.custom_errors(refused.errors)
        return ticket_page_render(
            request, ticket, kept={"fields_form": form}, status=400
        )
    messages.success(
        request,
        ngettext("%(count)d field saved.", "%(count)d fields saved.", len(changed))
        % {"count": len(changed)},
    )
    return redirect("agent:ticket", pk=ticket.pk)

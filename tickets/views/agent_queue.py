"""The agents' queue: views, filters, search, pages and bulk actions."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from helpdesk.core.parsing import MAX_ID, as_id, as_moment
from notifications.health import health_read

from ..agent_forms import BulkForm
from ..models import Priority, Status
from ..permissions import agent_required, signed_in_agent
from ..selectors import incidents as incident_selectors
from ..selectors.alerts import unread_alerts
from ..selectors.fields import defined as fields_defined
from ..selectors.queue import (
    DEFAULT_VIEW,
    QUEUE_VIEWS,
    SEARCH_COUNT_CAP,
    SEARCH_VIEW,
    QueueFilters,
    capped_count,
    changed_since,
    queue_tickets,
    search_count,
    search_terms,
    tickets_by_ids,
    view_counts,
)
from ..selectors.workspace import (
    macros_offered,
    mailboxes_status,
    unreadable_mail,
    workspace_choices,
)
from ..services.changes import (
    BulkOutcome,
    change_read,
    tickets_bulk_change,
    tickets_bulk_undo,
    values_before,
)
from ..services.errors import InvalidChange
from ..services.unreadable import unreadable_reason
from .agent_organise import ORGANISING, bulk_organise

PAGE_SIZE = 25
LIVE_OVERLAP = timedelta(seconds=2)


class QueueQueryForm(forms.Form):
    """The queue's query string; a bad value is ignored, never a 500."""

    view = forms.ChoiceField(choices=list(QUEUE_VIEWS.items()), required=False)
    queue = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    status = forms.ChoiceField(choices=Status.choices, required=False)
    priority = forms.ChoiceField(choices=Priority.choices, required=False)
    assignee = forms.IntegerField(required=False, min_value=0, max_value=MAX_ID)
    q = forms.CharField(required=False, max_length=200)
    tag = forms.CharField(required=False, max_length=50)
    field = forms.SlugField(required=False, max_length=50)
    value = forms.CharField(required=False, max_length=500)
    # The search box sends the view the agent was on, and whether to search
    # only there; otherwise a search looks through every ticket.
    current = forms.ChoiceField(choices=list(QUEUE_VIEWS.items()), required=False)
    within = forms.BooleanField(required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)
    per_page = forms.IntegerField(required=False, min_value=5, max_value=100)

    def read(self, name: str) -> Any:
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None


@require_GET
@agent_required
def queue(request: HttpRequest) -> HttpResponse:
    drawn_at = timezone.now()  # before reading: a change meanwhile shows next
    query = QueueQueryForm(request.GET)
    terms = search_terms((query.read("q") or "").strip())
    q = terms.words
    current = query.read("current") or DEFAULT_VIEW
    view = query.read("view") or (
        SEARCH_VIEW if q and not query.read("within") else current
    )
    filters = QueueFilters(
        queue=query.read("queue"),
        status=query.read("status") or None,
        priority=query.read("priority") or None,
        assignee=query.read("assignee"),
        q=q,
        tag=terms.tag or (query.read("tag") or "").strip(),
        field=terms.field or (query.read("field") or ""),
        value=terms.value or (query.read("value") or "").strip(),
    )
    page = query.read("page") or 1
    per_page = query.read("per_page") or PAGE_SIZE
    found = queue_tickets(user=signed_in_agent(request), view=view, filters=filters)
    rows = list(found[(page - 1) * per_page : page * per_page + 1])
    filtered_count = None
    if filters.q:
        filtered_count = search_count(found)
    elif filters != QueueFilters():
        # Narrowed by a tag or a field's value, as a search is: counted to
        # 100 (2 to 5 ms at a million tickets, where counting to 1,000
        # probed up to 20,000 rows: 20 to 55 ms).
        narrowed = filters.tag or filters.field
        filtered_count = capped_count(found, SEARCH_COUNT_CAP if narrowed else None)
    params = request.GET.copy()
    params.pop("page", None)
    choices = workspace_choices()
    context = {
        "tickets": rows[:per_page],
        "view": view,
        "views": QUEUE_VIEWS,
        "counts": view_counts(signed_in_agent(request)),
        "unreadable": unreadable_mail().count(),
        "health": health_read(),
        "similar": incident_selectors.similar_recent_tickets(),
        "drawn_at": drawn_at,
        "live_seconds": settings.HELPDESK_LIVE_POLL_SECONDS,
        "filtered_count": filtered_count,
        "filtered": filters != QueueFilters(),
        "undo": undo_offer(request),
        "several_queues": len(choices["queues"]) > 1,
        "filters": filters,
        "page": page,
        "has_next": len(rows) > per_page,
        "query_string": params.urlencode(),
        **choices,
        "statuses": Status.choices,
        "priorities": Priority.choices,
        "custom_fields": fields_defined().fields,
        "macros": macros_offered(choices, signed_in_agent(request).pk),
    }
    return render(request, "agent/queue.html", context)


@require_GET
@agent_required
def changes(request: HttpRequest) -> JsonResponse:
    """Has any ticket (or this one) changed since the page was drawn? Polled
    by open queues and tickets; one indexed query."""
    now = timezone.now()
    since = as_moment(request.GET.get("since")) or now
    return JsonResponse(
        {
            "changed": changed_since(since, ticket_id=as_id(request.GET.get("ticket"))),
            "alerts": unread_alerts(signed_in_agent(request)),
            # A little before now: a change written just before this look
            # but committed just after it is still seen by the next one.
            "now": (now - LIVE_OVERLAP).isoformat(),
        }
    )


@require_POST
@agent_required
def bulk(request: HttpRequest) -> HttpResponse:
    back = request.POST.get("next") or reverse("agent:queue")
    if not back.startswith("/agent/"):
        back = reverse("agent:queue")
    form = BulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Select at least one ticket and the change to make."))
        return redirect(back)
    what, value = form.split()
    if what in ORGANISING:
        return bulk_organise(request, what, value, form.cleaned_data["tickets"], back)
    try:
        change = change_read(what=what, value=value)
    except InvalidChange as error:
        messages.error(request, str(error))
        return redirect(back)
    tickets = list(tickets_by_ids(form.cleaned_data["tickets"]))
    before = values_before(tickets=tickets, what=what)
    outcome = tickets_bulk_change(
        tickets=tickets, change=change, actor=signed_in_agent(request)
    )
    if outcome.done:  # what Undo puts back, for a while
        request.session[UNDO_KEY] = {
            "what": what,
            "before": {str(t.pk): before[str(t.pk)] for t in outcome.done},
            "at": timezone.now().isoformat(),
        }
    _summary(request, outcome, done_text=_changed)
    return redirect(back)


UNDO_KEY = "bulk-undo"
UNDO_MINUTES = 10


def _changed(count: int) -> str:
    return ngettext("Changed %(count)d ticket.", "Changed %(count)d tickets.", count)


def _undone(count: int) -> str:
    return ngettext(
        "Undone for %(count)d ticket.", "Undone for %(count)d tickets.", count
    )


def undo_offer(request: HttpRequest) -> int:
    """How many tickets the last bulk change here can put back (0: none)."""
    last: dict[str, Any] = request.session.get(UNDO_KEY) or {}
    at = as_moment(last.get("at"))
    if at is None or timezone.now() - at > timedelta(minutes=UNDO_MINUTES):
        return 0
    return len(last["before"])


@require_POST
@agent_required
def bulk_undo(request: HttpRequest) -> HttpResponse:
    """Put back what the last bulk change did, ticket by ticket."""
    last = request.session.pop(UNDO_KEY, None) if undo_offer(request) else None
    if last is None:
        messages.error(request, _("There is no recent change to undo."))
        return redirect("agent:queue")
    ids = [pk for key in last["before"] if (pk := as_id(key))]
    outcome = tickets_bulk_undo(
        tickets=tickets_by_ids(ids),
        what=last["what"],
        before=last["before"],
        actor=signed_in_agent(request),
    )
    _summary(request, outcome, done_text=_undone)
    return redirect("agent:queue")


def _summary(
    request: HttpRequest, outcome: BulkOutcome, *, done_text: Callable[[int], str]
) -> None:
    """One banner for the whole action, styled by how it went."""
    done, refused = len(outcome.done), len(outcome.refused)
    summary = done_text(done) % {"count": done}
    if refused:
        reasons = " ".join(
            reason
            if reason.startswith(ticket.reference)
            else f"{ticket.reference}: {reason}"
            for ticket, reason in outcome.refused[:10]
        )
        more = (
            _(" and %(count)d more") % {"count": refused - 10} if refused > 10 else ""
        )
        summary = _("%(summary)s Not changed: %(count)d. %(reasons)s%(more)s") % {
            "summary": summary,
            "count": refused,
            "reasons": reasons,
            "more": more,
        }
    (messages.warning if refused else messages.success)(request, summary)


@require_GET
@agent_required
def inbound_list(request: HttpRequest) -> HttpResponse:
    """The mailboxes and how their polls go; email that could not be read,
    kept whole for an agent to read."""
    rows = list(unreadable_mail()[:200])
    for row in rows:
        row.reason = unreadable_reason(row)  # type: ignore[attr-defined]
    context = {"rows": rows, "mailboxes": list(mailboxes_status())}
    return render(request, "agent/inbound.html", context)


@require_GET
@agent_required
def inbound_raw(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(unreadable_mail().defer(None), pk=pk)
    response = HttpResponse(bytes(row.raw), content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="email-{row.pk}.eml"'
    return response

"""The customer portal: thin views over the services and selectors."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from kb import services as kb_services

from .. import sla
from ..errors import branded_not_found
from ..field_forms import AgentFieldsForm
from ..forms import CloseForm, CustomerMessageForm, TicketForm
from ..models import Status, Ticket
from ..ratelimit import (
    REPLIES_PAUSED,
    client_ip,
    customer_reply_allowed,
    new_ticket_allowed,
)
from ..selectors import incidents as incident_selectors
from ..selectors import ticket_page
from ..selectors.customer import ticket_for_customer, ticket_for_customer_or_none
from ..selectors.fields import defined as fields_defined
from ..selectors.fields import values_of
from ..selectors.organised import survivor_of
from ..selectors.ticket_page import asked_of_customer
from ..selectors.timeline import timeline
from ..services.errors import TicketError
from ..services.fields import FieldErrors, category_of, ticket_fields_set
from ..services.lifecycle import (
    customer_language_set,
    customer_message_post,
    ticket_close_by_customer,
    ticket_open,
)
from ..uploads import uploads_release

# Where a ticket stands, as a parcel tracker shows it (P3).
STAGES = [
    gettext_lazy("Received"),
    gettext_lazy("Being worked on"),
    gettext_lazy("Waiting for you"),
    gettext_lazy("Resolved"),
]
STAGE_OF_STATUS: dict[str, int] = {
    Status.NEW: 0,
    Status.OPEN: 1,
    Status.WAITING: 2,
    Status.RESOLVED: 3,
    Status.CLOSED: 3,
}


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "tickets/home.html")


@require_GET
def service_status(request: HttpRequest) -> HttpResponse:
    found = incident_selectors.public_incidents()
    context = {
        "current": [i for i in found if i.ended_at is None],
        "recent": [i for i in found if i.ended_at is not None],
    }
    return render(request, "tickets/status.html", context)


@require_http_methods(["GET", "POST"])
def ticket_new(request: HttpRequest) -> HttpResponse:
    known = [(b.pk, b.title) for b in incident_selectors.public_banner()]
    asked = fields_defined()
    if request.method != "POST":
        # From a help article that did not help: its title as the subject.
        subject = " ".join(request.GET.get("subject", "").split())[:200]
        form = TicketForm(
            known_problems=known, known=asked, initial={"subject": subject}
        )
        # The known problems and the fields asked: what the kept empty form
        # varies on.
        context = {"form": form, "known_problems": known, "fields_stamp": asked.stamp}
        return render(request, "tickets/new.html", context)
    form = TicketForm(request.POST, request.FILES, known_problems=known, known=asked)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        if new_ticket_allowed(ip=client_ip(request), email=data["email"]):
            try:
                ticket = ticket_open(
                    name=data["name"],
                    email=data["email"],
                    subject=data["subject"],
                    message=data["message"],
                    attachments=data["attachments"],
                    incident_id=data.get("incident"),
                    language=request.LANGUAGE_CODE,
                    category=category_of(data.get("category")),
                    fields=form.custom_values(),
                )
            except FieldErrors as refused:
                form.custom_errors(refused.errors)
                form.hold_uploads(request.FILES.getlist("attachments"))
                return render(request, "tickets/new.html", {"form": form}, status=400)
            uploads_release(data["held"])
            visitor = request.session.get("kb_visitor")
            if visitor:  # suggestions they opened did not answer them
                kb_services.ticket_followed(visitor=visitor)
            return redirect("tickets:submitted", key=ticket.access_key)
        status = 429
        form.add_error(
            None,
            _(
                "You have sent us many requests in a short time, so we paused new "
                "ones for a while. Your text is still below: please try again "
                "later, or write to %(email)s."
            )
            % {"email": settings.HELPDESK_SUPPORT_EMAIL},
        )
    form.hold_uploads(request.FILES.getlist("attachments"))
    return render(request, "tickets/new.html", {"form": form}, status=status)


def speak_their_language(request: HttpRequest, ticket: Ticket) -> None:
    """A ticket's pages are in its customer's language: the one their
    emails are in, whichever browser opens the link."""
    translation.activate(ticket.customer.language)
    request.LANGUAGE_CODE = ticket.customer.language


@require_POST
def language_choose(request: HttpRequest) -> HttpResponse:
    """The language switcher on every portal page: Django's ``set_language``
    (the cookie, a redirect kept on our site), and on a ticket page the
    customer's language for every email after. What the visitor was typing
    stays in their browser's draft (draft.js)."""
    response = set_language(request)
    code = request.POST.get("language", "")
    key = request.POST.get("ticket", "")
    if key and code in dict(settings.LANGUAGES):
        ticket = ticket_for_customer_or_none(key=key)
        if ticket is not None:
            customer_language_set(customer=ticket.customer, language=code)
    return response


@branded_not_found
@require_GET
def ticket_submitted(request: HttpRequest, key: str) -> HttpResponse:
    ticket = ticket_for_customer(key=key)
    speak_their_language(request, ticket)
    context = {"ticket": ticket, "time_zone": sla.time_zone(ticket)}
    return render(request, "tickets/submitted.html", context)


def _detail(
    request: HttpRequest,
    ticket_key: str,
    *,
    message_form: CustomerMessageForm | None = None,
    close_form: CloseForm | None = None,
    fields_form: AgentFieldsForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    ticket = ticket_for_customer(key=ticket_key)
    if ticket.merged_into_id is not None:  # its words live on there now
        return redirect(survivor_of(ticket))
    speak_their_language(request, ticket)
    entries = timeline(ticket)
    now = timezone.now()
    stage = STAGE_OF_STATUS[ticket.status]
    context = {
        "ticket": ticket,
        "time_zone": sla.time_zone(ticket),
        "timeline": entries,
        "stages": [(label, i < stage, i == stage) for i, label in enumerate(STAGES)],
        "next_news": sla.next_news(ticket, now),
        "now": now,
        "asked": asked_of_customer(
            [entry.message for entry in entries if entry.message]
        ),
        "promises": ticket_page.promises(ticket, open_only=True),
        "message_form": message_form or CustomerMessageForm(),
        "close_form": close_form or CloseForm(),
        "fields_form": fields_form or _fields_form(ticket),
        "can_close": ticket.status != Status.CLOSED,
        "error": error,
        "is_portal_ticket": True,  # the language switcher sets the customer's
    }
    return render(request, "tickets/detail.html", context, status=status)


@branded_not_found
@require_GET
def ticket_detail(request: HttpRequest, key: str) -> HttpResponse:
    return _detail(request, key)


@branded_not_found
@require_POST
def ticket_reply(request: HttpRequest, key: str) -> HttpResponse:
    ticket = ticket_for_customer(key=key)
    form = CustomerMessageForm(request.POST, request.FILES)
    status = 400
    if form.is_valid() and not customer_reply_allowed(ticket_id=ticket.pk):
        status = 429
        form.add_error("message", REPLIES_PAUSED)
    if not form.is_valid():
        form.hold_uploads(request.FILES.getlist("attachments"))
        return _detail(request, key, message_form=form, status=status)
    customer_message_post(
        ticket=ticket,
        body=form.cleaned_data["message"],
        attachments=form.cleaned_data["attachments"],
    )
    uploads_release(form.cleaned_data["held"])
    messages.success(
        request,
        _("Thank you: your message is on the ticket."),
        extra_tags=f"reply-{ticket.reference}",  # the browser's draft is done
    )
    return redirect(ticket)


def _fields_form(ticket: Ticket, data: Any = None) -> AgentFieldsForm:
    """The fields shown to customers that apply to their ticket."""
    known = fields_defined()
    return AgentFieldsForm(
        data,
        known=known,
        queue_id=ticket.queue_id,
        category_id=ticket.category_id,
        values=values_of(ticket) if data is None and known.fields else {},
        customer=True,
    )


@branded_not_found
@require_POST
def ticket_fields(request: HttpRequest, key: str) -> HttpResponse:
    """The customer changes the details they gave (the fields shown to them);
    a mistake comes back next to its field with everything typed."""
    ticket = ticket_for_customer(key=key)
    form = _fields_form(ticket, data=request.POST)
    if form.is_valid():
        try:
            ticket_fields_set(
                ticket=ticket, raw=form.custom_values(), actor=None, customer=True
            )
        except FieldErrors as refused:
            form.custom_errors(refused.errors)
        else:
            messages.success(request, _("Thank you: your details are saved."))
            return redirect(ticket)
    return _detail(request, key, fields_form=form, status=400)


@branded_not_found
@require_POST
def ticket_close(request: HttpRequest, key: str) -> HttpResponse:
    ticket = ticket_for_customer(key=key)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _detail(request, key, close_form=form, status=400)
    try:
        ticket_close_by_customer(ticket=ticket, reason=form.cleaned_data["reason"])
    except TicketError as error:
        return _detail(request, key, close_form=form, error=str(error), status=409)
    messages.success(
        request, _("Your ticket is closed. If you need us again, just add a message.")
    )
    return redirect(ticket)

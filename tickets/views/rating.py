"""The follow-up's links: rate the help, or say it is still a problem.

Opening a link records nothing: the page shows the choice and one button
saves it. Mail scanners fetch links, and the sandboxes of Microsoft
Defender, Proofpoint and Mimecast also run the page's scripts, so nothing
short of a person's press may count. A closed ticket is never reopened from
a link: its page says how to write to us again.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from .. import links
from ..errors import branded_not_found
from ..forms import RatingForm, ReopenForm
from ..models import Rating, Status, Ticket
from ..ratelimit import REPLIES_PAUSED, customer_reply_allowed
from ..selectors.customer import ticket_by_id
from ..services.satisfaction import rating_record, ticket_reopen_from_followup
from .portal import speak_their_language


def _ticket(token: str, choice: str) -> Ticket | None:
    if choice not in links.CHOICES:
        raise Http404(_("No such choice."))
    ticket_id = links.rating_ticket_id(token)
    return ticket_by_id(ticket_id) if ticket_id else None


@branded_not_found
@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, token: str, choice: str) -> HttpResponse:
    ticket = _ticket(token, choice)
    if ticket is None:
        return render(request, "tickets/rate.html", {"expired": True}, status=410)
    speak_their_language(request, ticket)
    if choice == "reopen":
        return _reopen(request, ticket)
    rating = getattr(ticket, "rating", None)
    form = RatingForm(
        request.POST if request.method == "POST" else None,
        initial={"score": choice, "comment": rating.comment if rating else ""},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            comment = form.cleaned_data["comment"]
            rating_record(
                ticket=ticket,
                score=form.cleaned_data["score"],
                comment=comment if "comment" in request.POST else None,
            )
            return redirect(f"{request.path}?saved=1")
        status = 400
    context = {
        "ticket": ticket,
        "form": form,
        "choice": choice,
        "choice_label": Rating.Score(choice).label,
        "rating": rating,
        "saved": request.GET.get("saved") == "1",
    }
    return render(request, "tickets/rate.html", context, status=status)


def _reopen(request: HttpRequest, ticket: Ticket) -> HttpResponse:
    form = ReopenForm(request.POST if request.method == "POST" else None)
    closed = ticket.status == Status.CLOSED
    status = 409 if closed and request.method == "POST" else 200
    if request.method == "POST" and not closed and form.is_valid():
        words = form.cleaned_data["message"]
        if not customer_reply_allowed(ticket_id=ticket.pk):
            form.add_error("message", REPLIES_PAUSED)
            status = 429
        else:
            ticket_reopen_from_followup(ticket=ticket, words=words)
            return redirect(f"{request.path}?saved=1")
    context = {
        "ticket": ticket,
        "form": form,
        "choice": "reopen",
        "closed": closed,
        "saved": request.GET.get("saved") == "1",
    }
    return render(request, "tickets/rate.html", context, status=status)

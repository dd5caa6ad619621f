"""Canned responses and agents' preferences."""

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from ..models import AgentProfile, ApiToken, CannedResponse, Ticket, display_name
from ..models.agents import PLACEHOLDER
from .errors import TicketError
from .files import message_written


def can_edit_canned(*, user: User, canned: CannedResponse) -> bool:
    """An agent edits their own; shared ones are managed by staff."""
    return canned.owner_id == user.pk or user.is_staff


@transaction.atomic
def canned_response_save(
    *,
    user: User,
    canned: CannedResponse | None,
    title: str,
    body: str,
    shared: bool,
    language: str = "",
    body_html: str = "",
) -> CannedResponse:
    """A canned response kept; formatted when ``body_html`` is given
    (cleaned here; its placeholders stay as written)."""
    if canned is not None and not can_edit_canned(user=user, canned=canned):
        raise TicketError(_("Only its owner or staff can change this canned response."))
    if shared and not user.is_staff:
        raise TicketError(_("Only staff can share a canned response with every agent."))
    canned = canned or CannedResponse()
    written = message_written(body, body_html, ())
    canned.title, canned.body, canned.body_html = (
        title.strip(),
        written.text,
        written.html,
    )
    canned.language = language
    canned.owner = None if shared else (canned.owner or user)
    canned.save()
    return canned


@transaction.atomic
def canned_response_delete(*, user: User, canned: CannedResponse) -> None:
    if not can_edit_canned(user=user, canned=canned):
        raise TicketError(_("Only its owner or staff can delete this canned response."))
    canned.delete()


def canned_values(*, ticket: Ticket, agent: User) -> dict[str, str]:
    """What the placeholders of a canned response stand for on this ticket."""
    return {
        "customer_first_name": ticket.customer.first_name,
        "customer_name": ticket.customer.name,
        "reference": ticket.reference,
        "subject": ticket.subject,
        "agent_first_name": agent.first_name or agent.get_username(),
        "agent_name": display_name(agent),
    }


CANNED = "canned:"


def placeholders_filled(text: str, *, ticket: Ticket, agent: User) -> str:
    """The canned responses' placeholders in ``text``, filled for this
    ticket (an unknown one is left as written)."""
    values = canned_values(ticket=ticket, agent=agent)
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def written_reply(written: str, *, ticket: Ticket, agent: User) -> tuple[str, str]:
    """A rule's reply as text and formatted HTML: ``canned:<title>`` is the
    shared canned response of that title (in the customer's language where
    there is one); anything else is the text itself. Placeholders filled."""
    if not written.startswith(CANNED):
        return placeholders_filled(written, ticket=ticket, agent=agent), ""
    values = canned_values(ticket=ticket, agent=agent)
    title = written.removeprefix(CANNED).strip()
    language = ticket.customer.language
    found = CannedResponse.objects.filter(owner=None, title__iexact=title)
    canned = found.order_by(
        Case(
            When(language=language, then=Value(0)),
            When(language="", then=Value(1)),
            default=Value(2),
        )
    ).first()
    if canned is None:
        raise ValueError(
            _("No shared canned response is called %(title)s.") % {"title": title}
        )
    return canned.render(values), canned.render_html(values)


@transaction.atomic
def api_token_renew(*, user: User, second_factor: bool) -> str:
    """A new API token for an agent's integrations, returned once; the old
    one stops working. ``second_factor``: made in a session signed in with
    two-step sign-in (staff tokens need it where staff must use it)."""
    ApiToken.objects.filter(user=user).delete()
    token, key = ApiToken.issue(user=user, second_factor=second_factor)
    token.save()
    return key


def agent_profile_get(*, user: User) -> AgentProfile:
    profile, _created = AgentProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def agent_profile_save(profile: AgentProfile, *, email: str) -> None:
    """An agent's preferences, and the address their alerts go to."""
    profile.save()
    if profile.user.email != email:
        profile.user.email = email
        profile.user.save(update_fields=["email"])

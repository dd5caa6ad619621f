"""What a rule may test and do (tickets.models.automation), in one table
each, with the words admins read; how a test compares, for one ticket as
it stands (the values read by tickets.services.automation) and for every
open ticket at once (a filter, for the dry run). Pure: no reads here."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Priority, Status
from .models.reports import Channel

YES = ("yes", "true", "1")


# Hours since: (label, the ticket's column, the status it holds in, if any).
TIMES: dict[str, tuple[str | Promise, str, str]] = {
    "hours_created": (_("Hours since created"), "created_at", ""),
    "hours_customer": (
        _("Hours since the customer's last message"),
        "last_customer_message_at",
        "",
    ),
    "hours_us": (
        _("Hours since the customer last heard from us"),
        "last_customer_news_at",
        "",
    ),
    "hours_waiting": (
        _("Hours waiting on the customer"),
        "sla_paused_at",
        Status.WAITING,
    ),
    "hours_resolved": (_("Hours since resolved"), "resolved_at", Status.RESOLVED),
}
NUMERIC = ("at_least", "under")


@dataclass(frozen=True)
class Test:
    label: str | Promise
    # The ticket's columns it reads, for a filter; none: read per ticket.
    paths: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()  # the values it may be compared with


CONDITIONS: dict[str, Test] = {
    "queue": Test(_("Queue (name)"), ("queue__name", "queue__slug")),
    "priority": Test(_("Priority"), ("priority",), tuple(Priority.values)),
    "status": Test(_("Status"), ("status",), tuple(Status.values)),
    "channel": Test(_("Channel"), ("facts__channel",), tuple(Channel.values)),
    "customer_email": Test(_("Customer's address"), ("customer__email",)),
    "organisation": Test(_("Organisation (name)"), ("customer__organisation__name",)),
    "vip": Test(_("VIP (yes or no)"), (), ("yes", "no")),
    "subject": Test(_("Subject"), ("subject",)),
    "message": Test(_("Message text"), ("search_document",)),
    "tag": Test(_("Tag"), ("tags__name",)),
    "business_hours": Test(_("Inside business hours (yes or no)"), (), ("yes", "no")),
    # Hours since a moment in the ticket's life (TIMES): "at least" or
    # "under" a number. What time rules wait for; event rules may test it too.
    **{name: Test(label, (path,)) for name, (label, path, _status) in TIMES.items()},
}
# "field:<key>": a custom field's value (tickets.models.fields).
FIELD_PREFIX = "field:"

ACTIONS: dict[str, str | Promise] = {
    "set_queue": _("Move to the queue (name)"),
    "assign": _("Assign to (username; empty: nobody)"),
    "set_priority": _("Set the priority"),
    "set_status": _("Set the status"),
    "add_tags": _("Add tags (comma-separated)"),
    "remove_tags": _("Remove tags (comma-separated)"),
    "set_field": _("Set a field (key=value)"),
    "add_note": _("Add an internal note (text)"),
    "reply": _(
        "Reply to the customer (text, with the canned responses' placeholders "
        "such as {{ customer_first_name }}; or canned:<title> for a shared "
        "canned response, in the customer's language where there is one)"
    ),
    "webhook": _("Call a webhook (its name)"),
    "post_slack": _("Post to Slack (incoming webhook address)"),
    "post_teams": _("Post to Microsoft Teams (incoming webhook address)"),
}


# What a macro may do beside its reply (the agent's own hands: no posts).
MACRO_ACTIONS = (
    "set_queue",
    "assign",
    "set_priority",
    "set_status",
    "add_tags",
    "remove_tags",
    "set_field",
    "add_note",
)


def condition_known(field: str) -> bool:
    return field in CONDITIONS or (
        field.startswith(FIELD_PREFIX) and len(field) > len(FIELD_PREFIX)
    )


def hours(value: str) -> float | None:
    """A number of hours as admins write it ("72", "1.5"); None if not one."""
    try:
        number = float(value.strip().replace(",", "."))
    except ValueError:
        return None
    return number if number >= 0 else None


def compares(operator: str, wanted: str, seen: list[str]) -> bool:
    """Whether a ticket whose values are ``seen`` meets the test (any of
    them, for a ticket's several tags or a choice field's values)."""
    if operator in NUMERIC:
        limit = hours(wanted)
        numbers = [n for v in seen if (n := hours(v)) is not None]
        if limit is None or not numbers:
            return False
        return (numbers[0] >= limit) == (operator == "at_least")
    wanted = wanted.strip().lower()
    values = [v.lower() for v in seen]
    match operator:
        case "is":
            return wanted in values
        case "is_not":
            return wanted not in values
        case "contains":
            return any(wanted in v for v in values)
        case "not_contains":
            return not any(wanted in v for v in values)
    return False


def as_filter(
    field: str, operator: str, value: str, *, now_open: bool, now: datetime
) -> Q:
    """The same test for every ticket at once (``now_open``: whether the
    business hours are open now, for a test of them; ``now``: the moment
    hours are counted to)."""
    if field in TIMES:
        _label, path, status = TIMES[field]
        limit = hours(value)
        if limit is None or operator not in NUMERIC:
            return Q(pk__in=[])
        mark = now - timedelta(hours=limit)
        lookup = "lte" if operator == "at_least" else "gt"
        found = Q(**{f"{path}__{lookup}": mark})
        return found & Q(status=status) if status else found
    if field.startswith(FIELD_PREFIX):
        key = field.removeprefix(FIELD_PREFIX)
        paths: tuple[str, ...] = ("field_values__value",)
        scope = Q(field_values__field__key=key)
    else:
        paths, scope = CONDITIONS[field].paths, Q()
    positive = operator in {"is", "contains"}
    if field == "business_hours":  # the same for every ticket, now
        holds = now_open == (value.strip().lower() in YES)
        return Q() if holds == positive else Q(pk__in=[])
    if not paths:  # VIP: the customer's or their organisation's
        vip = Q(customer__is_vip=True) | Q(customer__organisation__is_vip=True)
        held = vip if value.strip().lower() in YES else ~vip
        return held if positive else ~held
    lookup = "iexact" if operator in {"is", "is_not"} else "icontains"
    found = Q()
    for path in paths:
        found |= Q(**{f"{path}__{lookup}": value.strip()})
    found &= scope
    return found if positive else ~found

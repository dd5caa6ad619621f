"""Rules on events: a consumer of the event door (tickets.services.events).
For each recorded event, the switched-on rules waiting for its kind are
tested, in order, against the ticket as it stands; a rule that holds acts
through the services (deadlines, history and customer emails follow as for
a person's change), at most once per event (``RuleFiring``), and its
firing is a line in the history. Its own actions never set it off again,
and rules setting each other off stop at ``DEPTH_LIMIT`` with a warning
for the admins. An action that cannot be taken (an agent who left, a
status the transitions forbid) is skipped with the reason: never an error
for whoever recorded the event."""

import logging
import threading
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Webhook
from notifications.webhooks import hooks_enqueue, post_enqueue

from .. import sla
from ..models import (
    Message,
    Queue,
    Ticket,
    TicketEvent,
)
from ..models.automation import Rule, RuleAction, RuleFiring
from ..models.organised_payloads import RuleFired
from ..rules import FIELD_PREFIX, TIMES, compares
from ..selectors.fields import defined, values_of
from . import autoassign  # noqa: F401 - its consumer goes before the rules
from .assignment import ticket_assign, ticket_change_priority, ticket_move_queue
from .canned import written_reply
from .errors import TicketError
from .events import consumer, event_record
from .fields import ticket_fields_set
from .lifecycle import note_add, reply_post, ticket_change_status
from .robot import robot
from .tagging import ticket_tags_change

logger = logging.getLogger(__name__)
DEPTH_LIMIT = 3
# Actions that change the ticket's own row (the others: its tags, notes, posts).
ROW_ACTIONS = frozenset({"set_queue", "assign", "set_priority", "set_status", "reply"})
POSTS = frozenset({"webhook", "post_slack", "post_teams"})
MEMO_SECONDS = 1.0  # a change in the admin is in force on every process within it
_memo: dict[str, tuple[float, list[Any]]] = {}
_chain = threading.local()


def rules_forget() -> None:
    """A rule or a hook changed: read them again (tickets.signals)."""
    _memo.clear()


def _kept(name: str, read: Callable[[], list[Any]]) -> list[Any]:
    kept = _memo.get(name)
    if kept and time.monotonic() - kept[0] < MEMO_SECONDS:
        return kept[1]
    rows = read()
    _memo[name] = (time.monotonic(), rows)
    return rows


def _active() -> list[Rule]:
    return _kept(
        "rules",
        lambda: list(
            Rule.objects.filter(is_active=True).prefetch_related(
                "conditions", "actions"
            )
        ),
    )


@consumer("rules")
def rules_react(events: Sequence[TicketEvent]) -> None:
    waiting = [r for r in _active() if r.trigger in {e.kind for e in events}]
    if not _chain.__dict__.get("rules"):
        _chain.robot = None  # read again for events from outside the rules
    for event in events:
        ticket = None  # read once: the actions keep it as it stands (_act)
        for rule in (r for r in waiting if r.trigger == event.kind):
            ticket = ticket or _current(event)
            rule_fire(rule, event, ticket)


@consumer("webhooks")
def webhooks_react(events: Sequence[TicketEvent]) -> None:
    """Every switched-on hook told of the events of the kinds it takes."""
    hooks = _kept(
        "hooks", lambda: [h for h in Webhook.objects.filter(is_active=True) if h.kinds]
    )
    if any(e.kind in h.kinds for h in hooks for e in events):
        hooks_enqueue(list(events), hooks)


def _current(event: TicketEvent) -> Ticket:
    return Ticket.objects.select_related("queue", "customer__organisation").get(
        pk=event.ticket_id
    )


def rule_fire(rule: Rule, event: TicketEvent, ticket: Ticket | None = None) -> bool:
    """Test ``rule`` on the event's ticket (``ticket``: as read for this
    event) and act once; whether it acted."""
    chain: list[int] = _chain.__dict__.setdefault("rules", [])
    if rule.pk in chain:
        return False  # its own doing
    if len(chain) >= DEPTH_LIMIT:
        _problem(
            rule,
            _("Stopped: rules set each other off more than %(depth)d deep.")
            % {"depth": DEPTH_LIMIT},
        )
        logger.warning("rule %s stopped at depth %d", rule.name, DEPTH_LIMIT)
        return False
    ticket = ticket or _current(event)
    if not rule_holds(rule, ticket, event):
        return False
    if not Rule.objects.filter(pk=rule.pk, is_active=True).exists():
        return False  # deleted or switched off since it was read (the memo)
    try:
        with transaction.atomic():
            RuleFiring.objects.create(rule=rule, event=event)
    except IntegrityError:
        return False  # fired on this event already
    rule_apply(rule, ticket, event)
    return True


def rule_apply(rule: Rule, ticket: Ticket, event: TicketEvent | None) -> None:
    """Take the rule's actions on the ticket (their firing already kept),
    and write the firing in its history."""
    chain: list[int] = _chain.__dict__.setdefault("rules", [])
    _robot()  # made, if new, outside the actions' savepoints (undone alone)
    chain.append(rule.pk)
    _chain.fired = _chain.__dict__.get("fired", 0) + 1
    actions = list(rule.actions.all())
    # A time rule has no event to post about: its posts tell of its firing.
    posts = [a for a in actions if a.action in POSTS] if event is None else []
    try:
        did, skipped, problem = _act(
            rule, ticket, event, [a for a in actions if a not in posts]
        )
        if did or skipped or posts:  # one that found it all done says nothing
            fired = event_record(
                ticket=ticket,
                payload=RuleFired(
                    rule=rule.name,
                    did=did + [a.action for a in posts],
                    skipped=skipped,
                    problem=problem,
                ),
                actor=_robot(),
                announce=False,
            )
            problem = problem or _act(rule, ticket, fired, posts)[2]
    finally:
        chain.pop()
    if problem:
        _problem(rule, f"{ticket.reference}: {problem}")


def _problem(rule: Rule, problem: str) -> None:
    Rule.objects.filter(pk=rule.pk).update(
        last_problem=problem[:1000], last_problem_at=timezone.now()
    )


def rule_holds(rule: Rule, ticket: Ticket, event: TicketEvent | None = None) -> bool:
    tests = [
        compares(c.operator, c.value, _seen(c.field, ticket, event))
        for c in rule.conditions.all()
    ]
    if not tests:
        return True
    return all(tests) if rule.match == Rule.Match.ALL else any(tests)


def _seen(field: str, ticket: Ticket, event: TicketEvent | None) -> list[str]:
    """The ticket's values a condition compares with, read once for all the
    rules tested on this reading of the ticket."""
    known: dict[str, list[str]] = ticket.__dict__.setdefault("_rules_seen", {})
    if field not in known or field == "message":
        known[field] = _read(field, ticket, event)
    return known[field]


def _read(field: str, ticket: Ticket, event: TicketEvent | None) -> list[str]:
    customer = ticket.customer
    if field in TIMES:
        _label, path, status = TIMES[field]
        at = getattr(ticket, path)
        if at is None or (status and ticket.status != status):
            return []
        return [str((timezone.now() - at).total_seconds() / 3600)]
    if field.startswith(FIELD_PREFIX):
        key = field.removeprefix(FIELD_PREFIX)
        spec = next((f for f in defined().fields if f.key == key), None)
        return values_of(ticket).get(spec.pk, []) if spec else []
    readers: dict[str, Callable[[], list[str]]] = {
        "queue": lambda: [ticket.queue.name, ticket.queue.slug],
        "priority": lambda: [ticket.priority],
        "status": lambda: [ticket.status],
        "channel": lambda: list(
            Ticket.objects.filter(pk=ticket.pk).values_list("facts__channel", flat=True)
        ),
        "customer_email": lambda: [customer.email],
        "organisation": lambda: (
            [o.name] if (o := customer.organisation) is not None else []
        ),
        "vip": lambda: ["yes" if customer.vip else "no"],
        "subject": lambda: [ticket.subject],
        "message": lambda: _message(ticket, event),
        "tag": lambda: [t.name for t in ticket.tags.all()],
        "business_hours": lambda: ["yes" if open_now(ticket) else "no"],
    }
    return readers[field]() if field in readers else []


def _message(ticket: Ticket, event: TicketEvent | None) -> list[str]:
    """The event's message; with no event (a time rule), the customer's last."""
    if event is None:
        said = ticket.messages.filter(kind=Message.Kind.CUSTOMER)
        last = said.order_by("-pk").first()
        return [last.body] if last else []
    return [m.body] if (m := event.message) is not None else []


def open_now(ticket: Ticket) -> bool:
    now = timezone.now()
    return sla.business_minutes(ticket, now, now + timedelta(minutes=1)) > 0


def _act(
    rule: Rule, ticket: Ticket, event: TicketEvent | None, actions: list[RuleAction]
) -> tuple[list[str], list[str], str]:
    """Each action in its own savepoint: one that fails is undone alone."""
    did: list[str] = []
    skipped: list[str] = []
    problem = ""
    for action in actions:
        fired = _chain.__dict__.get("fired", 0)
        try:
            with transaction.atomic():
                if action_take(
                    action.action,
                    action.value.strip(),
                    ticket=ticket,
                    by=_robot(),
                    event=event,
                    label=rule.name,
                ):
                    did.append(action.action)
        except (TicketError, ValueError) as error:
            skipped.append(action.action)
            problem = problem or str(error)
        except Exception as error:  # never the event's recorder's problem
            logger.exception("rule %s, action %s", rule.name, action.action)
            skipped.append(action.action)
            problem = problem or error.__class__.__name__
        # Read again where the ticket's own fields may have changed: by this
        # action, by the rules it set off, or by its undoing.
        if action.action in ROW_ACTIONS or _chain.__dict__.get("fired", 0) != fired:
            ticket.refresh_from_db()
        ticket.__dict__.pop("_rules_seen", None)  # the values later rules test
    return did, skipped, problem


def _robot() -> User:
    """The Automation user, read once for an event and all its firings."""
    by = getattr(_chain, "robot", None)
    if by is None:
        by = _chain.robot = robot()
    return by


def names_of(value: str) -> list[str]:
    """Names written comma-separated (tags)."""
    return [n.strip() for n in value.split(",") if n.strip()]


def action_take(
    action: str,
    value: str,
    *,
    ticket: Ticket,
    by: User,
    event: TicketEvent | None = None,
    label: str = "",
) -> bool:
    """Take one action (a rule's or a macro's, ``label`` its name) as
    ``by``; False when the ticket is already so."""
    match action:
        case "set_queue":
            queue = Queue.objects.filter(Q(name__iexact=value) | Q(slug=value)).first()
            if queue is None:
                raise ValueError(_("No queue is called %(name)s.") % {"name": value})
            if queue.pk == ticket.queue_id:
                return False
            ticket_move_queue(ticket=ticket, queue=queue, actor=by)
        case "assign":
            agent = User.objects.filter(username=value, is_active=True).first()
            if value and agent is None:
                raise ValueError(
                    _("No active agent is called %(name)s.") % {"name": value}
                )
            if (agent.pk if agent else None) == ticket.assignee_id:
                return False
            ticket_assign(ticket=ticket, assignee=agent, actor=by)
        case "set_priority":
            if value == ticket.priority:
                return False
            ticket_change_priority(ticket=ticket, priority=value, actor=by)
        case "set_status":
            if value == ticket.status:
                return False
            ticket_change_status(ticket=ticket, new_status=value, actor=by)
        case "add_tags" | "remove_tags":
            names = names_of(value)
            change = {"add" if action == "add_tags" else "remove": names}
            return ticket_tags_change(ticket=ticket, actor=by, **change) is not None
        case "set_field":
            key, _equals, wanted = value.partition("=")
            return bool(
                ticket_fields_set(ticket=ticket, raw={key.strip(): wanted}, actor=by)
            )
        case "add_note":
            note_add(ticket=ticket, author=by, body=value or label)
        case "reply":
            text, formatted = written_reply(value, ticket=ticket, agent=by)
            reply_post(ticket=ticket, author=by, body=text, body_html=formatted)
        case "webhook" | "post_slack" | "post_teams" if event is not None:
            _deliveries_for(action, value, event, label)
        case _:
            raise ValueError(_("Unknown action %(action)s.") % {"action": action})
    return True


def _deliveries_for(action: str, value: str, event: TicketEvent, label: str) -> None:
    post_enqueue(
        event=event,
        hook_name=value if action == "webhook" else "",
        url="" if action == "webhook" else value,
        style={"webhook": "json", "post_slack": "slack", "post_teams": "teams"}[action],
        rule=label,
    )

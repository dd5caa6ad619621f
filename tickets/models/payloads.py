"""What each kind of event keeps: one frozen dataclass per kind, checked
when it is written (``check``, by the event door: a service that writes an
event wrongly fails at once, in its transaction, not when a reader words it
months later), written to the event's columns by ``columns`` and read back,
typed, by ``payload_of`` (unchecked: history is read as it was written).

Values are kept, never words: a priority is ``"high"``, a deadline a moment,
so that every reader gets them in their own language (tickets.wording).
Events written before a kind kept values keep their words; reading gives
them back as they are.
"""

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, ClassVar, Literal, Self

from .conversation import Message, TicketEvent
from .core import Priority, Status
from .incidents import IncidentUpdate, Rating
from .sla import Promise

Kind = TicketEvent.Kind
Deadline = Literal["answer", "resolution"]


class PayloadError(ValueError):
    """An event made with facts its kind does not allow."""


def _moment(value: str) -> datetime | None:
    """A moment the event kept (ISO 8601, with its zone); None for words
    kept by events written before they kept moments."""
    try:
        moment = datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


def _aware(value: datetime, name: str) -> None:
    if value.tzinfo is None:
        raise PayloadError(f"{name} must carry its time zone")


def _status(value: str, name: str) -> None:
    if value not in Status.values:
        raise PayloadError(f"{name}: {value!r} is not a status")


@dataclass(frozen=True, kw_only=True)
class Payload:
    """The facts of one kind of event. ``COLUMNS`` maps each field to the
    event's column that keeps it (the field's own name when missing)."""

    kind: ClassVar[str]
    COLUMNS: ClassVar[dict[str, str]] = {}

    def check(self) -> None:
        """Refuse facts this kind does not allow (``PayloadError``)."""

    def columns(self) -> dict[str, Any]:
        """The event's columns for these facts."""
        written = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, datetime):
                value = value.isoformat()
            elif isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            written[self.COLUMNS.get(item.name, item.name)] = value
        return written

    @classmethod
    def read(cls, event: TicketEvent) -> Self:
        """The facts back from an event of this kind."""
        return cls(
            **{
                item.name: getattr(event, cls.COLUMNS.get(item.name, item.name))
                for item in fields(cls)
            }
        )


@dataclass(frozen=True, kw_only=True)
class Created(Payload):
    kind = Kind.CREATED
    message: Message | None
    # Help articles offered with the acknowledgement (title, summary,
    # public_url), chosen once so every attempt to send it says the same.
    suggested_articles: list[dict[str, str]] = field(default_factory=list)
    new_status: str = Status.NEW


@dataclass(frozen=True, kw_only=True)
class Replied(Payload):
    kind = Kind.REPLIED
    message: Message
    new_status: str  # the ticket's status after the reply

    def check(self) -> None:
        _status(self.new_status, "new_status")


@dataclass(frozen=True, kw_only=True)
class NoteAdded(Payload):
    kind = Kind.NOTE_ADDED
    message: Message


@dataclass(frozen=True, kw_only=True)
class CustomerReplied(Payload):
    kind = Kind.CUSTOMER_REPLIED
    message: Message


@dataclass(frozen=True, kw_only=True)
class StatusChanged(Payload):
    kind = Kind.STATUS_CHANGED
    old_status: str
    new_status: str
    reason: str = ""

    def check(self) -> None:
        _status(self.old_status, "old_status")
        _status(self.new_status, "new_status")
        if self.old_status == self.new_status:
            raise PayloadError("a status change needs two statuses")


@dataclass(frozen=True, kw_only=True)
class Assigned(Payload):
    kind = Kind.ASSIGNED
    COLUMNS: ClassVar[dict[str, str]] = {"was": "old_value", "now": "new_value"}
    was: str  # names ("" for nobody)
    now: str


@dataclass(frozen=True, kw_only=True)
class Returned(Payload):
    """Handed back to the queue by a rule (an agent away), with the why."""

    kind = Kind.RETURNED
    COLUMNS: ClassVar[dict[str, str]] = {"was": "old_value", "now": "new_value"}
    was: str
    now: str
    reason: str

    def check(self) -> None:
        if not self.reason.strip():
            raise PayloadError("a hand-back says why")


@dataclass(frozen=True, kw_only=True)
class PriorityChanged(Payload):
    kind = Kind.PRIORITY_CHANGED
    COLUMNS: ClassVar[dict[str, str]] = {"was": "old_value", "now": "new_value"}
    was: str  # Priority values ("high"); older events kept labels
    now: str

    def check(self) -> None:
        for name in ("was", "now"):
            if getattr(self, name) not in Priority.values:
                raise PayloadError(f"{name}: not a priority")


@dataclass(frozen=True, kw_only=True)
class QueueChanged(Payload):
    kind = Kind.QUEUE_CHANGED
    COLUMNS: ClassVar[dict[str, str]] = {"was": "old_value", "now": "new_value"}
    was: str  # queue names
    now: str


@dataclass(frozen=True, kw_only=True)
class CcAdded(Payload):
    kind = Kind.CC_ADDED
    COLUMNS: ClassVar[dict[str, str]] = {"email": "new_value"}
    email: str

    def check(self) -> None:
        if "@" not in self.email:
            raise PayloadError("email: not an address")


@dataclass(frozen=True, kw_only=True)
class _DeadlineAlert(Payload):
    COLUMNS: ClassVar[dict[str, str]] = {"deadline": "old_value", "due_at": "new_value"}
    deadline: Deadline
    due_at: datetime | None  # None: an event from before it kept the moment

    def check(self) -> None:
        if self.deadline not in ("answer", "resolution"):
            raise PayloadError("deadline: answer or resolution")
        if self.due_at is None:
            raise PayloadError("due_at: the moment is kept")
        _aware(self.due_at, "due_at")

    @classmethod
    def read(cls, event: TicketEvent) -> Self:
        deadline: Any = event.old_value
        return cls(deadline=deadline, due_at=_moment(event.new_value))


@dataclass(frozen=True, kw_only=True)
class SlaWarning(_DeadlineAlert):
    kind = Kind.SLA_WARNING


@dataclass(frozen=True, kw_only=True)
class SlaBreached(_DeadlineAlert):
    kind = Kind.SLA_BREACHED


@dataclass(frozen=True, kw_only=True)
class SilenceAlert(Payload):
    kind = Kind.SILENCE_ALERT
    COLUMNS: ClassVar[dict[str, str]] = {"hours": "new_value"}
    hours: int | None  # None: an event from before it kept the hours

    def check(self) -> None:
        if self.hours is None or self.hours < 1:
            raise PayloadError("hours: at least one")

    @classmethod
    def read(cls, event: TicketEvent) -> Self:
        value = event.new_value
        return cls(hours=int(value) if value.isdigit() else None)


@dataclass(frozen=True, kw_only=True)
class StillWorking(Payload):
    kind = Kind.STILL_WORKING


@dataclass(frozen=True, kw_only=True)
class _PromiseEvent(Payload):
    promise: Promise


@dataclass(frozen=True, kw_only=True)
class PromiseMade(_PromiseEvent):
    kind = Kind.PROMISE_MADE
    COLUMNS: ClassVar[dict[str, str]] = {"due_at": "new_value"}
    due_at: datetime | None

    def check(self) -> None:
        if self.due_at is None:
            raise PayloadError("due_at: the moment is kept")
        _aware(self.due_at, "due_at")

    @classmethod
    def read(cls, event: TicketEvent) -> Self:
        promise: Any = event.promise
        return cls(promise=promise, due_at=_moment(event.new_value))


@dataclass(frozen=True, kw_only=True)
class PromiseMoved(_PromiseEvent):
    kind = Kind.PROMISE_MOVED
    COLUMNS: ClassVar[dict[str, str]] = {"was": "old_value", "due_at": "new_value"}
    was: datetime | None
    due_at: datetime | None
    reason: str = ""

    def check(self) -> None:
        for name in ("was", "due_at"):
            value = getattr(self, name)
            if value is None:
                raise PayloadError(f"{name}: the moment is kept")
            _aware(value, name)

    @classmethod
    def read(cls, event: TicketEvent) -> Self:
        promise: Any = event.promise
        return cls(
            promise=promise,
            was=_moment(event.old_value),
            due_at=_moment(event.new_value),
            reason=event.reason,
        )


@dataclass(frozen=True, kw_only=True)
class PromiseKept(_PromiseEvent):
    kind = Kind.PROMISE_KEPT


@dataclass(frozen=True, kw_only=True)
class PromiseDue(PromiseMade):
    kind = Kind.PROMISE_DUE


@dataclass(frozen=True, kw_only=True)
class IncidentLinked(Payload):
    kind = Kind.INCIDENT_LINKED
    COLUMNS: ClassVar[dict[str, str]] = {"was": "old_value", "now": "new_value"}
    was: str  # incident titles ("" for none)
    now: str

    def check(self) -> None:
        if not (self.was or self.now):
            raise PayloadError("a link or an unlink names its incident")


@dataclass(frozen=True, kw_only=True)
class IncidentUpdateSent(Payload):
    kind = Kind.INCIDENT_UPDATE
    COLUMNS: ClassVar[dict[str, str]] = {"title": "new_value"}
    incident_update: IncidentUpdate
    title: str  # the incident's, when the update went out
    new_status: str  # the ticket's, after the update

    def check(self) -> None:
        _status(self.new_status, "new_status")


@dataclass(frozen=True, kw_only=True)
class FollowupSent(Payload):
    kind = Kind.FOLLOWUP


@dataclass(frozen=True, kw_only=True)
class Rated(Payload):
    kind = Kind.RATED
    COLUMNS: ClassVar[dict[str, str]] = {
        "was": "old_value",
        "score": "new_value",
        "comment": "reason",
    }
    was: str  # the earlier score, "" for a first rating
    score: str
    comment: str = ""

    def check(self) -> None:
        if self.score not in Rating.Score.values:
            raise PayloadError("score: not a score")
        if self.was and self.was not in Rating.Score.values:
            raise PayloadError("was: not a score")

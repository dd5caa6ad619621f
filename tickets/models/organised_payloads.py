"""The payloads of organising a ticket: tags, merges, splits and links.
Their facts are lists and other tickets' ids, kept in the event's
``values`` (JSON), not its text columns."""

from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar, Literal, Self

from .conversation import TicketEvent
from .payloads import Payload, PayloadError

Kind = TicketEvent.Kind
Relation = Literal["related", "parent", "child"]


@dataclass(frozen=True, kw_only=True)
class Kept(Payload):
    """Facts kept as JSON in the event's ``values``."""

    def columns(self) -> dict[str, Any]:
        return {"values": asdict(self)}

    @classmethod
    def read(cls, event: TicketEvent) -> Self:
        kept = event.values or {}
        return cls(**{f.name: kept[f.name] for f in fields(cls) if f.name in kept})


def _ids(values: list[int], name: str) -> None:
    if not values or not all(isinstance(v, int) and v > 0 for v in values):
        raise PayloadError(f"{name}: ticket ids, at least one")


@dataclass(frozen=True, kw_only=True)
class TagsChanged(Kept):
    kind: ClassVar[str] = Kind.TAGS_CHANGED
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def check(self) -> None:
        if not (self.added or self.removed):
            raise PayloadError("a tag change adds or removes at least one tag")


@dataclass(frozen=True, kw_only=True)
class MergedInto(Kept):
    """On a ticket merged away: where it went."""

    kind: ClassVar[str] = Kind.MERGED_INTO
    ticket: int = 0

    def check(self) -> None:
        _ids([self.ticket], "ticket")


@dataclass(frozen=True, kw_only=True)
class MergedIn(Kept):
    """On the surviving ticket: which tickets it took in."""

    kind: ClassVar[str] = Kind.MERGED_IN
    tickets: list[int] = field(default_factory=list)
    messages: int = 0  # how many messages came over

    def check(self) -> None:
        _ids(self.tickets, "tickets")


@dataclass(frozen=True, kw_only=True)
class SplitOff(Kept):
    """On the ticket a message left: the new ticket it opened."""

    kind: ClassVar[str] = Kind.SPLIT_OFF
    ticket: int = 0

    def check(self) -> None:
        _ids([self.ticket], "ticket")


@dataclass(frozen=True, kw_only=True)
class SplitFrom(Kept):
    kind: ClassVar[str] = Kind.SPLIT_FROM
    ticket: int = 0

    def check(self) -> None:
        _ids([self.ticket], "ticket")


@dataclass(frozen=True, kw_only=True)
class Linked(Kept):
    """``relation``: what this ticket is to the other one: ``related`` to
    it, its ``parent``, or its ``child``."""

    kind: ClassVar[str] = Kind.LINKED
    ticket: int = 0
    relation: Relation = "related"

    def check(self) -> None:
        _ids([self.ticket], "ticket")
        if self.relation not in ("related", "parent", "child"):
            raise PayloadError("relation: related, parent or child")


@dataclass(frozen=True, kw_only=True)
class Unlinked(Linked):
    kind: ClassVar[str] = Kind.UNLINKED


@dataclass(frozen=True, kw_only=True)
class FieldChanged(Kept):
    """A custom field's values, before and after (its label kept too: the
    history reads right after the field is renamed or removed)."""

    kind: ClassVar[str] = Kind.FIELD_CHANGED
    key: str = ""
    label: str = ""
    was: list[str] = field(default_factory=list)
    now: list[str] = field(default_factory=list)

    def check(self) -> None:
        if not self.key or self.was == self.now:
            raise PayloadError("a field change names the field and changes it")


@dataclass(frozen=True, kw_only=True)
class CategoryChanged(Kept):
    kind: ClassVar[str] = Kind.CATEGORY_CHANGED
    was: str = ""
    now: str = ""


@dataclass(frozen=True, kw_only=True)
class Mentioned(Kept):
    """Agents called in by a note (``message``: the note's id)."""

    kind: ClassVar[str] = Kind.MENTIONED
    agents: list[int] = field(default_factory=list)
    message: int = 0

    def check(self) -> None:
        _ids(self.agents, "agents")
        _ids([self.message], "message")

    def columns(self) -> dict[str, Any]:
        # The note itself too: the email quotes it.
        return {**super().columns(), "message_id": self.message}


@dataclass(frozen=True, kw_only=True)
class TimeSpent(Kept):
    kind: ClassVar[str] = Kind.TIME_SPENT
    minutes: int = 0

    def check(self) -> None:
        if not 0 < self.minutes <= MAX_MINUTES:
            raise PayloadError("minutes: 1 to a day's")


MAX_MINUTES = 24 * 60


@dataclass(frozen=True, kw_only=True)
class RuleFired(Kept):
    """A rule acted on the ticket (tickets.services.automation): the
    actions it took and those it could not, with the first reason."""

    kind: ClassVar[str] = Kind.RULE_FIRED
    rule: str = ""
    did: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problem: str = ""

    def check(self) -> None:
        if not self.rule:
            raise PayloadError("a rule's firing names the rule")


@dataclass(frozen=True, kw_only=True)
class Redacted(Kept):
    """A message's text, or one of its files, blacked out (a pasted card
    number): which, the file's name, and why; never what it said."""

    kind: ClassVar[str] = Kind.REDACTED
    message: int = 0
    file: str = ""
    reason: str = ""

    def check(self) -> None:
        if self.message <= 0:
            raise PayloadError("a redaction names the message")

"""Tags on tickets: read what an agent typed, add and remove them (one
event per change, in the ticket's history), and the admin's renames and
merges of tags themselves."""

from collections.abc import Iterable, Sequence

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from ..models import TAG_LENGTH, Tag, Ticket, TicketEvent
from ..models.organised_payloads import TagsChanged
from .errors import InvalidChange
from .events import event_record

# Tags are separated by commas when typed in one box.
SEPARATOR = ","


def tag_name_read(raw: str) -> str:
    """One tag as typed: spaces around it dropped, runs of spaces made one.
    Raises InvalidChange with a sentence for the person."""
    name = " ".join(str(raw).split())
    if not name:
        raise InvalidChange(_("A tag needs at least one letter or digit."))
    if len(name) > TAG_LENGTH:
        raise InvalidChange(
            _("A tag is at most %(limit)d characters; this one has %(count)d.")
            % {"limit": TAG_LENGTH, "count": len(name)}
        )
    if SEPARATOR in name:
        raise InvalidChange(_("A tag cannot hold a comma."))
    return name


def tag_names_read(raw: str | Iterable[str]) -> list[str]:
    """Several tags, from "refund, vip" or a list; each once (whatever its
    case), in the order typed. Empty pieces between commas are dropped."""
    pieces = raw.split(SEPARATOR) if isinstance(raw, str) else list(raw)
    names: dict[str, str] = {}
    for piece in pieces:
        if isinstance(raw, str) and not str(piece).strip():
            continue
        name = tag_name_read(piece)
        names.setdefault(name.lower(), name)
    return list(names.values())


def tags_get_or_create(names: Sequence[str]) -> list[Tag]:
    """The tags of these names, made where new; an existing tag keeps its
    own spelling ("Refund" typed as "refund")."""
    wanted = {name.lower(): name for name in names}
    matching = Tag.objects.annotate(key=Lower("name")).filter(key__in=wanted)
    found: dict[str, Tag] = {tag.name.lower(): tag for tag in matching}
    for key, name in wanted.items():
        if key not in found:
            found[key], _made = Tag.objects.get_or_create(
                name__iexact=name, defaults={"name": name}
            )
    return [found[name.lower()] for name in names]


@transaction.atomic
def ticket_tags_change(
    *,
    ticket: Ticket,
    actor: User | None,
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
) -> TicketEvent | None:
    """Add and remove tags (names as read by ``tag_names_read``). Nothing
    that changes nothing is recorded: None then."""
    have = {tag.name.lower(): tag for tag in ticket.tags.all()}
    adding = [tag for tag in tags_get_or_create(add) if tag.name.lower() not in have]
    gone = {name.lower() for name in remove}
    removing = [tag for key, tag in have.items() if key in gone]
    adding = [tag for tag in adding if tag.name.lower() not in gone]
    if not adding and not removing:
        return None
    ticket.tags.add(*adding)
    ticket.tags.remove(*removing)
    return event_record(
        ticket=ticket,
        payload=TagsChanged(
            added=[t.name for t in adding], removed=[t.name for t in removing]
        ),
        actor=actor,
        words=" ".join(t.name for t in adding),
        announce=False,
    )


def ticket_tags_set(
    *, ticket: Ticket, names: Sequence[str], actor: User | None
) -> TicketEvent | None:
    """The ticket's tags made exactly these (the API's write)."""
    keep = {name.lower() for name in names}
    drop = [tag.name for tag in ticket.tags.all() if tag.name.lower() not in keep]
    return ticket_tags_change(ticket=ticket, actor=actor, add=names, remove=drop)


@transaction.atomic
def tags_merge(*, tags: Iterable[Tag], into: Tag) -> int:
    """Admin: the tickets of ``tags`` carry ``into`` instead, and the tags
    go. Returns how many tickets were retagged. (A rename of words, not a
    change to any ticket: no ticket's history is written.)"""
    merged = 0
    Through = Ticket.tags.through
    for tag in tags:
        if tag.pk == into.pk:
            continue
        ids = list(Through.objects.filter(tag=tag).values_list("ticket_id", flat=True))
        have = set(
            Through.objects.filter(tag=into, ticket_id__in=ids).values_list(
                "ticket_id", flat=True
            )
        )
        Through.objects.bulk_create(
            Through(ticket_id=pk, tag=into) for pk in ids if pk not in have
        )
        merged += len(ids)
        tag.delete()
    return merged

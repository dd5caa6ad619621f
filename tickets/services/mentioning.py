"""``@name`` in an internal note calls a colleague in: they follow the
ticket from then on, hear of it (the bell, and an email as their
preference says), and find it under *Mentions*."""

from django.contrib.auth.models import User

from ..mentions import mentioned_names
from ..models import Mention, Message, Ticket
from ..models.organised_payloads import Mentioned
from ..selectors.workspace import agents
from .events import event_record


def mentions_record(*, ticket: Ticket, note: Message, author: User) -> list[User]:
    """The agents the note mentions (never its author; a name that is no
    agent's mentions nobody)."""
    names = mentioned_names(note.body)
    if not names:
        return []
    wanted = set(names)
    found = [
        user
        for user in agents()
        if user.username.lower() in wanted and user.pk != author.pk
    ]
    if not found:
        return []
    Mention.objects.bulk_create(
        Mention(ticket=ticket, agent=user, message=note) for user in found
    )
    ticket.followers.add(*found)
    event_record(
        ticket=ticket,
        payload=Mentioned(agents=[user.pk for user in found], message=note.pk),
        actor=author,
    )
    return found

"""A reply made into a help article keeps the answer, not the customer:
their name, the addresses and phone numbers in it, the ticket references
and the greeting to them are taken out, and the agent is shown what went
before the draft is made."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from tickets.models import Message

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w])\+?\d[\d ()/-]{6,}\d(?![\w])")
GREETING = re.compile(
    r"\A\s*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|hallo|"
    r"guten (?:morgen|tag|abend)|liebe[rs]?|sehr geehrte[rs]?)\b[^\n]*\n+",
    re.IGNORECASE,
)


@dataclass
class Scrubbed:
    title: str
    body: str
    removed: list[str] = field(default_factory=list)


def reply_scrubbed(message: Message) -> Scrubbed:
    """The reply and its ticket's subject without what identifies the
    customer (or anyone in copy), with a list of what was taken out."""
    ticket = message.ticket
    people = [ticket.customer, *ticket.cc.all()]
    found = Scrubbed(title=ticket.subject, body=message.body)
    greeting = GREETING.match(found.body)
    if greeting:
        found.body = found.body[greeting.end() :]
        found.removed.append(_("the greeting"))
    references = re.compile(
        rf"\[?\b{re.escape(settings.HELPDESK_REFERENCE_PREFIX)}-\d+\b\]?", re.IGNORECASE
    )
    for what, pattern, stand_in in (
        (_("email addresses"), EMAIL, _("[email address]")),
        (_("ticket references"), references, _("[reference]")),
        (_("phone numbers"), PHONE, _("[phone number]")),
    ):
        if pattern.search(found.title) or pattern.search(found.body):
            found.title = pattern.sub(stand_in, found.title).strip()
            found.body = pattern.sub(stand_in, found.body)
            found.removed.append(what)
    # Addresses first: a name inside one would leave it half taken out.
    names = {
        part
        for person in people
        for part in (person.name, *person.name.split())
        if len(part) > 1
    }
    for name in sorted(names, key=len, reverse=True):
        pattern = re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE)
        if pattern.search(found.title) or pattern.search(found.body):
            found.title = pattern.sub(_("[name]"), found.title)
            found.body = pattern.sub(_("[name]"), found.body)
            found.removed.append(_("the name “%(name)s”") % {"name": name})
    found.body = found.body.strip()
    return found

"""A forwarded email read back: who first wrote it, its subject and their
words, as mail programs write a forward inline (Gmail, Apple Mail,
Thunderbird, Outlook, in English, German, French, Spanish, Italian and
Dutch) or attached whole (message/rfc822, read by ``inbound.parse``).

Pure: text in, a ``Forwarded`` (or None) out.
"""

import re
from dataclasses import dataclass
from email.utils import parseaddr

# The line a forward starts with.
_MARKER = re.compile(
    r"^\s*(?:"
    r"-{2,}\s*(?:forwarded message|weitergeleitete nachricht|message transféré|"
    r"mensaje reenviado|messaggio inoltrato|doorgestuurd bericht|"
    r"original message|ursprüngliche nachricht|message d'origine|"
    r"mensaje original|messaggio originale|oorspronkelijk bericht)\s*-{2,}"
    r"|begin forwarded message:|anfang der weitergeleiteten nachricht:|"
    r"début du message réexpédié\s?:|inicio del mensaje reenviado:|"
    r"inizio messaggio inoltrato:|begin doorgestuurd bericht:"
    r"|_{10,}"  # Outlook's underline, followed by its From/Sent block
    r")\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_FIELDS = {
    "from": ("from", "von", "de", "van", "da"),
    "subject": ("subject", "betreff", "objet", "asunto", "oggetto", "onderwerp"),
    "other": (
        "sent",
        "date",
        "gesendet",
        "datum",
        "envoyé",
        "enviado",
        "inviato",
        "verzonden",
        "to",
        "an",
        "à",
        "para",
        "a",
        "aan",
        "cc",
        "kopie",
        "reply-to",
        "antwort an",
    ),
}
_FIELD = re.compile(r"^\s*\**\s*([^\W\d][\w -]{0,14}?)\s*\**\s*:\s*\**\s*(.*)$")
# Forward and reply prefixes (English, German, French, Spanish, Italian,
# Dutch, Nordic): a new ticket's subject is what it is about.
_FORWARD_PREFIX = re.compile(
    r"^\s*(?:(?:fwd?|fw|wg|tr|rv|i|doorst|re|aw|sv|antw|r)\s*:\s*)+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Forwarded:
    sender_name: str
    sender: str
    subject: str
    text: str
    note: str  # what the forwarder wrote above it


def forwarded(text: str) -> Forwarded | None:
    """The first forwarded message in ``text``, if it names who wrote it."""
    for marker in _MARKER.finditer(text):
        lines = text[marker.end() :].lstrip("\n").splitlines()
        fields, used = _header_block(lines)
        name, address = _sender(fields.get("from", ""))
        if "@" in address:
            return Forwarded(
                sender_name=name,
                sender=address.lower(),
                subject=subject_without_prefix(fields.get("subject", "")),
                text="\n".join(lines[used:]).strip(),
                note=text[: marker.start()].strip(),
            )
    return None


def subject_without_prefix(subject: str) -> str:
    """``Fwd: WG: Printer`` and ``RE: Printer`` as ``Printer``."""
    return _FORWARD_PREFIX.sub("", subject).strip()


def _header_block(lines: list[str]) -> tuple[dict[str, str], int]:
    """The forward's header lines (From, Sent, To, Subject... in each
    language) and how many lines they take; a blank line ends them once
    one is read (Apple Mail leaves one before them)."""
    fields: dict[str, str] = {}
    used = 0
    for number, line in enumerate(lines):
        if not line.strip():
            if fields:
                return fields, number + 1
            continue
        found = _FIELD.match(line)
        name = found.group(1).strip().lower() if found else ""
        kind = next((k for k, names in _FIELDS.items() if name in names), None)
        if found is None or kind is None:
            break
        if kind != "other":
            fields.setdefault(kind, found.group(2).strip().strip("*").strip())
        used = number + 1
    return fields, used


def _sender(value: str) -> tuple[str, str]:
    """``Ada <ada@example.com>``, ``Ada [mailto:ada@example.com]`` (older
    Outlook) or a bare address."""
    value = re.sub(r"\[mailto:([^\]]+)\]", r"<\1>", value)
    name, address = parseaddr(value)
    return name.strip().strip('"'), address.strip()

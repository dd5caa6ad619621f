"""The customer's own words in a reply: the history their mail program
quoted below (or above) them cut off, with the signature.

mail-parser-reply does most of it, in every language it knows (English,
German, Czech, Danish, Spanish, French, Italian, Japanese, Korean, Dutch,
Polish, Swedish, Chinese). Before it, the lines where history starts that it
does not know are cut here: the reply headers of Portuguese, Russian,
Finnish and Norwegian mail programs, "Original Message" separators in each
language, Outlook's underline, Zoho's "---- On ... wrote ----", Outlook's
From/Sent blocks in each language, and "Sent from my phone" lines."""

import re

from mailparser_reply import EmailReplyParser

# Every language mail-parser-reply 1.x knows.
REPLY_LANGUAGES = [
    "en",
    "de",
    "cs",
    "da",
    "es",
    "fr",
    "it",
    "ja",
    "ko",
    "nl",
    "pl",
    "sv",
    "zh",
]

_WROTE = (
    r"wrote|schrieb|a écrit|escribió|ha scritto|schreef|escreveu|escrevera|"
    r"napisał\(a\)|napisał|napisała|написал\(а\)|написал|написала|kirjoitti|"
    r"skrev(?: følgende)?|skrev följande|napsal\(a\)|napsal|пишет|писал\(а\)"
)
# "On <date>, <name> <address> wrote:" and its kin; Russian Gmail writes
# "пн, 7 дек. 2026 г. в 10:00, Ада <ada@example.com>:" with no verb.
_HEADER = re.compile(rf"^(?:>\s*)?\S.*(?:(?:{_WROTE})\s?:|[>)]\s?:)\s*$", re.IGNORECASE)
_HAS_ADDRESS_OR_DATE = re.compile(r"@|\b\d{4}\b|\b\d{1,2}[:.]\d{2}\b")
_SEPARATOR = re.compile(
    r"^\s*-{2,}\s*(?:original message|originalnachricht|ursprüngliche "
    r"nachricht|message d'origine|message original|mensaje original|"
    r"messaggio originale|oorspronkelijk bericht|origineel bericht|mensagem "
    r"original|wiadomość oryginalna|oryginalna wiadomość|исходное сообщение|"
    r"alkuperäinen viesti|opprinnelig melding|original melding|oprindelig "
    r"meddelelse|ursprungligt meddelande|původní zpráva|forwarded message|"
    r"weitergeleitete nachricht|message transféré|mensaje reenviado|"
    r"messaggio inoltrato|doorgestuurd bericht|mensagem encaminhada|"
    r"пересылаемое сообщение)\s*-{2,}\s*$",
    re.IGNORECASE,
)
_UNDERLINE = re.compile(r"^\s*_{20,}\s*$")
_ZOHO = re.compile(rf"^\s*-{{3,}}\s.*(?:{_WROTE})\s*-{{3,}}\s*$", re.IGNORECASE)
_FROM = re.compile(
    r"^\s*\*?(?:from|von|de|da|van|od|от|lähettäjä|fra|från)\*?\s?:\s*\S",
    re.IGNORECASE,
)
_SENT = re.compile(
    r"^\s*\*?(?:sent|date|gesendet|datum|envoyé|enviado el|enviado|enviada|fecha|data|"
    r"inviato|verzonden|wysłano|wysłane|отправлено|дата|lähetetty|"
    r"päivämäärä|sendt|dato|skickat|odesláno)\*?\s?:",
    re.IGNORECASE,
)
_DEVICE = (
    r"(?:my|mein\w*|mon|ma|mi|meu|mijn|il mio|la mia|min|mitt|m[oó]j\w*|"
    r"outlook|mail|yahoo|samsung|android|iphone|ipad|gmail|aol|proton\w*)"
)
_FROM_PHONE = re.compile(
    rf"^\s*(?:sent from {_DEVICE}|get outlook for|von {_DEVICE}.*gesendet|"
    rf"gesendet von {_DEVICE}|envoyé de(?:puis)? {_DEVICE}|"
    rf"enviad[oa] (?:desde|do|a partir do|de) {_DEVICE}|"
    rf"verstuurd (?:vanaf|met) {_DEVICE}|verzonden vanaf {_DEVICE}|"
    rf"inviato da {_DEVICE}|wysłane z {_DEVICE}|отправлено с|"
    rf"lähetetty \w+(?:sta|stä)\b|sendt fra {_DEVICE}|skickat från {_DEVICE}|"
    rf"odesláno z {_DEVICE})",
    re.IGNORECASE,
)
# A reply's own words, and where its history starts, are near the top.
SCANNED_CHARS = 200_000
PHONE_LINE_LIMIT = 70  # "Sent from my iPhone", not a sentence of the reply


def _history_starts(lines: list[str]) -> int | None:
    """The line where the quoted history (or a phone's signature) begins."""
    for i, line in enumerate(lines):
        joined = f"{line} {lines[i + 1]}" if i + 1 < len(lines) else line
        if _SEPARATOR.match(line) or _UNDERLINE.match(line) or _ZOHO.match(line):
            return i
        if _FROM_PHONE.match(line) and len(line.strip()) <= PHONE_LINE_LIMIT:
            return i
        if _FROM.match(line) and any(_SENT.match(n) for n in lines[i + 1 : i + 5]):
            return i
        for candidate in (line, joined):
            if _HEADER.match(candidate) and _HAS_ADDRESS_OR_DATE.search(candidate):
                return i
    return None


def strip_quoted(text: str) -> str:
    """The new part of a reply: no quoted history, no signature. A message
    that is nothing but a quote is kept whole rather than lost. Only the
    first SCANNED_CHARS are searched (the reading is far from linear on
    megabytes): a longer message whose history does not start within them
    is kept whole."""
    lines = text[:SCANNED_CHARS].replace("\r\n", "\n").split("\n")
    cut = _history_starts(lines)
    if cut is None and len(text) > SCANNED_CHARS:
        return text.strip()
    if cut is not None:
        lines = lines[:cut]
    kept = "\n".join(lines).strip()
    replies = EmailReplyParser(languages=REPLY_LANGUAGES).read(kept).replies
    new = replies[0].body.strip() if replies else ""
    return new or kept or text.strip()

"""``@name`` in an internal note: the usernames it calls in. An address
(ada@example.com) is not a mention."""

import re

MENTION = re.compile(r"(?<![\w@.])@([\w][\w.+-]*)")


def mentioned_names(text: str) -> list[str]:
    """Each username mentioned, once, in the order written, lower-cased
    (a sentence's full stop after it is not part of it)."""
    names: dict[str, None] = {}
    for found in MENTION.findall(text):
        names.setdefault(found.rstrip(".").lower(), None)
    return list(names)

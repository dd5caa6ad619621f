from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from .models import CONTACT_CACHE_KEY, ContactText

CONTACT_CACHE_SECONDS = 300


def _contact_texts(language: str) -> dict[str, str]:
    """What the admin wrote for this language (cached; saving forgets it)."""
    key = CONTACT_CACHE_KEY.format(language=language)
    texts = cache.get(key)
    if texts is None:
        try:
            row = (
                ContactText.objects.filter(language=language)
                .values("name", "hours", "signature")
                .first()
            )
        except DatabaseError:  # the "we are down" page still says how to reach us
            return {}
        texts = {field: value for field, value in (row or {}).items() if value}
        cache.set(key, texts, CONTACT_CACHE_SECONDS)
    return dict(texts)


def organisation_contact(language: str | None = None) -> dict[str, str]:
    """How to reach the organisation: on every page and in every email (P14),
    in the reader's language (the active one unless given)."""
    texts = _contact_texts(language or get_language() or settings.LANGUAGE_CODE)
    return {
        "name": texts.get("name", settings.HELPDESK_ORG_NAME),
        "email": settings.HELPDESK_SUPPORT_EMAIL,
        "phone": settings.HELPDESK_SUPPORT_PHONE,
        "hours": texts.get("hours", settings.HELPDESK_SUPPORT_HOURS),
        "chat_url": settings.HELPDESK_SUPPORT_CHAT_URL,
        "signature": texts.get("signature", settings.HELPDESK_TEAM_SIGNATURE),
    }


def organisation(request: HttpRequest) -> dict[str, object]:
    # Read when a page first shows it, in the language the view settled on.
    return {"org": SimpleLazyObject(organisation_contact)}

from django.conf import settings
from django.http import HttpRequest


def organisation_contact() -> dict[str, str]:
    """How to reach the organisation: on every page and in every email (P14)."""
    return {
        "name": settings.HELPDESK_ORG_NAME,
        "email": settings.HELPDESK_SUPPORT_EMAIL,
        "phone": settings.HELPDESK_SUPPORT_PHONE,
        "hours": settings.HELPDESK_SUPPORT_HOURS,
        "chat_url": settings.HELPDESK_SUPPORT_CHAT_URL,
        "signature": settings.HELPDESK_TEAM_SIGNATURE,
    }


def organisation(request: HttpRequest) -> dict[str, dict[str, str]]:
    return {"org": organisation_contact()}

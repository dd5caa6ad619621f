from typing import Any

from django import template

from ..selectors import incidents

register = template.Library()


@register.inclusion_tag("includes/incident_banner.html")
def incident_banner() -> dict[str, Any]:
    """Known problems, on every portal page: before customers have to ask."""
    return {"banners": incidents.public_banner()}

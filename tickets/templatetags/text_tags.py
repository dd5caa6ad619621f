"""Messages as text with live links: web addresses and email addresses
become links (Django's urlize: the text escaped first, only http(s), www.
and mail addresses linked, never javascript:), marked noopener nofollow."""

from django import template
from django.utils.html import urlize
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# urlize writes exactly this on every link it makes; the text around it is
# escaped (a quote becomes &quot;), so it can come from nowhere else.
NOFOLLOW = ' rel="nofollow"'


@register.filter(is_safe=True, needs_autoescape=True)
def linkify(text: str, autoescape: bool = True) -> SafeString:
    linked = urlize(text, nofollow=True, autoescape=autoescape)
    return mark_safe(linked.replace(NOFOLLOW, ' rel="noopener nofollow"'))  # noqa: S308

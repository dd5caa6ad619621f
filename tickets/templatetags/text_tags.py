"""Messages as text with live links: web addresses and email addresses
become links (Django's urlize: the text escaped first, only http(s), www.
and mail addresses linked, never javascript:), marked noopener nofollow;
or formatted, as cleaned when written (tickets.formatting)."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import urlize
from django.utils.safestring import SafeString, mark_safe

from ..formatting import with_sources
from ..models import Message, Ticket

register = template.Library()

# urlize writes exactly this on every link it makes; the text around it is
# escaped (a quote becomes &quot;), so it can come from nowhere else.
NOFOLLOW = ' rel="nofollow"'


@register.filter(is_safe=True, needs_autoescape=True)
def linkify(text: str, autoescape: bool = True) -> SafeString:
    linked = urlize(text, nofollow=True, autoescape=autoescape)
    return mark_safe(linked.replace(NOFOLLOW, ' rel="noopener nofollow"'))  # noqa: S308


@register.simple_tag
def message_body(
    message: Message,
    *,
    ticket: Ticket | None = None,
    agent: bool = False,
    sources: dict[str, str] | None = None,
) -> SafeString:
    """A message as its reader sees it: formatted (cleaned when written) with
    its pictures fetched through the agent's or the customer's checked
    download (or ``sources``: an email's parts or links), or its text with
    live links and its line breaks."""
    if not message.body_html:
        return linebreaksbr(linkify(message.body))
    if sources is None:
        sources = {
            a.content_id: _picture_url(ticket or message.ticket, a.pk, agent=agent)
            for a in message.attachments.all()
            if a.content_id
        }
    return mark_safe(with_sources(message.body_html, sources))  # noqa: S308 (cleaned)


def _picture_url(ticket: Ticket, pk: int, *, agent: bool) -> str:
    if agent:
        return reverse("agent:attachment_image", args=[ticket.pk, pk])
    return reverse("tickets:attachment_image", args=[ticket.access_key, pk])

"""Words for the history lines of organising a ticket (tags, merges,
splits, links), in the reader's language; tickets.wording asks here."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import TicketEvent, format_reference
from .models.organised_payloads import (
    CategoryChanged,
    FieldChanged,
    Linked,
    Mentioned,
    MergedIn,
    MergedInto,
    Redacted,
    RuleFired,
    SplitFrom,
    SplitOff,
    TagsChanged,
    TimeSpent,
    Unlinked,
)
from .models.payloads import Payload


def ticket_link(pk: int) -> SafeString:
    """Another ticket's reference, linked to its page in the workspace."""
    return format_html(
        '<a href="{}">{}</a>',
        reverse("agent:ticket", kwargs={"pk": pk}),
        format_reference(pk),
    )


def minutes_words(minutes: int) -> str:
    """ "1 h 15 min", "40 min"."""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}
    if hours:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(minutes)d min") % {"minutes": rest}


def _tags(names: list[str]) -> SafeString:
    return format_html_join(
        ", ", '<strong class="tag">{}</strong>', ((n,) for n in names)
    )


def _relation(relation: str) -> str:
    return {
        "parent": _("the parent of"),
        "child": _("a child of"),
    }.get(relation, _("related to"))


def done_words(action: str) -> str:
    """What a rule's action did, as a history line says it."""
    return {
        "set_queue": _("moved the ticket to another queue"),
        "assign": _("set the assignee"),
        "set_priority": _("set the priority"),
        "set_status": _("set the status"),
        "add_tags": _("added tags"),
        "remove_tags": _("removed tags"),
        "set_field": _("set a field"),
        "add_note": _("added a note"),
        "reply": _("replied to the customer"),
        "webhook": _("called a webhook"),
        "post_slack": _("posted to Slack"),
        "post_teams": _("posted to Microsoft Teams"),
    }.get(action, action)


def would_words(action: str) -> str:
    """What a rule's action would do, as its dry run says it."""
    return {
        "set_queue": _("move the ticket to the queue"),
        "assign": _("assign the ticket to"),
        "set_priority": _("set the priority to"),
        "set_status": _("set the status to"),
        "add_tags": _("add the tags"),
        "remove_tags": _("remove the tags"),
        "set_field": _("set the field"),
        "add_note": _("add the note"),
        "reply": _("reply to the customer"),
        "webhook": _("call the webhook"),
        "post_slack": _("post to Slack at"),
        "post_teams": _("post to Microsoft Teams at"),
    }.get(action, action)


def describe_organised(event: TicketEvent, payload: Payload) -> SafeString | None:
    """The line for an organising event; None for any other kind."""
    match payload:
        case Mentioned(agents=agents):
            return format_html(
                "{}",
                ngettext(
                    "%(count)d colleague called in by the note",
                    "%(count)d colleagues called in by the note",
                    len(agents),
                )
                % {"count": len(agents)},
            )
        case RuleFired(rule=rule, did=did, skipped=skipped, problem=problem):
            line = format_html(
                "{} <strong>{}</strong>: {}",
                _("Rule"),
                rule,
                ", ".join(done_words(a) for a in did) or _("nothing to do"),
            )
            if skipped:
                line = format_html(
                    '{}<br><span class="reason">{} {} ({})</span>',
                    line,
                    _("Could not:"),
                    ", ".join(done_words(a) for a in skipped),
                    problem,
                )
            return line
        case Redacted(file=file, reason=reason):
            what = (
                format_html("{} <strong>{}</strong>", _("File"), file)
                if file
                else _("A message's text")
            )
            line = format_html("{} {}", what, _("redacted"))
            return format_html("{} ({})", line, reason) if reason else line
        case TimeSpent(minutes=minutes):
            return format_html(
                "{}: <strong>{}</strong>", _("Time spent"), minutes_words(minutes)
            )
        case FieldChanged(label=label, was=was, now=now):
            return format_html(
                "{}: {}{}",
                label,
                format_html("{} &rarr; ", ", ".join(was)) if was else "",
                format_html("<strong>{}</strong>", ", ".join(now))
                if now
                else _("emptied"),
            )
        case CategoryChanged(was=was, now=now):
            return format_html(
                "{}: {}<strong>{}</strong>",
                _("Category"),
                format_html("{} &rarr; ", was) if was else "",
                now or _("none"),
            )
        case TagsChanged(added=added, removed=removed):
            parts = []
            if added:
                parts.append(format_html("{} {}", _("added"), _tags(added)))
            if removed:
                parts.append(format_html("{} {}", _("removed"), _tags(removed)))
            return format_html(
                "{}: {}", _("Tags"), format_html_join("; ", "{}", ((p,) for p in parts))
            )
        case MergedInto(ticket=pk):
            return format_html("{} {}", _("Merged into"), ticket_link(pk))
        case MergedIn(tickets=pks, messages=count):
            return format_html(
                "{} {} ({})",
                _("Merged in:"),
                format_html_join(", ", "{}", ((ticket_link(pk),) for pk in pks)),
                ngettext(
                    "%(count)d message came over",
                    "%(count)d messages came over",
                    count,
                )
                % {"count": count},
            )
        case SplitOff(ticket=pk):
            return format_html(
                "{} {}", _("A message was split off into"), ticket_link(pk)
            )
        case SplitFrom(ticket=pk):
            return format_html("{} {}", _("Split from"), ticket_link(pk))
        case Unlinked(ticket=pk, relation=relation):
            return format_html(
                "{}: {} {}", _("Unlinked"), _relation(relation), ticket_link(pk)
            )
        case Linked(ticket=pk, relation=relation):
            return format_html(
                "{}: {} {}", _("Linked"), _relation(relation), ticket_link(pk)
            )
    return None

"""Macros on the agent's ticket page: offered in the composer with their
reply filled in for the ticket and what else they will do in words; sent
with the agent's message (tickets.services.macros); and applied to a
selection of tickets from the queue."""

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from helpdesk.core.parsing import as_id

from ..models import Status, Ticket
from ..models.agents import PLACEHOLDERS
from ..models.macros import Macro
from ..organised_words import done_words, would_words
from ..permissions import agent_required, signed_in_agent
from ..selectors.queue import tickets_by_ids
from ..selectors.workspace import macros_offered, workspace_choices
from ..services.macros import (
    MacroOutcome,
    macro_apply_many,
    macro_text,
    macros_for,
    placeholders_filled,
)


def macro_words(name: str, steps: Iterable[tuple[str, str]]) -> str:
    """What a macro does beside its reply, for the agent to read first."""
    labels = dict(Status.choices)
    parts = [f"{would_words(a)} {labels.get(v, v)}".strip() for a, v in steps]
    if not parts:
        return _("Macro “%(name)s”: its reply only.") % {"name": name}
    return _("Macro “%(name)s” will also: %(actions)s.") % {
        "name": name,
        "actions": "; ".join(parts),
    }


def macro_offers(ticket: Ticket, agent: User, chosen: object) -> dict[str, Any]:
    """The page's macros (each with its reply filled in and its words,
    from the pickers' cache), and the one chosen for the message being
    written, if any."""
    macros = macros_offered(workspace_choices(), agent.pk)
    picked = next((m for m in macros if str(m.pk) == str(chosen or "")), None)
    return {
        "macros": [
            (
                m,
                placeholders_filled(m.reply, ticket=ticket, agent=agent),
                macro_words(m.label, m.steps),
            )
            for m in macros
        ],
        "macro_chosen": (picked, macro_words(picked.label, picked.steps))
        if picked
        else None,
    }


def macro_initial(request: HttpRequest, ticket: Ticket, agent: User) -> dict[str, Any]:
    """The composer's start with ``?macro=<id>`` (the way without scripts)."""
    wanted = as_id(request.GET.get("macro"))
    chosen = macros_for(agent).filter(pk=wanted).first() if wanted else None
    if chosen is None:
        return {}
    return {"macro": chosen.pk, "body": macro_text(chosen, ticket=ticket, agent=agent)}


def macro_said(request: HttpRequest, macro: Macro, outcome: MacroOutcome) -> None:
    """One line for the agent on what the macro did and what it could not."""
    did = ", ".join(done_words(a) for a in outcome.did) or _("nothing more to do")
    said = _("Macro “%(name)s”: %(did)s.") % {"name": macro.name, "did": did}
    if outcome.skipped:
        why = " ".join(reason for _action, reason in outcome.skipped)
        messages.warning(
            request, _("%(said)s Not done: %(why)s") % {"said": said, "why": why}
        )
    else:
        messages.info(request, said)


def macro_bulk_preview(
    request: HttpRequest, macro_id: str, ids: list[int], back: str
) -> HttpResponse:
    """Before a macro goes to many tickets: its reply (to be read and
    changed, its placeholders filled for each), what else it does, and the
    tickets."""
    agent = signed_in_agent(request)
    macro = macros_for(agent).filter(pk=as_id(macro_id) or 0).first()
    if macro is None:
        messages.error(request, _("That macro is no longer there."))
        return redirect(back)
    return _preview(request, macro, ids, back, macro.reply)


def _preview(
    request: HttpRequest,
    macro: Macro,
    ids: list[int],
    back: str,
    text: str,
    error: str = "",
) -> HttpResponse:
    context = {
        "macro": macro,
        "words": macro_words(
            macro.name, ((a.action, a.value.strip()) for a in macro.actions.all())
        ),
        "tickets": list(tickets_by_ids(ids)),
        "text": text,
        "error": error,
        "back": back,
        "placeholders": PLACEHOLDERS,
    }
    return render(
        request, "agent/macro_bulk.html", context, status=400 if error else 200
    )


@require_POST
@agent_required
def macro_bulk(request: HttpRequest) -> HttpResponse:
    """The macro on each ticket chosen, once the agent has read it."""
    back = request.POST.get("next") or "/agent/"
    if not back.startswith("/agent/"):
        back = "/agent/"
    agent = signed_in_agent(request)
    macro = macros_for(agent).filter(pk=as_id(request.POST.get("macro")) or 0).first()
    ids = [pk for v in request.POST.getlist("tickets") if (pk := as_id(v))]
    if macro is None or not ids:
        messages.error(request, _("Select at least one ticket and the change to make."))
        return redirect(back)
    text = request.POST.get("reply", "")
    if len(text) > 50_000:
        return _preview(
            request, macro, ids, back, text, _("The reply is too long to send.")
        )
    done, refused = macro_apply_many(
        tickets=tickets_by_ids(ids), macro=macro, agent=agent, text=text
    )
    said = ngettext(
        "Macro “%(name)s” applied to %(count)d ticket.",
        "Macro “%(name)s” applied to %(count)d tickets.",
        len(done),
    ) % {"name": macro.name, "count": len(done)}
    if refused:
        reasons = " ".join(f"{t.reference}: {why}" for t, why in refused[:10])
        messages.warning(request, f"{said} {reasons}")
    else:
        messages.success(request, said)
    return redirect(back)

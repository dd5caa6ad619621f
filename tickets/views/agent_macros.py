"""Macros on the agent's ticket page: offered in the composer with their
reply filled in for the ticket and what else they will do in words; sent
with the agent's message (tickets.services.macros); applied to a selection
of tickets from the queue; written by agents (their own) and staff
(shared ones). And the rules, for staff to read and switch on or off."""

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helpdesk.core.parsing import as_id

from ..macro_forms import MacroActionFormSet, MacroForm, chosen_actions
from ..models import Status, Ticket
from ..models.agents import PLACEHOLDERS
from ..models.automation import Rule
from ..models.macros import Macro
from ..organised_words import done_words, would_words
from ..permissions import agent_required, signed_in_agent
from ..rules import CONDITIONS
from ..selectors.queue import tickets_by_ids
from ..selectors.workspace import macros_offered, workspace_choices
from ..services.canned import placeholders_filled
from ..services.errors import TicketError
from ..services.macros import (
    MacroOutcome,
    can_edit_macro,
    macro_apply_many,
    macro_delete,
    macro_save,
    macro_text,
    macros_for,
)
from ..services.rulebook import rule_switch, rules_overview


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


@require_GET
@agent_required
def macro_list(request: HttpRequest) -> HttpResponse:
    """The shared macros and the agent's own, with what each does."""
    agent = signed_in_agent(request)
    rows = [
        (
            m,
            macro_words(m.name, ((a.action, a.value) for a in m.actions.all())),
            can_edit_macro(user=agent, macro=m),
        )
        for m in macros_for(agent).prefetch_related("actions")
    ]
    return render(request, "agent/macro_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@agent_required
def macro_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    agent = signed_in_agent(request)
    macro = get_object_or_404(macros_for(agent), pk=pk) if pk else None
    rows = (
        [{"action": a.action, "value": a.value} for a in macro.actions.all()]
        if macro
        else []
    )
    initial = {
        "name": macro.name if macro else "",
        "reply": macro.reply if macro else "",
        "shared": macro is not None and macro.owner_id is None,
    }
    form = MacroForm(request.POST or None, initial=initial)
    actions = MacroActionFormSet(request.POST or None, initial=rows, prefix="actions")
    status = 200
    if request.method == "POST":
        # Refused by who they are (not staff), or by what they typed.
        allowed = macro is None or can_edit_macro(user=agent, macro=macro)
        shares = form.is_valid() and form.cleaned_data["shared"]
        status = 403 if not allowed or (shares and not agent.is_staff) else 400
        if form.is_valid() and actions.is_valid():
            try:
                macro_save(
                    user=agent,
                    macro=macro,
                    name=form.cleaned_data["name"],
                    reply=form.cleaned_data["reply"],
                    shared=form.cleaned_data["shared"],
                    actions=chosen_actions(actions),
                )
            except TicketError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Macro saved."))
                return redirect("agent:macros")
    context = {
        "form": form,
        "actions": actions,
        "macro": macro,
        "placeholders": PLACEHOLDERS,
    }
    return render(request, "agent/macro_form.html", context, status=status)


@require_POST
@agent_required
def macro_remove(request: HttpRequest, pk: int) -> HttpResponse:
    agent = signed_in_agent(request)
    macro = get_object_or_404(macros_for(agent), pk=pk)
    try:
        macro_delete(user=agent, macro=macro)
    except TicketError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Deleted “%(title)s”.") % {"title": macro.name})
    return redirect("agent:macros")


@require_GET
@agent_required
def rule_list(request: HttpRequest) -> HttpResponse:
    """The rules, for staff: what each waits for, tests and does, whether
    it is on, how often it acted this week, and its last problem."""
    if not signed_in_agent(request).is_staff:
        return render(request, "agent/forbidden.html", status=403)
    labels = {name: test.label for name, test in CONDITIONS.items()}
    rows = []
    for row in rules_overview():
        tests = [
            f"{labels.get(c.field, c.field)} {c.get_operator_display()} {c.value}"
            for c in row.rule.conditions.all()
        ]
        steps = [
            f"{would_words(a.action)} {a.value}".strip() for a in row.rule.actions.all()
        ]
        rows.append((row, tests, steps))
    return render(request, "agent/rules.html", {"rows": rows})


@require_POST
@agent_required
def rule_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(Rule, pk=pk)
    on = request.POST.get("on") == "1"
    try:
        rule_switch(rule=rule, on=on, by=signed_in_agent(request))
    except TicketError as error:
        messages.error(request, str(error))
    else:
        said = _("“%(name)s” is on.") if on else _("“%(name)s” is off.")
        messages.success(request, said % {"name": rule.name})
    return redirect("agent:rules")

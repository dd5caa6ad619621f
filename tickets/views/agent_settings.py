"""An agent's own things: canned responses and notification preferences."""

from base64 import b32encode
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from ..agent_forms import AwayForm, CannedResponseForm, ProfileForm, TotpConfirmForm
from ..models import PLACEHOLDERS, CannedResponse
from ..permissions import agent_required, signed_in_agent
from ..selectors.workspace import canned_responses_for, returned_while_away
from ..services.canned import (
    agent_profile_get,
    agent_profile_save,
    api_token_renew,
    can_edit_canned,
    canned_response_delete,
    canned_response_save,
)
from ..services.commitments import agent_set_away
from ..services.errors import TicketError
from ..services.twofactor import (
    totp_device,
    totp_qr_svg,
    totp_remove,
    totp_setup_confirm,
    totp_setup_start,
)


@require_http_methods(["GET"])
@agent_required
def canned_list(request: HttpRequest) -> HttpResponse:
    agent = signed_in_agent(request)
    rows = [
        (canned, can_edit_canned(user=agent, canned=canned))
        for canned in canned_responses_for(agent)
    ]
    return render(request, "agent/canned_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@agent_required
def canned_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    agent = signed_in_agent(request)
    canned = get_object_or_404(canned_responses_for(agent), pk=pk) if pk else None
    initial = {"shared": canned is not None and canned.owner_id is None}
    form = CannedResponseForm(request.POST or None, instance=canned, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                canned_response_save(
                    user=agent,
                    canned=canned,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    shared=form.cleaned_data["shared"],
                    language=form.cleaned_data["language"],
                    body_html=form.cleaned_data["body_html"],
                )
            except TicketError as error:
                form.add_error(None, str(error))
                status = 403
            else:
                messages.success(request, _("Canned response saved."))
                return redirect("agent:canned")
    context = {"form": form, "canned": canned, "placeholders": PLACEHOLDERS}
    return render(request, "agent/canned_form.html", context, status=status)


@require_POST
@agent_required
def canned_delete(request: HttpRequest, pk: int) -> HttpResponse:
    agent = signed_in_agent(request)
    canned: CannedResponse = get_object_or_404(canned_responses_for(agent), pk=pk)
    try:
        canned_response_delete(user=agent, canned=canned)
    except TicketError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Deleted “%(title)s”.") % {"title": canned.title})
    return redirect("agent:canned")


@require_http_methods(["GET", "POST"])
@agent_required
def profile(request: HttpRequest) -> HttpResponse:
    agent = signed_in_agent(request)
    agent_profile = agent_profile_get(user=agent)
    form = ProfileForm(request.POST or None, instance=agent_profile)
    if request.method == "POST" and form.is_valid():
        agent_profile_save(form.save(commit=False), email=form.cleaned_data["email"])
        messages.success(request, _("Preferences saved."))
        return redirect("agent:profile")
    return _profile_page(request, form=form, status=400 if form.is_bound else 200)


def _profile_page(
    request: HttpRequest,
    *,
    form: ProfileForm | None = None,
    away_form: AwayForm | None = None,
    status: int = 200,
) -> HttpResponse:
    agent = signed_in_agent(request)
    agent_profile = agent_profile_get(user=agent)
    context = {
        "form": form or ProfileForm(instance=agent_profile),
        "away_form": away_form or AwayForm(),
        "agent_profile": agent_profile,
        "returned": returned_while_away(agent),
        "two_factor": totp_device(user=agent),
    }
    return render(request, "agent/profile.html", context, status=status)


@require_POST
@agent_required
def api_token(request: HttpRequest) -> HttpResponse:
    agent = signed_in_agent(request)
    verified = bool(getattr(agent, "is_verified", lambda: False)())
    key = api_token_renew(user=agent, second_factor=verified)
    messages.success(
        request,
        _(
            "Your new API token: %(key)s (shown once; send it as 'Authorization: "
            "Token <token>'). Any older token no longer works."
        )
        % {"key": key},
    )
    return redirect("agent:profile")


@require_POST
@agent_required
def away(request: HttpRequest) -> HttpResponse:
    agent = signed_in_agent(request)
    if "back" in request.POST:
        agent_set_away(user=agent, until=None)
        messages.success(request, _("Welcome back: new work can reach you again."))
        return redirect("agent:profile")
    form = AwayForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, away_form=form, status=400)
    try:
        returned = agent_set_away(user=agent, until=form.cleaned_data["until"])
    except TicketError as error:
        form.add_error("until", str(error))
        return _profile_page(request, away_form=form, status=400)
    messages.success(
        request,
        ngettext(
            "You are away. %(count)d ticket falling due meanwhile went back to "
            "its queue; you still follow it.",
            "You are away. %(count)d tickets falling due meanwhile went back to "
            "their queues; you still follow them.",
            len(returned),
        )
        % {"count": len(returned)},
    )
    return redirect("agent:profile")


def _setup_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """This page opens even to staff who still have to set up the app."""
    view.second_factor_setup = True  # type: ignore[attr-defined]
    return view


@require_http_methods(["GET", "POST"])
@agent_required
@_setup_page
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up, replace or remove two-step sign-in with an authenticator app."""
    agent = signed_in_agent(request)
    action = request.POST.get("action", "")
    form = TotpConfirmForm(request.POST if action == "confirm" else None)
    pending = totp_device(user=agent, confirmed=False)
    status = 200
    if action == "start":
        pending = totp_setup_start(user=agent)
    elif action == "remove" and not needs_second_factor_always(agent):
        totp_remove(user=agent)
        messages.success(request, _("Two-step sign-in is off."))
        return redirect("agent:profile")
    elif action == "confirm" and form.is_valid():
        try:
            device = totp_setup_confirm(user=agent, token=form.cleaned_data["token"])
        except TicketError as error:
            form.add_error("token", str(error))
            status = 400
        else:
            otp_login(request, device)
            messages.success(
                request, _("Two-step sign-in is on: we ask for a code at each sign-in.")
            )
            return redirect("agent:profile")
    elif action == "confirm":
        status = 400
    context = {
        "device": totp_device(user=agent),
        "pending": pending,
        "qr": totp_qr_svg(pending) if pending else "",
        "secret": b32encode(pending.bin_key).decode() if pending else "",
        "form": form,
        "required": needs_second_factor_always(agent),
    }
    return render(request, "agent/two_factor.html", context, status=status)


def needs_second_factor_always(agent: User) -> bool:
    return bool(settings.HELPDESK_STAFF_TWO_FACTOR and agent.is_staff)

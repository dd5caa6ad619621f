"""Connecting a mailbox with OAuth2 from its admin page: "Connect" sends the
admin to the provider's consent page; the provider sends them back to the
callback (register its address with the provider), which keeps the tokens.
The state travels in the admin's session, so no other page can finish it."""

import secrets

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .. import oauth
from ..models import Mailbox
from ..services.mailbox_auth import mailbox_connect

SESSION_KEY = "mailbox_oauth"


def callback_url(request: HttpRequest) -> str:
    """The address to register with the provider as the redirect URI."""
    return request.build_absolute_uri(reverse("admin:tickets_mailbox_oauth_callback"))


def connection(box: Mailbox) -> str:
    """The mailbox's OAuth2 state, and the button that connects it."""
    if box.pk is None or box.auth != Mailbox.Auth.OAUTH2:
        return "-"
    if box.needs_authorisation:
        state = _("The provider no longer accepts the sign-in: connect again.")
    elif box.oauth_token_sealed:
        state = _("Connected.")
    else:
        state = _("Not connected yet.")
    return format_html(
        '{} <a class="button" href="{}">{}</a>',
        state,
        reverse("admin:tickets_mailbox_connect", args=[box.pk]),
        _("Connect with %(provider)s") % {"provider": box.get_oauth_provider_display()},
    )


def _change_page(box: Mailbox) -> HttpResponseRedirect:
    return redirect("admin:tickets_mailbox_change", box.pk)


def connect(request: HttpRequest, mailbox_id: int) -> HttpResponse:
    box = get_object_or_404(Mailbox, pk=mailbox_id, auth=Mailbox.Auth.OAUTH2)
    if not request.user.has_perm("tickets.change_mailbox"):
        raise Http404
    state = secrets.token_urlsafe(24)
    request.session[SESSION_KEY] = {"state": state, "mailbox": box.pk}
    return redirect(
        oauth.consent_url(box, redirect_uri=callback_url(request), state=state)
    )


def callback(request: HttpRequest) -> HttpResponse:
    expected = request.session.pop(SESSION_KEY, None) or {}
    if not expected or request.GET.get("state") != expected.get("state"):
        messages.error(request, _("This answer from the provider was not asked for."))
        return redirect("admin:tickets_mailbox_changelist")
    box = get_object_or_404(Mailbox, pk=expected["mailbox"])
    if not request.user.has_perm("tickets.change_mailbox"):
        raise Http404
    refused = request.GET.get("error_description") or request.GET.get("error")
    if refused:
        messages.error(
            request, _("The provider refused: %(error)s") % {"error": refused}
        )
        return _change_page(box)
    try:
        mailbox_connect(
            mailbox=box,
            redirect_uri=callback_url(request),
            answer_url=request.build_absolute_uri(),
        )
    except (oauth.ConsentLost, oauth.ProviderUnavailable) as error:
        messages.error(request, str(error))
        return _change_page(box)
    messages.success(
        request,
        _("%(box)s is connected; it is read from the next poll.") % {"box": box.name},
    )
    return _change_page(box)

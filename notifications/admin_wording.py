"""Email wording in the admin: each kind's subject, text and HTML per
language, its placeholders listed and checked when saved (a mistake next
to the field, everything typed kept); a preview on a real ticket, and a
test sent to the admin's own address."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from helpdesk.core.parsing import as_id
from tickets.models import Ticket, parse_reference

from .models import EmailWording, Notification
from .rendering import render_notification
from .wording import PLACEHOLDERS, wording_problems


def _placeholders() -> SafeString:
    return format_html_join(
        ", ", "<code>{{{{ {} }}}}</code> ({})", PLACEHOLDERS.items()
    )


class EmailWordingForm(forms.ModelForm[EmailWording]):
    class Meta:
        model = EmailWording
        fields = ("kind", "language", "is_active", "subject", "text", "html")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("subject", "text", "html"):
            for problem in wording_problems(cleaned.get(name) or ""):
                self.add_error(name, problem)
        return cleaned


@admin.register(EmailWording)
class EmailWordingAdmin(admin.ModelAdmin[EmailWording]):
    form = EmailWordingForm
    list_display = ("kind", "language", "is_active", "updated_at")
    list_filter = ("language", "is_active")
    readonly_fields = ("placeholders", "preview_link")
    fields = (
        "kind",
        "language",
        "is_active",
        "subject",
        "text",
        "html",
        "placeholders",
        "preview_link",
    )

    @admin.display(description=_("Placeholders"))
    def placeholders(self, wording: EmailWording) -> SafeString:
        return _placeholders()

    @admin.display(description=_("Preview"))
    def preview_link(self, wording: EmailWording) -> SafeString | str:
        if not wording.pk:
            return str(_("Save the wording first."))
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:notifications_emailwording_preview", args=[wording.pk]),
            _("See it on a real ticket, and send yourself a test"),
        )

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview),
                name="notifications_emailwording_preview",
            ),
            *super().get_urls(),
        ]

    def preview(self, request: HttpRequest, pk: int) -> HttpResponse:
        wording = get_object_or_404(EmailWording, pk=pk)
        wanted = request.POST.get("ticket") or request.GET.get("ticket") or ""
        tickets = Ticket.objects.select_related("customer", "queue")
        if wanted.strip():
            pk = parse_reference(wanted) or as_id(wanted.strip()) or 0
            ticket = tickets.filter(pk=pk).first()
        else:
            ticket = tickets.order_by("-pk").first()
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "wording": wording,
            "title": _("Preview of %(wording)s") % {"wording": wording},
            "ticket": ticket,
            "wanted": wanted,
        }
        if ticket is not None:
            email = None
            try:
                email = render_notification(_sample(wording, ticket), wording)
            except Exception as error:  # the admin reads what is wrong
                context["error"] = f"{error.__class__.__name__}: {error}"
            if email is not None and request.method == "POST":
                return _test_send(request, wording, email)
            if email is not None:
                context["email"] = email
                context["html"] = email.alternatives[0][0]
        return TemplateResponse(
            request, "admin/notifications/emailwording/preview.html", context
        )


def _sample(wording: EmailWording, ticket: Ticket) -> Notification:
    """The email as it would go about this ticket's latest event: written
    nowhere, never in the outbox."""
    return Notification(
        kind=wording.kind,
        event=ticket.events.order_by("-pk").first(),
        ticket=ticket,
        recipient_email=ticket.customer.email,
        recipient_name=ticket.customer.name,
        language=wording.language,
    )


def _test_send(request: HttpRequest, wording: EmailWording, email: Any) -> HttpResponse:
    to = getattr(request.user, "email", "")
    back = reverse("admin:notifications_emailwording_preview", args=[wording.pk])
    if not to:
        messages.error(request, _("Your account has no email address to send to."))
        return redirect(back)
    email.to = [to]
    email.subject = f"[{_('Test')}] {email.subject}"
    email.send()
    messages.success(request, _("A test was sent to %(to)s.") % {"to": to})
    return redirect(back)

"""Django admin: tickets for agents and admins.

Every change goes through the services, never through a plain model save:
priority, queue and assignee through the same door as the workspace, bulk
actions and the API (deadlines move, the history and emails follow).
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.models import Notification

from ..models import InboundMail, Message, Queue, Status, Ticket, TicketEvent
from ..permissions import signed_in_agent
from ..selectors import workspace
from ..services.changes import change_read, ticket_change, tickets_bulk_change
from ..services.errors import TicketError
from ..services.lifecycle import (
    allowed_transitions,
    note_add,
    reply_post,
    ticket_change_status,
)
from ..services.retention import legal_hold_set

# Ticket fields the form offers, each applied by ``ticket_change``.
CHANGEABLE = ("priority", "queue", "assignee")


class TicketAdminForm(forms.ModelForm[Ticket]):
    new_status = forms.ChoiceField(
        required=False,
        label=_("Change status to"),
        help_text=_("The customer is emailed."),
    )
    reply = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "true"}),
        label=_("Public reply"),
        help_text=_("Emailed to the customer, with the ticket's status."),
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "true"}),
        label=_("Internal note"),
        help_text=_("Only agents see it."),
    )

    class Meta:
        model = Ticket
        fields = CHANGEABLE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            allowed = allowed_transitions(self.instance)
            field = self.fields["new_status"]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101
            field.choices = [
                ("", "(unchanged)"),
                *((s.value, s.label) for s in allowed),
            ]


class ReadOnlyInline(admin.TabularInline[Any, Any]):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MessageInline(ReadOnlyInline):
    model = Message
    fields = ("created_at", "kind", "source", "author_user", "body")
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = TicketEvent
    fields = (
        "created_at",
        "kind",
        "old_status",
        "new_status",
        "actor",
        "by_customer",
        "reason",
    )
    readonly_fields = fields


class NotificationInline(ReadOnlyInline):
    model = Notification
    fields = (
        "created_at",
        "kind",
        "recipient_email",
        "state",
        "attempts",
        "last_error",
    )
    readonly_fields = fields
    verbose_name_plural = "Emails to the customer"


def _bulk_status(new_status: Status) -> Any:
    def action(
        modeladmin: admin.ModelAdmin[Ticket],
        request: HttpRequest,
        queryset: QuerySet[Ticket],
    ) -> None:
        outcome = tickets_bulk_change(
            tickets=queryset,
            change=change_read(what="status", value=new_status),
            actor=signed_in_agent(request),
        )
        for ticket, reason in outcome.refused:
            messages.warning(request, f"{ticket.reference}: {reason}")
        messages.success(
            request,
            ngettext(
                "%(count)d ticket now %(status)s.",
                "%(count)d tickets now %(status)s.",
                len(outcome.done),
            )
            % {"count": len(outcome.done), "status": new_status.label.lower()},
        )

    action.__name__ = f"mark_{new_status.value}"
    return admin.action(
        description=format_lazy(_("Set status: {status}"), status=new_status.label)
    )(action)


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin[Ticket]):
    form = TicketAdminForm
    list_display = (
        "reference",
        "subject",
        "customer",
        "status",
        "priority",
        "queue",
        "assignee",
        "created_at",
    )
    list_filter = ("status", "priority", "queue", "legal_hold")
    list_select_related = ("customer", "queue", "assignee")
    search_fields = ("subject", "customer__email", "customer__name")
    readonly_fields = (
        "reference",
        "subject",
        "status",
        "customer",
        "customer_page",
        "created_at",
        "first_response_due_at",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "reference",
                    "customer",
                    "customer_page",
                    "status",
                    "created_at",
                    "first_response_due_at",
                )
            },
        ),
        ("Ticket", {"fields": ("subject", *CHANGEABLE)}),
        ("Answer", {"fields": ("new_status", "reply", "note")}),
    )
    inlines = (MessageInline, EventInline, NotificationInline)
    actions = (
        _bulk_status(Status.OPEN),
        _bulk_status(Status.RESOLVED),
        _bulk_status(Status.CLOSED),
        "hold",
        "release",
    )

    @admin.action(description=_("Put on legal hold (kept whatever retention says)"))
    def hold(self, request: HttpRequest, tickets: QuerySet[Ticket]) -> None:
        count = legal_hold_set(tickets=tickets, on=True, by=request.user)
        self.message_user(request, _("On legal hold: %(count)d.") % {"count": count})

    @admin.action(description=_("Lift the legal hold"))
    def release(self, request: HttpRequest, tickets: QuerySet[Ticket]) -> None:
        count = legal_hold_set(tickets=tickets, on=False, by=request.user)
        self.message_user(
            request, _("Legal hold lifted: %(count)d.") % {"count": count}
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tickets come from customers: the form, email or the API

    @admin.display(description=_("Customer's ticket page"))
    def customer_page(self, obj: Ticket) -> str:
        return format_html(
            '<a href="{}" target="_blank">{}</a>', obj.get_absolute_url(), "open"
        )

    def save_model(
        self,
        request: HttpRequest,
        obj: Ticket,
        form: forms.ModelForm[Ticket],
        change: bool,
    ) -> None:
        """No plain save: each changed field, then the answer, through the
        services. A refusal is shown; what else was asked still applies."""
        data = form.cleaned_data
        agent = signed_in_agent(request)
        ticket = Ticket.objects.select_related("customer", "queue", "assignee").get(
            pk=obj.pk
        )
        for name in CHANGEABLE:
            if name not in form.changed_data:
                continue
            try:
                ticket_change(
                    ticket=ticket,
                    change=change_read(what=name, value=_raw(data[name])),
                    actor=agent,
                )
            except TicketError as error:
                messages.error(request, str(error))
        try:
            if data.get("reply"):
                reply_post(
                    ticket=ticket,
                    author=agent,
                    body=data["reply"],
                    new_status=data.get("new_status") or None,
                )
            elif data.get("new_status"):
                ticket_change_status(
                    ticket=ticket, new_status=data["new_status"], actor=agent
                )
            if data.get("note"):
                note_add(ticket=ticket, author=agent, body=data["note"])
        except TicketError as error:
            messages.error(request, str(error))

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "assignee":
            kwargs["queryset"] = workspace.agents()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _raw(value: object) -> object:
    """A model choice as the change door reads it: its id."""
    return getattr(value, "pk", value)


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin[Queue]):
    list_display = ("name", "slug", "is_default", "assignment")
    prepopulated_fields = {"slug": ("name",)}  # noqa: RUF012
    filter_horizontal = ("agents",)


@admin.register(InboundMail)
class InboundMailAdmin(admin.ModelAdmin[InboundMail]):
    list_display = ("received_at", "source", "sender", "subject", "state", "outcome")
    list_filter = ("state", "source")
    search_fields = ("sender", "subject")
    readonly_fields = tuple(f.name for f in InboundMail._meta.fields if f.name != "raw")
    exclude = ("raw",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

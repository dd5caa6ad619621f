"""Django admin: the agents' screen until the agent workspace exists.

Every change that the customer should hear about goes through the services,
never through a plain model save.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from notifications.models import Notification

from .. import services
from ..models import Message, Queue, Status, Ticket, TicketEvent


def _agent(request: HttpRequest) -> User:
    """The signed-in agent: the admin lets no anonymous visitor this far."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101
    return user


class TicketAdminForm(forms.ModelForm):
    new_status = forms.ChoiceField(
        required=False, label="Change status to", help_text="The customer is emailed."
    )
    reply = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "true"}),
        label="Public reply",
        help_text="Emailed to the customer, with the ticket's status.",
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "true"}),
        label="Internal note",
        help_text="Only agents see it.",
    )

    class Meta:
        model = Ticket
        fields = ("subject", "priority", "queue", "assignee")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            allowed = services.allowed_transitions(self.instance)
            field = self.fields["new_status"]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101
            field.choices = [
                ("", "(unchanged)"),
                *((s.value, s.label) for s in allowed),
            ]


class ReadOnlyInline(admin.TabularInline):
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
        modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Ticket]
    ) -> None:
        changed = 0
        for ticket in queryset:
            try:
                services.ticket_change_status(
                    ticket=ticket, new_status=new_status, actor=_agent(request)
                )
                changed += 1
            except services.TicketError as error:
                messages.warning(request, f"{ticket.reference}: {error}")
        messages.success(
            request, f"{changed} ticket(s) now {new_status.label.lower()}."
        )

    action.__name__ = f"mark_{new_status.value}"
    return admin.action(description=f"Set status: {new_status.label}")(action)


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
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
    list_filter = ("status", "priority", "queue")
    list_select_related = ("customer", "queue", "assignee")
    search_fields = ("subject", "customer__email", "customer__name")
    readonly_fields = (
        "reference",
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
        ("Ticket", {"fields": ("subject", "priority", "queue", "assignee")}),
        ("Answer", {"fields": ("new_status", "reply", "note")}),
    )
    inlines = (MessageInline, EventInline, NotificationInline)
    actions = (
        _bulk_status(Status.OPEN),
        _bulk_status(Status.RESOLVED),
        _bulk_status(Status.CLOSED),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tickets come from customers: the form, email or the API

    @admin.display(description="Customer's ticket page")
    def customer_page(self, obj: Ticket) -> str:
        return format_html(
            '<a href="{}" target="_blank">{}</a>', obj.get_absolute_url(), "open"
        )

    def save_model(
        self, request: HttpRequest, obj: Ticket, form: forms.ModelForm, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        data = form.cleaned_data
        try:
            if data.get("reply"):
                services.reply_post(
                    ticket=obj,
                    author=_agent(request),
                    body=data["reply"],
                    new_status=data.get("new_status") or None,
                )
            elif data.get("new_status"):
                services.ticket_change_status(
                    ticket=obj, new_status=data["new_status"], actor=_agent(request)
                )
            if data.get("note"):
                services.note_add(ticket=obj, author=_agent(request), body=data["note"])
        except services.TicketError as error:
            messages.error(request, str(error))


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "is_default")
    prepopulated_fields = {"slug": ("name",)}  # noqa: RUF012

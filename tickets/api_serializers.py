"""API shapes: small input and output serializers; the services own the rules."""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from helpdesk.core.parsing import MAX_ID

from .attachments import AttachmentPolicy
from .custom_fields import value_json
from .formatting import formatted
from .models import (
    AGENT_MESSAGE_KINDS,
    Incident,
    IncidentUpdate,
    Message,
    Priority,
    Rating,
    Status,
    Ticket,
    display_name,
)
from .selectors.fields import defined


def id_field(**options: Any) -> serializers.IntegerField:
    """A row's id: positive and no larger than a database holds (larger is
    a 400 naming the field, never an error from the database)."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **options)


class PersonSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    email = serializers.EmailField()


class TicketOutSerializer(serializers.ModelSerializer[Any]):
    reference = serializers.CharField(read_only=True)
    customer = PersonSerializer(read_only=True)
    queue = serializers.CharField(source="queue.name", read_only=True)
    assignee = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    merged_into = serializers.IntegerField(source="merged_into_id", read_only=True)
    category = serializers.IntegerField(source="category_id", read_only=True)
    custom_fields = serializers.SerializerMethodField(
        help_text=_(
            "Custom field values by key: a string, a number, a date "
            "(YYYY-MM-DD), a list (multiple choice), true or false, or null."
        )
    )

    class Meta:
        model = Ticket
        fields: tuple[str, ...] = (
            "id",
            "reference",
            "subject",
            "status",
            "priority",
            "queue",
            "assignee",
            "customer",
            "created_at",
            "updated_at",
            "due_at",
            "first_response_due_at",
            "resolution_due_at",
            "last_customer_message_at",
            "incident",
            "tags",
            "merged_into",
            "category",
            "custom_fields",
        )

    @extend_schema_field(
        {"type": "object", "additionalProperties": {}, "example": {"order": "A-1042"}}
    )
    def get_custom_fields(self, ticket: Ticket) -> dict[str, Any]:
        values: dict[int, list[str]] = {}
        for row in ticket.field_values.all():
            values.setdefault(row.field_id, []).append(row.value)
        return {
            spec.key: value_json(spec, values.get(spec.pk, []))
            for spec in defined().fields
            if spec.pk in values
        }

    def get_tags(self, ticket: Ticket) -> list[str]:
        return sorted(tag.name for tag in ticket.tags.all())

    def get_assignee(self, ticket: Ticket) -> str | None:
        user = ticket.assignee
        return display_name(user) if user else None


class AttachmentOutSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    filename = serializers.CharField()
    size = serializers.IntegerField()


class MessageOutSerializer(serializers.ModelSerializer[Any]):
    author = serializers.CharField(source="author_name", read_only=True)
    attachments = AttachmentOutSerializer(many=True, read_only=True)

    class Meta:
        model = Message
        fields = (
            "id",
            "kind",
            "source",
            "author",
            "body",
            "body_html",
            "created_at",
            "attachments",
        )


class RatingOutSerializer(serializers.ModelSerializer[Any]):
    class Meta:
        model = Rating
        fields = ("score", "comment", "rated_at")


class TicketDetailOutSerializer(TicketOutSerializer):
    messages = serializers.SerializerMethodField()
    satisfaction = serializers.SerializerMethodField()
    time_spent_minutes = serializers.SerializerMethodField(
        help_text=_("The minutes agents gave with their replies and notes.")
    )

    class Meta(TicketOutSerializer.Meta):
        fields = (
            *TicketOutSerializer.Meta.fields,
            "satisfaction",
            "messages",
            "time_spent_minutes",
        )

    def get_time_spent_minutes(self, ticket: Ticket) -> int:
        return sum(ticket.time_entries.values_list("minutes", flat=True))

    @extend_schema_field(RatingOutSerializer(allow_null=True))
    def get_satisfaction(self, ticket: Ticket) -> dict[str, Any] | None:
        """The customer's rating from the follow-up, or null."""
        rating = getattr(ticket, "rating", None)
        return dict(RatingOutSerializer(rating).data) if rating else None

    def get_messages(self, ticket: Ticket) -> list[Any]:
        messages = ticket.messages.select_related("author_user", "ticket__customer")
        if not self.context.get("for_agent"):
            messages = messages.exclude(kind=Message.Kind.NOTE)
        return list(MessageOutSerializer(messages, many=True).data)


class CustomerTicketOutSerializer(TicketDetailOutSerializer):
    status_explained = serializers.CharField(read_only=True)

    class Meta(TicketDetailOutSerializer.Meta):
        fields = (
            "reference",
            "subject",
            "status",
            "status_explained",
            "created_at",
            "first_response_due_at",
            "messages",
        )


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {},
        "description": "Custom field values by key.",
        "example": {"order": "A-1042", "plan": "Pro"},
    }
)
class CustomValuesField(serializers.DictField):
    """Custom field values by key; each is checked by the service, which
    names the field that is wrong."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=serializers.JSONField(), **kwargs)


class TicketCreateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(max_length=254)
    subject = serializers.CharField(max_length=200)
    message = serializers.CharField(max_length=20_000)
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES,
        required=False,
        help_text=_(
            "The customer's language for every email; without it, the "
            "request's Accept-Language."
        ),
    )

    category = id_field(
        required=False,
        help_text=_("What it is about: a category's id (its queue and priority)."),
    )
    custom_fields = CustomValuesField(required=False)

    def validate_subject(self, value: str) -> str:
        return " ".join(value.split())


class TicketCreatedSerializer(serializers.Serializer[Any]):
    reference = serializers.CharField()
    access_key = serializers.CharField(
        help_text=_("The customer's secret for this ticket.")
    )
    url = serializers.URLField(help_text=_("The customer's ticket page."))


class AgentMessageSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=AGENT_MESSAGE_KINDS)
    body = serializers.CharField(
        max_length=50_000,
        required=False,
        allow_blank=True,
        help_text=_("The text; with body_html, what shows if the HTML is empty."),
    )
    body_html = serializers.CharField(
        max_length=200_000,
        required=False,
        allow_blank=True,
        help_text=_(
            "Formatted text as HTML, cleaned: bold, italic, lists, links, quotes, "
            'headings, and pictures of the files sent with it (<img src="cid:'
            'file name">). The plain text kept and emailed beside it is made '
            "from it."
        ),
    )
    new_status = serializers.ChoiceField(choices=Status.choices, required=False)
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text=_(
            "Files, sent as multipart/form-data: a reply's go to the customer, "
            "a note's stay with the team. The customers' limits apply."
        ),
    )

    time_spent = serializers.IntegerField(
        min_value=1,
        max_value=24 * 60,
        required=False,
        help_text=_("Minutes spent on the ticket, for the reports."),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs.setdefault("body", "")
        if not attrs["body"].strip() and not formatted(attrs.get("body_html", "")).text:
            raise serializers.ValidationError(
                {"body": [_("Write the reply or note first.")]}
            )
        return attrs

    def validate_attachments(self, files: list[Any]) -> list[Any]:
        policy = AttachmentPolicy.current()
        problems = [policy.too_many(len(files))] + [
            policy.problem(f.name or "", f.size or 0) for f in files
        ]
        if any(problems):
            raise serializers.ValidationError([p for p in problems if p])
        return files


class CustomerMessageSerializer(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=20_000)


class StatusChangeSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=Status.choices)
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class AssignSerializer(serializers.Serializer[Any]):
    assignee = id_field(
        allow_null=True, help_text=_("An agent's user id; null to unassign.")
    )


class PrioritySerializer(serializers.Serializer[Any]):
    priority = serializers.ChoiceField(choices=Priority.choices)


class IncidentUpdateOutSerializer(serializers.ModelSerializer[Any]):
    public = serializers.BooleanField(source="is_public")

    class Meta:
        model = IncidentUpdate
        fields = (
            "id",
            "body",
            "status",
            "public",
            "resolves_tickets",
            "created_at",
            "fanned_out_at",
            "fanned_out_to",
        )


class IncidentOutSerializer(serializers.ModelSerializer[Any]):
    public = serializers.BooleanField(source="is_public")
    ticket_count = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = Incident
        fields: tuple[str, ...] = (
            "id",
            "title",
            "summary",
            "status",
            "public",
            "started_at",
            "ended_at",
            "ticket_count",
        )


class IncidentDetailOutSerializer(IncidentOutSerializer):
    updates = IncidentUpdateOutSerializer(many=True, read_only=True)

    class Meta(IncidentOutSerializer.Meta):
        fields = (*IncidentOutSerializer.Meta.fields, "updates")


class IncidentCreateSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(allow_blank=True, default="")
    public = serializers.BooleanField(default=True)
    tickets = serializers.ListField(child=id_field(), default=list, max_length=10_000)


class IncidentLinkSerializer(serializers.Serializer[Any]):
    ticket = id_field()


class IncidentUpdateCreateSerializer(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=20_000)
    status = serializers.ChoiceField(choices=Incident.Status.choices)
    public = serializers.BooleanField(default=True)
    resolve_tickets = serializers.BooleanField(
        default=False, help_text=_("With status resolved: resolve the linked tickets.")
    )

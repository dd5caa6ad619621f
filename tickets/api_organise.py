"""The API for organising tickets: their tags, and merges."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .api import IsAgent
from .api_serializers import CustomValuesField, TicketOutSerializer, id_field
from .models import Ticket
from .permissions import signed_in_agent
from .selectors.fields import defined
from .selectors.ticket_page import ticket_for_agent
from .services.errors import InvalidChange
from .services.fields import (
    FieldErrors,
    bad_category,
    category_of,
    ticket_category_set,
    ticket_fields_set,
)
from .services.merging import OtherCustomers, tickets_merge
from .services.tagging import tag_names_read, ticket_tags_change, ticket_tags_set


def _names(value: list[str], field: str) -> list[str]:
    try:
        return tag_names_read(value)
    except InvalidChange as error:
        raise ValidationError({field: [str(error)]}) from error


class TagsChangeSerializer(serializers.Serializer[Any]):
    add = serializers.ListField(
        child=serializers.CharField(max_length=500, trim_whitespace=False),
        required=False,
        max_length=100,
        help_text=_("Tags to add; new ones are made."),
    )
    remove = serializers.ListField(
        child=serializers.CharField(max_length=500, trim_whitespace=False),
        required=False,
        max_length=100,
    )

    def validate_add(self, value: list[str]) -> list[str]:
        return _names(value, "add")

    def validate_remove(self, value: list[str]) -> list[str]:
        return _names(value, "remove")


class TagsSetSerializer(serializers.Serializer[Any]):
    tags = serializers.ListField(
        child=serializers.CharField(max_length=500, trim_whitespace=False),
        max_length=100,
        help_text=_("The ticket's tags, all of them: those missing are removed."),
    )

    def validate_tags(self, value: list[str]) -> list[str]:
        return _names(value, "tags")


class TicketTagsView(APIView):
    """POST adds and removes tags; PUT sets them all."""

    permission_classes = (IsAgent,)

    @extend_schema(request=TagsChangeSerializer, responses=TicketOutSerializer)
    def post(self, request: Request, pk: int) -> Response:
        ticket = ticket_for_agent(pk=pk)
        shape = TagsChangeSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        ticket_tags_change(
            ticket=ticket,
            actor=signed_in_agent(request),
            add=shape.validated_data.get("add", []),
            remove=shape.validated_data.get("remove", []),
        )
        return Response(TicketOutSerializer(ticket_for_agent(pk=pk)).data)

    @extend_schema(request=TagsSetSerializer, responses=TicketOutSerializer)
    def put(self, request: Request, pk: int) -> Response:
        ticket = ticket_for_agent(pk=pk)
        shape = TagsSetSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        ticket_tags_set(
            ticket=ticket,
            actor=signed_in_agent(request),
            names=shape.validated_data["tags"],
        )
        return Response(TicketOutSerializer(ticket_for_agent(pk=pk)).data)


class MergeSerializer(serializers.Serializer[Any]):
    tickets = serializers.ListField(
        child=id_field(),
        min_length=1,
        max_length=50,
        help_text=_("The tickets to merge into this one (by id)."),
    )
    field_choices = serializers.DictField(
        child=id_field(),
        required=False,
        help_text=_(
            "Where the tickets' values of a custom field differ: which ticket's "
            "stay, by field key (default: this ticket's)."
        ),
    )
    other_customers_confirmed = serializers.BooleanField(
        default=False,
        help_text=_(
            "Needed when a ticket is another customer's: they are copied on "
            "this one and read its conversation."
        ),
    )


def _choices(by_key: dict[str, int]) -> dict[int, int]:
    specs = defined().by_key()
    unknown = [key for key in by_key if key not in specs]
    if unknown:
        raise ValidationError(
            {"field_choices": [_("There is no field %(key)s.") % {"key": unknown[0]}]}
        )
    return {specs[key].pk: ticket for key, ticket in by_key.items()}


class TicketMergeView(APIView):
    """Merge other tickets into this one; it answers with this ticket."""

    permission_classes = (IsAgent,)

    @extend_schema(request=MergeSerializer, responses=TicketOutSerializer)
    def post(self, request: Request, pk: int) -> Response:
        survivor = ticket_for_agent(pk=pk)
        shape = MergeSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        ids = shape.validated_data["tickets"]
        merged = list(Ticket.objects.filter(pk__in=ids))
        missing = sorted(set(ids) - {t.pk for t in merged})
        if missing:
            raise ValidationError(
                {"tickets": [_("No ticket with the id %(id)s.") % {"id": missing[0]}]}
            )
        try:
            tickets_merge(
                survivor=survivor,
                merged=merged,
                actor=signed_in_agent(request),
                other_customers_confirmed=shape.validated_data[
                    "other_customers_confirmed"
                ],
                field_choices=_choices(shape.validated_data.get("field_choices", {})),
            )
        except OtherCustomers as error:
            raise ValidationError(
                {"other_customers_confirmed": [str(error)]}
            ) from error
        except InvalidChange as error:
            raise ValidationError({"tickets": [str(error)]}) from error
        return Response(TicketOutSerializer(ticket_for_agent(pk=pk)).data)


class FieldsChangeSerializer(serializers.Serializer[Any]):
    custom_fields = CustomValuesField(
        required=False, help_text=_("The values to change, by field key.")
    )
    category = id_field(
        required=False, allow_null=True, help_text=_("A category's id; null: none.")
    )


class TicketFieldsView(APIView):
    """Change a ticket's custom field values and category."""

    permission_classes = (IsAgent,)

    @extend_schema(request=FieldsChangeSerializer, responses=TicketOutSerializer)
    def post(self, request: Request, pk: int) -> Response:
        ticket = ticket_for_agent(pk=pk)
        shape = FieldsChangeSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        agent = signed_in_agent(request)
        with transaction.atomic():
            if "category" in data:
                category = category_of(data["category"])
                if data["category"] and category is None:
                    raise ValidationError({"category": [str(bad_category())]})
                ticket_category_set(ticket=ticket, category=category, actor=agent)
            try:
                ticket_fields_set(
                    ticket=ticket, raw=data.get("custom_fields", {}), actor=agent
                )
            except FieldErrors as refused:
                raise ValidationError({"custom_fields": refused.errors}) from refused
        return Response(TicketOutSerializer(ticket_for_agent(pk=pk)).data)

"""Agents open tickets for customers through the API (a phone system, a
chat tool): the same door as the workspace's form."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .api import IsAgent, open_with_fields
from .api_serializers import TicketCreateSerializer, TicketOutSerializer
from .models import Message, Priority, Queue
from .permissions import signed_in_agent


class OpenForCustomerSerializer(TicketCreateSerializer):
    channel = serializers.ChoiceField(
        choices=[
            Message.Source.PHONE,
            Message.Source.CHAT,
            Message.Source.AGENT,
        ],
        default=Message.Source.PHONE,
        help_text=_("How the customer reached us."),
    )
    queue = serializers.PrimaryKeyRelatedField(
        queryset=Queue.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The queue's id (default: the default queue)."),
    )
    priority = serializers.ChoiceField(
        choices=Priority.choices, default=Priority.NORMAL
    )
    acknowledge = serializers.BooleanField(
        default=True,
        help_text=_("Email the customer the acknowledgement with the reference."),
    )


class TicketsForCustomersView(APIView):
    permission_classes = (IsAgent,)

    @extend_schema(
        request=OpenForCustomerSerializer, responses={201: TicketOutSerializer}
    )
    def post(self, request: Request) -> Response:
        shape = OpenForCustomerSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(shape.validated_data)
        data.setdefault("language", "")
        ticket = open_with_fields(
            source=data.pop("channel"),
            opened_by=signed_in_agent(request),
            **data,
        )
        return Response(
            TicketOutSerializer(ticket).data, status=status.HTTP_201_CREATED
        )

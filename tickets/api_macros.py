"""The API for macros: the ones an agent may use (shared, and their own),
and a macro applied to a ticket as the composer does (its reply, or the
text given, sent with the status it sets; what could not be done said)."""

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .api import IsAgent
from .api_serializers import TicketOutSerializer
from .models import Message, Status
from .models.macros import Macro
from .permissions import signed_in_agent
from .selectors.ticket_page import ticket_for_agent
from .services.canned import placeholders_filled
from .services.macros import macro_apply, macros_for


class MacroActionOutSerializer(serializers.Serializer[Any]):
    action = serializers.CharField()
    value = serializers.CharField()


class MacroOutSerializer(serializers.ModelSerializer[Macro]):
    shared = serializers.SerializerMethodField()
    actions = MacroActionOutSerializer(many=True)

    class Meta:
        model = Macro
        fields = ("id", "name", "shared", "reply", "actions")

    def get_shared(self, macro: Macro) -> bool:
        return macro.owner_id is None


class MacroApplySerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(
        choices=[Message.Kind.REPLY, Message.Kind.NOTE], default=Message.Kind.REPLY
    )
    body = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=50_000,
        trim_whitespace=False,
        help_text=_(
            "The text to send instead of the macro's reply (placeholders are "
            "filled); empty: no message."
        ),
    )
    new_status = serializers.ChoiceField(
        choices=Status.choices,
        required=False,
        help_text=_("Over the status the macro sets."),
    )


class MacrosView(APIView):
    """The macros the signed-in agent may use."""

    permission_classes = (IsAgent,)

    @extend_schema(responses=MacroOutSerializer(many=True))
    def get(self, request: Request) -> Response:
        macros = macros_for(signed_in_agent(request)).prefetch_related("actions")
        return Response(MacroOutSerializer(macros, many=True).data)


class TicketMacroView(APIView):
    """Apply a macro to the ticket, as the signed-in agent."""

    permission_classes = (IsAgent,)

    @extend_schema(
        request=MacroApplySerializer,
        responses=inline_serializer(
            "MacroApplied",
            {
                "ticket": TicketOutSerializer(),
                "did": serializers.ListField(child=serializers.CharField()),
                "skipped": serializers.ListField(
                    child=inline_serializer(
                        "MacroSkipped",
                        {
                            "action": serializers.CharField(),
                            "reason": serializers.CharField(),
                        },
                    )
                ),
            },
        ),
    )
    def post(self, request: Request, pk: int, macro_id: int) -> Response:
        agent = signed_in_agent(request)
        ticket = ticket_for_agent(pk=pk)
        macro = get_object_or_404(macros_for(agent), pk=macro_id)
        shape = MacroApplySerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        body = data.get("body")
        outcome = macro_apply(
            ticket=ticket,
            macro=macro,
            agent=agent,
            kind=data["kind"],
            body=None
            if body is None
            else placeholders_filled(body, ticket=ticket, agent=agent),
            new_status=data.get("new_status", ""),
        )
        return Response(
            {
                "ticket": TicketOutSerializer(ticket_for_agent(pk=pk)).data,
                "did": outcome.did,
                "skipped": [{"action": a, "reason": why} for a, why in outcome.skipped],
            }
        )

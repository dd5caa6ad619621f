"""A ticket's history for agents: every event, oldest first, with its typed
facts (tickets.models.payloads) and the line the agent's timeline shows for
it, in the language the request asks for (Accept-Language)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import sla
from .api import IsAgent
from .models import TicketEvent, display_name
from .models.history import facts_json, payload_of
from .selectors.ticket_page import ticket_for_agent
from .wording import describe_text

HISTORY_LIMIT = 1000  # the newest; a ticket's history seldom comes near


class EventOutSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=TicketEvent.Kind.choices)
    at = serializers.DateTimeField()
    actor = serializers.CharField(allow_null=True, help_text=_("The agent, if any."))
    by_customer = serializers.BooleanField()
    text = serializers.CharField(help_text=_("The timeline's line, in plain text."))
    facts = serializers.DictField(help_text=_("What the event keeps, by kind."))


class TicketHistoryView(APIView):
    permission_classes = (IsAgent,)

    @extend_schema(responses=EventOutSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        ticket = ticket_for_agent(pk=pk)
        zone = sla.time_zone(ticket)
        newest = ticket.events.select_related(
            "actor", "message", "promise", "incident_update"
        ).order_by("-created_at", "-pk")[:HISTORY_LIMIT]
        rows = []
        for event in reversed(list(newest)):
            event.ticket = ticket
            rows.append(
                {
                    "id": event.pk,
                    "kind": event.kind,
                    "at": event.created_at,
                    "actor": display_name(event.actor) if event.actor else None,
                    "by_customer": event.by_customer,
                    "text": describe_text(event, zone),
                    "facts": facts_json(payload_of(event)),
                }
            )
        return Response(EventOutSerializer(rows, many=True).data)

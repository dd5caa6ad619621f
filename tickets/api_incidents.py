"""The REST API for incidents (agents only): the same services as the
workspace's pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .api import IsAgent, NoCountPagination
from .api_serializers import (
    IncidentCreateSerializer,
    IncidentDetailOutSerializer,
    IncidentLinkSerializer,
    IncidentOutSerializer,
    IncidentUpdateCreateSerializer,
    IncidentUpdateOutSerializer,
    TicketOutSerializer,
)
from .models import Incident
from .permissions import signed_in_agent
from .selectors import incidents as incident_selectors
from .selectors.queue import tickets_by_ids
from .selectors.ticket_page import ticket_for_agent
from .services.changes import change_read, ticket_change
from .services.incidents import incident_create, incident_update_post


def _incident(pk: int) -> Incident:
    incident = incident_selectors.incident_for_agent(pk=pk)
    incident.ticket_count = incident.tickets.count()  # type: ignore[attr-defined]
    return incident


class IncidentsView(APIView):
    permission_classes = (IsAgent,)
    pagination_class = NoCountPagination

    @extend_schema(responses=IncidentOutSerializer(many=True))
    def get(self, request: Request) -> Response:
        """Open incidents first, then the latest."""
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            incident_selectors.incidents_for_agents(), request, self
        )
        return paginator.get_paginated_response(
            IncidentOutSerializer(page, many=True).data
        )

    @extend_schema(
        request=IncidentCreateSerializer, responses={201: IncidentDetailOutSerializer}
    )
    def post(self, request: Request) -> Response:
        """Declare an incident, optionally with the tickets it caused; linking
        is quiet: customers hear of it with the first public update."""
        shape = IncidentCreateSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        incident = incident_create(
            title=data["title"],
            summary=data["summary"],
            is_public=data["public"],
            actor=signed_in_agent(request),
            tickets=tickets_by_ids(data["tickets"]),
        )
        return Response(
            IncidentDetailOutSerializer(_incident(incident.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class IncidentView(APIView):
    permission_classes = (IsAgent,)

    @extend_schema(responses=IncidentDetailOutSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(IncidentDetailOutSerializer(_incident(pk)).data)


class IncidentTicketsView(APIView):
    permission_classes = (IsAgent,)

    @extend_schema(request=IncidentLinkSerializer, responses=TicketOutSerializer)
    def post(self, request: Request, pk: int) -> Response:
        """Link one ticket (through the same door as the ticket page)."""
        incident = incident_selectors.incident_for_agent(pk=pk)
        shape = IncidentLinkSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        ticket = ticket_for_agent(pk=shape.validated_data["ticket"])
        ticket_change(
            ticket=ticket,
            change=change_read(what="incident", value=incident.pk),
            actor=signed_in_agent(request),
        )
        return Response(TicketOutSerializer(ticket).data)


class IncidentUpdatesView(APIView):
    permission_classes = (IsAgent,)

    @extend_schema(
        request=IncidentUpdateCreateSerializer,
        responses={201: IncidentUpdateOutSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Post an update. A public one is emailed to the customer of every
        linked ticket that is not closed, in the background: the answer comes
        at once, and ``fanned_out_at`` is set once all are queued."""
        incident = incident_selectors.incident_for_agent(pk=pk)
        shape = IncidentUpdateCreateSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        update = incident_update_post(
            incident=incident,
            body=data["body"],
            status=data["status"],
            is_public=data["public"],
            resolve_tickets=data["resolve_tickets"],
            actor=signed_in_agent(request),
        )
        return Response(
            IncidentUpdateOutSerializer(update).data, status=status.HTTP_201_CREATED
        )

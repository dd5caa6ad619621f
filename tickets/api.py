"""The REST API for tickets: thin views over the services and selectors.

Agents (staff or the Agents group) authenticate with a session or a token.
Customers need no account: creating a ticket returns its secret key, and the
key is what reads and answers that one ticket, as with the ticket page.
"""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.throttling import AnonRateThrottle, BaseThrottle
from rest_framework.views import APIView

from helpdesk.core.parsing import MAX_ID, as_count, as_id

from .api_auth import signed_in_with_session
from .api_serializers import (
    AgentMessageSerializer,
    AssignSerializer,
    CustomerMessageSerializer,
    CustomerTicketOutSerializer,
    MessageOutSerializer,
    PrioritySerializer,
    StatusChangeSerializer,
    TicketCreatedSerializer,
    TicketCreateSerializer,
    TicketDetailOutSerializer,
    TicketOutSerializer,
)
from .models import Message, Priority, Status, Ticket
from .permissions import is_agent, needs_second_factor, signed_in_agent
from .ratelimit import (
    REPLIES_PAUSED,
    client_ip,
    customer_reply_allowed,
    new_ticket_allowed,
)
from .selectors.customer import ticket_for_customer
from .selectors.queue import (
    DEFAULT_VIEW,
    QUEUE_VIEWS,
    SEARCH_VIEW,
    QueueFilters,
    queue_tickets,
    search_terms,
)
from .selectors.ticket_page import ticket_for_agent
from .services import changes
from .services.changes import ticket_change
from .services.fields import FieldErrors, bad_category, category_of
from .services.lifecycle import customer_message_post, ticket_open
from .services.replying import agent_message_post


class IsAgent(BasePermission):
    """Agents, by token or by a session that passed every step of sign-in
    it must: where staff must use two-step sign-in, a session signed in with
    the password alone gets nothing from the API either."""

    message = _("Agents only: sign in, or send an agent's token.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if not is_agent(request.user):
            return False
        if signed_in_with_session(request) and needs_second_factor(request.user):
            self.message = _(
                "Two-step sign-in is required: finish it in the workspace, or "
                "send a token made after it."
            )
            return False
        return True


class NoCountPagination(BasePagination):
    """limit/offset without COUNT(*): a queue can hold millions of tickets."""

    default_limit, max_limit = 25, 100

    def paginate_queryset(
        self, queryset: Any, request: Request, view: Any = None
    ) -> list[Any]:
        self.request = request
        params = request.query_params
        self.limit = max(
            as_count(
                params.get("limit"), default=self.default_limit, most=self.max_limit
            ),
            1,
        )
        self.offset = as_count(params.get("offset"), default=0, most=MAX_ID)
        rows = list(queryset[self.offset : self.offset + self.limit + 1])
        self.has_next = len(rows) > self.limit
        return rows[: self.limit]

    def get_paginated_response(self, data: Any) -> Response:
        following = None
        if self.has_next:
            params = self.request.query_params.copy()
            params["limit"], params["offset"] = (
                str(self.limit),
                str(self.offset + self.limit),
            )
            following = self.request.build_absolute_uri(
                f"{self.request.path}?{params.urlencode()}"
            )
        return Response({"next": following, "results": data})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {
                "next": {"type": "string", "nullable": True},
                "results": schema,
            },
        }


QUEUE_PARAMETERS = [
    OpenApiParameter(
        "view",
        str,
        enum=list(QUEUE_VIEWS),
        description=_("Default: open, or all when searching."),
    ),
    OpenApiParameter("status", str, enum=Status.values),
    OpenApiParameter("priority", str, enum=Priority.values),
    OpenApiParameter("queue", int),
    OpenApiParameter("assignee", int, description=_("0: unassigned.")),
    OpenApiParameter("tag", str, description=_("A tag's name, whatever its case.")),
    OpenApiParameter("field", str, description=_("A custom field's key...")),
    OpenApiParameter("value", str, description=_("...and the value it must have.")),
    OpenApiParameter(
        "q",
        str,
        description=_(
            "Words, a customer's email, an organisation's name or a reference "
            "(HD-1042); over every ticket unless a view is named."
        ),
    ),
    OpenApiParameter("limit", int),
    OpenApiParameter("offset", int),
]


def open_with_fields(**data: Any) -> Ticket:
    """``ticket_open`` with the category and custom fields as the API sent
    them: a mistake is a 400 naming the field."""
    chosen = data.pop("category", None)
    category = category_of(chosen)
    if chosen and category is None:
        raise ValidationError({"category": [str(bad_category())]})
    values = data.pop("custom_fields", {})
    try:
        return ticket_open(category=category, fields=values, **data)
    except FieldErrors as refused:
        raise ValidationError({"custom_fields": refused.errors}) from refused


class TicketCreateThrottle(AnonRateThrottle):
    rate = "120/minute"

    def get_ident(self, request: Request) -> str:
        return client_ip(request)


class TicketsView(APIView):
    """GET: the agents' queue. POST: a customer opens a ticket."""

    pagination_class = NoCountPagination

    def get_permissions(self) -> list[BasePermission]:
        return [IsAgent()] if self.request.method == "GET" else []

    def get_throttles(self) -> list[BaseThrottle]:
        return [TicketCreateThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        parameters=QUEUE_PARAMETERS, responses=TicketOutSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        terms = search_terms(params.get("q", "")[:200].strip())
        q = terms.words
        # As in the workspace: a search looks through every ticket unless a
        # view is named.
        view = params.get("view") or (SEARCH_VIEW if q else DEFAULT_VIEW)
        if view not in QUEUE_VIEWS:
            view = DEFAULT_VIEW
        filters = QueueFilters(
            queue=as_id(params.get("queue")),
            status=params.get("status")
            if params.get("status") in Status.values
            else None,
            priority=params.get("priority")
            if params.get("priority") in Priority.values
            else None,
            assignee=as_id(params.get("assignee")),
            q=q,
            tag=terms.tag or params.get("tag", "")[:50].strip(),
            field=terms.field or params.get("field", "")[:50],
            value=terms.value or params.get("value", "")[:500].strip(),
        )
        found = queue_tickets(
            user=signed_in_agent(request), view=view, filters=filters
        ).prefetch_related("tags", "field_values")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(found, request, self)
        return paginator.get_paginated_response(
            TicketOutSerializer(page, many=True).data
        )

    @extend_schema(
        request=TicketCreateSerializer, responses={201: TicketCreatedSerializer}
    )
    def post(self, request: Request) -> Response:
        shape = TicketCreateSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        if not new_ticket_allowed(ip=client_ip(request), email=data["email"]):
            return Response(
                {
                    "detail": _(
                        "Too many new tickets from this address; try again later, "
                        "or write to %(email)s."
                    )
                    % {"email": settings.HELPDESK_SUPPORT_EMAIL}
                },
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        data.setdefault("language", request.LANGUAGE_CODE)
        ticket = open_with_fields(source=Message.Source.API, **data)
        body = {
            "reference": ticket.reference,
            "access_key": ticket.access_key,
            "url": ticket.public_url,
        }
        return Response(body, status=status.HTTP_201_CREATED)


class TicketView(APIView):
    permission_classes = (IsAgent,)

    @extend_schema(responses=TicketDetailOutSerializer)
    def get(self, request: Request, pk: int) -> Response:
        ticket = ticket_for_agent(pk=pk)
        return Response(
            TicketDetailOutSerializer(ticket, context={"for_agent": True}).data
        )


class TicketMessagesView(APIView):
    permission_classes = (IsAgent,)

    @extend_schema(
        request=AgentMessageSerializer, responses={201: MessageOutSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        ticket = ticket_for_agent(pk=pk)
        shape = AgentMessageSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        message = agent_message_post(
            ticket=ticket, author=signed_in_agent(request), **shape.validated_data
        )
        return Response(
            MessageOutSerializer(message).data, status=status.HTTP_201_CREATED
        )


class TicketChangeView(APIView):
    """Validate one small input, apply it through the shared change door,
    answer with the ticket."""

    permission_classes = (IsAgent,)
    shape: type[Serializer[Any]]
    what: str  # the changed field: the input's name, as change_read reads it

    def apply(self, request: Request, pk: int) -> Response:
        ticket = ticket_for_agent(pk=pk)
        shape = self.shape(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        ticket_change(
            ticket=ticket,
            change=changes.change_read(what=self.what, value=data[self.what]),
            actor=signed_in_agent(request),
            reason=data.get("reason", ""),
        )
        return Response(TicketOutSerializer(ticket_for_agent(pk=pk)).data)


class TicketStatusView(TicketChangeView):
    shape, what = StatusChangeSerializer, "status"

    @extend_schema(request=StatusChangeSerializer, responses=TicketOutSerializer)
    def post(self, request: Request, pk: int) -> Response:
        return self.apply(request, pk)


class TicketAssignView(TicketChangeView):
    shape, what = AssignSerializer, "assignee"

    @extend_schema(request=AssignSerializer, responses=TicketOutSerializer)
    def post(self, request: Request, pk: int) -> Response:
        return self.apply(request, pk)


class TicketPriorityView(TicketChangeView):
    shape, what = PrioritySerializer, "priority"

    @extend_schema(request=PrioritySerializer, responses=TicketOutSerializer)
    def post(self, request: Request, pk: int) -> Response:
        return self.apply(request, pk)


class CustomerTicketView(APIView):
    """A customer's own ticket, by its secret key (as their ticket page)."""

    @extend_schema(responses=CustomerTicketOutSerializer)
    def get(self, request: Request, key: str) -> Response:
        ticket = ticket_for_customer(key=key)
        return Response(CustomerTicketOutSerializer(ticket).data)


class CustomerMessagesView(APIView):
    @extend_schema(
        request=CustomerMessageSerializer, responses={201: MessageOutSerializer}
    )
    def post(self, request: Request, key: str) -> Response:
        ticket = ticket_for_customer(key=key)
        shape = CustomerMessageSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        if not customer_reply_allowed(ticket_id=ticket.pk):
            return Response({"detail": REPLIES_PAUSED}, status=429)
        message = customer_message_post(
            ticket=ticket, body=shape.validated_data["body"], source=Message.Source.API
        )
        return Response(
            MessageOutSerializer(message).data, status=status.HTTP_201_CREATED
        )

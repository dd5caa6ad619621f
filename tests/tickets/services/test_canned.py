"""tickets.services.canned: canned responses, preferences, API tokens."""

import pytest

from tests.factories import AgentFactory
from tickets.models import AgentProfile, ApiToken, CannedResponse, token_digest
from tickets.services.canned import (
    agent_profile_get,
    api_token_renew,
    can_edit_canned,
    canned_response_delete,
    canned_response_save,
    canned_values,
)
from tickets.services.errors import TicketError

pytestmark = pytest.mark.django_db


def test_an_agent_keeps_their_own_and_only_staff_share(agent, staff_agent):
    own = canned_response_save(
        user=agent, canned=None, title=" Thanks ", body="Thank you!", shared=False
    )
    assert (own.title, own.owner) == ("Thanks", agent)
    with pytest.raises(TicketError, match="Only staff can share"):
        canned_response_save(
            user=agent, canned=None, title="All", body="x", shared=True
        )
    shared = canned_response_save(
        user=staff_agent, canned=own, title="Thanks", body="Thank you!", shared=True
    )
    assert shared.owner is None
    assert not can_edit_canned(user=AgentFactory(), canned=shared)


def test_nobody_deletes_someone_else_s_response(agent):
    own = canned_response_save(
        user=agent, canned=None, title="Mine", body="x", shared=False
    )
    with pytest.raises(TicketError, match="Only its owner"):
        canned_response_delete(user=AgentFactory(), canned=own)
    canned_response_delete(user=agent, canned=own)
    assert not CannedResponse.objects.exists()


def test_placeholders_speak_of_this_ticket_and_this_agent(open_ticket, agent):
    ticket = open_ticket()
    values = canned_values(ticket=ticket, agent=agent)
    assert values["customer_first_name"] == "Ada"
    assert values["agent_name"] == "Sam Agent"
    assert values["reference"] == ticket.reference


def test_a_new_token_revokes_the_old_one(agent):
    first = api_token_renew(user=agent, second_factor=False)
    second = api_token_renew(user=agent, second_factor=False)
    assert first != second
    assert list(ApiToken.objects.values_list("digest", flat=True)) == [
        token_digest(second)
    ]


def test_an_agent_without_preferences_gets_the_defaults(agent):
    profile = agent_profile_get(user=agent)
    assert profile.notify_new_ticket
    assert profile.notify_customer_reply
    assert AgentProfile.objects.count() == 1

"""The desk's policies in the admin: each shown with the value in force
when left empty, checked when saved, and in effect at once without a
restart (every other process within a second)."""

import pytest
from django.core import mail

from tests.factories import at
from tickets.models import Policies
from tickets.policies import desk_policy
from tickets.services import watchdogs
from tickets.services.assignment import ticket_assign

pytestmark = pytest.mark.django_db


def _form(**values):
    return {name: values.get(name, "") for name in (
        "silence_alert_hours", "silence_update_hours", "followup_delay_minutes",
        "followup_window_days", "similar_tickets", "similar_minutes",
        "similar_score", "reply_limit_per_ticket", "reply_limit_window_seconds",
    )}  # fmt: skip


def test_the_page_shows_the_values_in_force_when_left_empty(admin_client, settings):
    settings.HELPDESK_SILENCE_ALERT_HOURS = 24
    response = admin_client.get("/admin/tickets/policies/", follow=True)
    page = response.content.decode()
    assert "Empty: 24 (HELPDESK_SILENCE_ALERT_HOURS)." in page
    assert Policies.objects.count() == 1
    assert "Add policies" not in page


def test_a_silence_alert_sooner_is_in_force_at_once(
    admin_client,
    open_ticket,
    agent,
    clock,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.HELPDESK_SILENCE_ALERT_HOURS = 24
    ticket = open_ticket()  # Friday 16:00
    ticket_assign(ticket=ticket, assignee=agent, actor=agent)
    mail.outbox.clear()
    clock.move_to(at(2026, 3, 27, 21, 0))  # 5 hours without news
    with django_capture_on_commit_callbacks(execute=True):
        assert watchdogs.silence_watch() == 0
    admin_client.get("/admin/tickets/policies/")
    response = admin_client.post(
        "/admin/tickets/policies/1/change/", _form(silence_alert_hours="4")
    )
    assert response.status_code == 302
    assert desk_policy("silence_alert_hours") == 4
    with django_capture_on_commit_callbacks(execute=True):
        assert watchdogs.silence_watch() == 1
    assert "has had no news about" in mail.outbox[0].body


def test_a_value_out_of_range_is_said_next_to_it_and_the_rest_kept(admin_client):
    admin_client.get("/admin/tickets/policies/")
    response = admin_client.post(
        "/admin/tickets/policies/1/change/",
        _form(similar_score="150", silence_alert_hours="6"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ensure this value is less than or equal to 100." in page
    assert 'value="6"' in page
    assert Policies.objects.get().silence_alert_hours is None


def test_emptied_again_the_environment_value_is_back(admin_client, settings):
    settings.HELPDESK_REPLY_LIMIT_PER_TICKET = 20
    admin_client.get("/admin/tickets/policies/")
    admin_client.post(
        "/admin/tickets/policies/1/change/", _form(reply_limit_per_ticket="3")
    )
    assert desk_policy("reply_limit_per_ticket") == 3
    admin_client.post("/admin/tickets/policies/1/change/", _form())
    assert desk_policy("reply_limit_per_ticket") == 20

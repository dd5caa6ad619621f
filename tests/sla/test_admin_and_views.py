"""SLA configured in the admin pages changes what agents and customers see."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import at
from tickets.models import BusinessCalendar, SLAPolicy, Ticket
from tickets.services.lifecycle import reply_post
from tickets.templatetags.agent_tags import deadline

pytestmark = pytest.mark.django_db


def _policy_form(policy, **changes):
    """The admin change form of a policy, as a browser would post it."""
    data = {
        "name": policy.name,
        "order": policy.order,
        "is_active": "on",
        "calendar": policy.calendar_id or "",
        "warn_at_percent": policy.warn_at_percent,
        "escalation_group": "",
        "targets-TOTAL_FORMS": 0,
        "targets-INITIAL_FORMS": 0,
        "targets-MIN_NUM_FORMS": 0,
        "targets-MAX_NUM_FORMS": 4,
    }
    for n, target in enumerate(policy.targets.order_by("pk")):
        data |= {
            f"targets-{n}-id": target.pk,
            f"targets-{n}-policy": policy.pk,
            f"targets-{n}-priority": target.priority,
            # Business time as people write it (tickets.admin.targets).
            **{
                f"targets-{n}-{name}": f"{getattr(target, name)} min"
                for name in (
                    "first_response_minutes",
                    "next_response_minutes",
                    "resolution_minutes",
                )
            },
        }
        data["targets-TOTAL_FORMS"] = data["targets-INITIAL_FORMS"] = n + 1
    return data | changes


def test_a_policy_changed_in_admin_moves_the_deadline_in_the_queue_and_the_email(
    admin_client,
    agent_client,
    open_ticket,
    clock,
    submit,
    django_capture_on_commit_callbacks,
):
    existing = open_ticket()
    assert existing.due_at == at(2026, 3, 30, 16, 0)
    standard = SLAPolicy.objects.get(name="Standard")
    normal = standard.targets.get(priority="normal")
    n = list(standard.targets.order_by("pk")).index(normal)
    form = _policy_form(
        standard, calendar="", **{f"targets-{n}-first_response_minutes": "30 min"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/tickets/slapolicy/{standard.pk}/change/", form
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    existing.refresh_from_db()
    assert existing.due_at == at(2026, 3, 27, 16, 30)  # recomputed: 30 minutes, 24/7
    queue_page = agent_client.get("/agent/").content.decode()
    assert deadline(existing.due_at) in queue_page
    assert "in 30\xa0minutes" in queue_page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submit()
    assert "will reply by Friday 27 March 2026, 16:30 GMT" in mail.outbox[0].body


def test_admin_shows_thirty_day_compliance_per_policy(
    admin_client, open_ticket, agent, clock
):
    on_time = open_ticket()
    reply_post(ticket=on_time, author=agent, body="Hi")
    open_ticket(subject="late")
    clock.move_to(at(2026, 3, 31, 9, 0))  # the second one's deadline passed unanswered
    page = admin_client.get("/admin/tickets/slapolicy/").content.decode()
    assert "50% (1/2)" in page


def test_public_holidays_load_from_the_holidays_package(admin_client, clock):
    calendar = BusinessCalendar.objects.create(
        name="Munich",
        time_zone="Europe/Berlin",
        holiday_country="DE",
        holiday_subdivision="BY",
    )
    response = admin_client.post(
        "/admin/tickets/businesscalendar/",
        {"action": "load_holidays", "_selected_action": [calendar.pk]},
        follow=True,
    )
    assert "Munich:" in response.content.decode()
    days = set(calendar.holidays.values_list("date", flat=True))
    # Good Friday everywhere in Germany; Epiphany in Bavaria only.
    assert {date(2026, 4, 3), date(2026, 1, 6), date(2027, 1, 6)} <= days


def test_a_bad_time_zone_is_refused_in_admin(admin_client):
    response = admin_client.post(
        "/admin/tickets/businesscalendar/add/",
        {
            "name": "Mars",
            "time_zone": "Mars/Olympus",
            "working_hours-TOTAL_FORMS": 0,
            "working_hours-INITIAL_FORMS": 0,
            "holidays-TOTAL_FORMS": 0,
            "holidays-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "&#x27;Mars/Olympus&#x27; is not a time zone" in response.content.decode()


def test_breaching_soon_and_breached_views(agent_client, open_ticket, clock):
    fine = open_ticket(subject="fine")
    soon = open_ticket(subject="soon")
    late = open_ticket(subject="late")
    now = timezone.now()
    Ticket.objects.filter(pk=fine.pk).update(
        due_at=now + timedelta(hours=5), due_warn_at=now + timedelta(hours=3)
    )
    Ticket.objects.filter(pk=soon.pk).update(
        due_at=now + timedelta(minutes=30), due_warn_at=now - timedelta(minutes=30)
    )
    Ticket.objects.filter(pk=late.pk).update(
        due_at=now - timedelta(minutes=5), due_warn_at=now - timedelta(hours=1)
    )
    soon_page = agent_client.get("/agent/?view=soon")
    assert [t.subject for t in soon_page.context["tickets"]] == ["soon"]
    assert 'due due-soon"' in soon_page.content.decode()
    late_page = agent_client.get("/agent/?view=breached")
    assert [t.subject for t in late_page.context["tickets"]] == ["late"]
    assert "overdue by 5" in late_page.content.decode()

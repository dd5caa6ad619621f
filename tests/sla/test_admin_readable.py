"""Issue 26, item 10: Django admin reads like the product. Targets in hours
and business days, priorities in their real order, which policy applies to
a ticket, 24-hour times, a readable outbox, sections named for people, and
links both ways between the admin and the workspace."""

import pytest
from django.test import Client

from tests.sla.test_admin_and_views import _policy_form
from tickets.admin.targets import minutes_read, minutes_shown
from tickets.models import BusinessCalendar, SLAPolicy, SLATarget, WorkingHours

pytestmark = pytest.mark.django_db

OFFICE_DAY = 510  # 9:00-17:30


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("4 h", 240),
        ("4", 240),
        ("90 min", 90),
        ("1 day", OFFICE_DAY),
        ("2 days 4 h", 2 * OFFICE_DAY + 240),
        ("1,5 h", 90),
        ("1 Tag 2 Std", OFFICE_DAY + 120),
    ],
)
def test_targets_are_written_as_people_say_them(typed: str, minutes: int) -> None:
    assert minutes_read(typed, OFFICE_DAY) == minutes


@pytest.mark.parametrize("typed", ["", "soon", "4 weeks", "-2 h", "0"])
def test_a_time_that_is_not_one_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="not a time"):
        minutes_read(typed, OFFICE_DAY)


def test_targets_are_shown_in_business_days_and_hours() -> None:
    assert minutes_shown(OFFICE_DAY, OFFICE_DAY) == "1 business day"
    assert (
        minutes_shown(2 * OFFICE_DAY + 90, OFFICE_DAY) == "2 business days 1 h 30 min"
    )
    assert minutes_shown(240, 24 * 60) == "4 h"


def test_the_policy_page_shows_and_takes_targets_in_business_time(
    admin_client: Client,
) -> None:
    calendar = BusinessCalendar.objects.create(name="Office", time_zone="Europe/London")
    for weekday in range(5):
        WorkingHours.objects.create(
            calendar=calendar, weekday=weekday, start="09:00", end="17:30"
        )
    policy = SLAPolicy.objects.create(name="Office", order=5, calendar=calendar)
    for priority in ("low", "urgent", "normal", "high"):
        SLATarget.objects.create(
            policy=policy,
            priority=priority,
            first_response_minutes=OFFICE_DAY,
            next_response_minutes=240,
            resolution_minutes=3 * OFFICE_DAY,
        )
    page = admin_client.get(
        f"/admin/tickets/slapolicy/{policy.pk}/change/"
    ).content.decode()
    assert 'value="1 business day"' in page
    assert 'value="3 business days"' in page
    order = [
        page.index(f'value="{p}" selected') for p in ("urgent", "high", "normal", "low")
    ]
    assert order == sorted(order)  # urgent first
    form = _policy_form(policy)
    urgent = list(policy.targets.order_by("pk")).index(
        policy.targets.get(priority="urgent")
    )
    form[f"targets-{urgent}-first_response_minutes"] = "2 h"
    form[f"targets-{urgent}-resolution_minutes"] = "1 day 4 h"
    saved = admin_client.post(f"/admin/tickets/slapolicy/{policy.pk}/change/", form)
    assert saved.status_code == 302
    target = policy.targets.get(priority="urgent")
    assert (target.first_response_minutes, target.resolution_minutes) == (120, 750)
    form[f"targets-{urgent}-first_response_minutes"] = "soon"
    refused = admin_client.post(f"/admin/tickets/slapolicy/{policy.pk}/change/", form)
    assert "Write a time such as" in refused.content.decode()


def test_which_policy_applies_to_a_ticket(admin_client: Client, open_ticket) -> None:
    ticket = open_ticket()
    page = admin_client.get(
        "/admin/tickets/slapolicy/", {"applies_to": ticket.reference}
    ).content.decode()
    assert f"{ticket.reference}: General queue, Normal priority." in page
    assert "“Standard” applies" in page
    assert "first response within" in page
    missing = admin_client.get("/admin/tickets/slapolicy/", {"applies_to": "HD-999999"})
    assert "No ticket HD-999999 here." in missing.content.decode()


def test_calendars_show_24_hour_times(admin_client: Client) -> None:
    calendar = BusinessCalendar.objects.create(name="Late", time_zone="Europe/London")
    WorkingHours.objects.create(
        calendar=calendar, weekday=0, start="13:00", end="21:30"
    )
    page = admin_client.get(f"/admin/tickets/businesscalendar/{calendar.pk}/change/")
    body = page.content.decode()
    assert 'value="13:00"' in body or 'value="13:00:00"' in body
    assert "p.m." not in body


def test_sections_links_and_the_outbox_read_like_the_product(
    admin_client: Client, open_ticket
) -> None:
    open_ticket()  # its acknowledgement is in the outbox
    index = admin_client.get("/admin/").content.decode()
    assert ">Sign-in attempts</a>" in index
    assert ">Authenticator devices</a>" in index
    assert ">Axes</a>" not in index
    assert ">OTP_TOTP</a>" not in index.upper()
    assert 'href="/agent/"' in index  # back to the workspace
    assert "Back to the workspace" in index
    outbox = admin_client.get("/admin/notifications/notification/").content.decode()
    assert "Problem" in outbox
    assert "Outbox" in outbox
    workspace = admin_client.get("/agent/").content.decode()
    assert 'href="/admin/"' in workspace

"""tickets.services.levels: holidays loaded, deadlines recomputed later."""

import pytest

from helpdesk.core.celery import app as celery_app
from tickets.models import BusinessCalendar, Status, Ticket
from tickets.services.levels import calendar_load_holidays, sla_recompute_later
from tickets.services.lifecycle import ticket_change_status

pytestmark = pytest.mark.django_db


def test_unfinished_tickets_are_recomputed_after_commit(
    open_ticket, agent, django_capture_on_commit_callbacks
):
    waiting, done = open_ticket(), open_ticket()
    ticket_change_status(ticket=waiting, new_status=Status.WAITING, actor=agent)
    ticket_change_status(ticket=done, new_status=Status.CLOSED, actor=agent)
    Ticket.objects.update(first_response_due_at=None)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert sla_recompute_later(Ticket.objects.all()) == 1
    assert len(callbacks) == 1
    assert Ticket.objects.get(pk=waiting.pk).first_response_due_at is not None
    assert Ticket.objects.get(pk=done.pk).first_response_due_at is None


def test_holidays_need_a_country_and_load_once(db):
    calendar = BusinessCalendar.objects.create(name="Munich", time_zone="Europe/Berlin")
    with pytest.raises(ValueError, match="set a holiday country first"):
        calendar_load_holidays(calendar=calendar, years=[2026])
    calendar.holiday_country, calendar.holiday_subdivision = "DE", "BY"
    added = calendar_load_holidays(calendar=calendar, years=[2026])
    assert added > 10  # Bavaria has more public holidays than most
    assert calendar_load_holidays(calendar=calendar, years=[2026]) == 0
    assert calendar.holidays.filter(date="2026-10-03").exists()  # Unity Day


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_broker_away_deadlines_are_recomputed_here_and_now(
    open_ticket, settings
):
    ticket = open_ticket()
    Ticket.objects.update(first_response_due_at=None)
    saved = celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"  # a closed port
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        assert sla_recompute_later(Ticket.objects.all()) == 1
    finally:
        celery_app.conf.broker_url = saved
        celery_app.conf.task_always_eager = True
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
    assert Ticket.objects.get(pk=ticket.pk).first_response_due_at is not None

"""Business-time arithmetic against a minute-by-minute reference, including
DST changes in Europe and the US, holidays and split days."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tickets.businesstime import NoWorkingTime, Schedule, add_minutes, minutes_between

ZONES = ["Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles"]
# Around the 2026 transitions: Europe 29 March / 25 October, US 8 March / 1 November.
AROUND_DST = [
    datetime(2026, 3, 7, tzinfo=UTC),
    datetime(2026, 3, 28, tzinfo=UTC),
    datetime(2026, 10, 24, tzinfo=UTC),
    datetime(2026, 10, 31, tzinfo=UTC),
]


def reference_add(schedule, start, minutes):
    moment = start
    while minutes > 0:
        if schedule.is_working(moment):
            minutes -= 1
        moment += timedelta(minutes=1)
    return moment if start.second == 0 else None


def reference_between(schedule, start, end):
    count, moment = 0, start
    while moment < end:
        count += schedule.is_working(moment)
        moment += timedelta(minutes=1)
    return count


@st.composite
def ranges(draw):
    """Zero to three disjoint ranges in a day, in minutes (split days)."""
    cuts = sorted(draw(st.sets(st.integers(0, 1440), max_size=6)))
    pairs = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    return [(s, e) for s, e in pairs if s < e]


@st.composite
def schedules(draw):
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    hours = {day: draw(ranges()) for day in range(7)}
    if not any(hours.values()):
        hours[draw(st.integers(0, 6))] = [(540, 1020)]
    base = date(2026, 3, 1)
    holidays = frozenset(
        base + timedelta(days=n)
        for n in draw(st.sets(st.integers(0, 280), max_size=40))
    )
    return Schedule(zone, hours, holidays)


@st.composite
def starts(draw):
    anchor = draw(st.sampled_from(AROUND_DST))
    return anchor + timedelta(minutes=draw(st.integers(0, 8 * 24 * 60)))


@settings(max_examples=150, deadline=None)
@given(schedule=schedules(), start=starts(), minutes=st.integers(0, 3000))
def test_adding_business_minutes_matches_the_reference(schedule, start, minutes):
    # Reference walks at most ~10 days; skip schedules too sparse for that.
    expected_count = reference_between(schedule, start, start + timedelta(days=10))
    if expected_count < minutes:
        return
    assert add_minutes(schedule, start, minutes) == reference_add(
        schedule, start, minutes
    )


@settings(max_examples=150, deadline=None)
@given(schedule=schedules(), start=starts(), span=st.integers(0, 6 * 24 * 60))
def test_counting_business_minutes_matches_the_reference(schedule, start, span):
    end = start + timedelta(minutes=span)
    assert minutes_between(schedule, start, end) == reference_between(
        schedule, start, end
    )


@settings(max_examples=80, deadline=None)
@given(schedule=schedules(), start=starts(), minutes=st.integers(1, 2000))
def test_adding_then_counting_gives_the_minutes_back(schedule, start, minutes):
    if reference_between(schedule, start, start + timedelta(days=10)) < minutes:
        return
    assert (
        minutes_between(schedule, start, add_minutes(schedule, start, minutes))
        == minutes
    )


OFFICE = {
    day: [(9 * 60, 12 * 60 + 30), (13 * 60 + 30, 17 * 60 + 30)] for day in range(5)
}


def test_friday_afternoon_plus_an_hour_is_monday_morning_in_local_time():
    london = Schedule(ZoneInfo("Europe/London"), OFFICE)
    friday = datetime(2026, 3, 27, 17, 0, tzinfo=ZoneInfo("Europe/London"))
    # The clocks go forward on Sunday 29 March: Monday 09:30 is BST.
    due = add_minutes(london, friday, 60)
    assert due == datetime(2026, 3, 30, 9, 30, tzinfo=ZoneInfo("Europe/London"))
    assert due.astimezone(UTC).hour == 8


def test_a_holiday_is_skipped():
    london = Schedule(ZoneInfo("Europe/London"), OFFICE, frozenset({date(2026, 4, 3)}))
    thursday = datetime(2026, 4, 2, 17, 0, tzinfo=ZoneInfo("Europe/London"))
    assert add_minutes(london, thursday, 60) == datetime(
        2026, 4, 6, 9, 30, tzinfo=ZoneInfo("Europe/London")
    )


def test_the_lunch_break_does_not_count():
    berlin = Schedule(ZoneInfo("Europe/Berlin"), OFFICE)
    noon = datetime(2026, 6, 1, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert add_minutes(berlin, noon, 60) == datetime(
        2026, 6, 1, 14, 0, tzinfo=ZoneInfo("Europe/Berlin")
    )


def test_a_calendar_without_working_time_says_so():
    with pytest.raises(NoWorkingTime):
        add_minutes(Schedule(ZoneInfo("UTC"), {}), datetime(2026, 1, 1, tzinfo=UTC), 1)

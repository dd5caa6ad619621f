"""Business-time arithmetic: working minutes in a calendar's local time.

A Schedule says, in local wall-clock time, which minutes of each weekday are
working minutes, and which local dates are holidays. Time is walked in
stretches of constant UTC offset: within one, local time is UTC plus that
offset, so the working minutes in it are found by plain arithmetic; a DST
change only starts a new stretch. A minute [t, t+1) counts when its local
start time is a working minute, which makes a skipped hour (spring forward)
count for nothing and a repeated hour (fall back) count twice, as the clock
on the wall says.
"""

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)
# A calendar with no working minutes in this long is a configuration error.
HORIZON_DAYS = 800


class NoWorkingTime(ValueError):
    pass


@dataclass(frozen=True)
class Schedule:
    """Working ranges per weekday (0 = Monday) in minutes after local
    midnight, [start, end) with end up to 1440, and holiday dates."""

    time_zone: ZoneInfo
    hours: Mapping[int, Sequence[tuple[int, int]]]
    holidays: frozenset[date] = field(default_factory=frozenset)

    def is_working(self, moment: datetime) -> bool:
        """The reference definition, minute by minute (for tests and checks)."""
        local = moment.astimezone(self.time_zone)
        if local.date() in self.holidays:
            return False
        minute = local.hour * 60 + local.minute
        return any(s <= minute < e for s, e in self.hours.get(local.weekday(), ()))


def _offset(schedule: Schedule, moment: datetime) -> timedelta:
    offset = moment.astimezone(schedule.time_zone).utcoffset()
    assert offset is not None  # noqa: S101 - a ZoneInfo always has one
    return offset


def _next_change(schedule: Schedule, start: datetime, offset: timedelta) -> datetime:
    """The first instant after ``start`` (within a day) where the offset is no
    longer ``offset``, or start + 1 day if it does not change."""
    low, high = start, start + DAY
    if _offset(schedule, high) == offset:
        return high
    while high - low > MINUTE:  # offsets change on whole minutes
        middle = low + (high - low) / 2
        middle = middle.replace(second=0, microsecond=0)
        if middle <= low:
            middle = low + MINUTE
        if _offset(schedule, middle) == offset:
            low = middle
        else:
            high = middle
    return high


def _working_intervals(
    schedule: Schedule, start: datetime
) -> Iterator[tuple[datetime, datetime]]:
    """Working intervals in UTC, in order, from ``start`` on."""
    cursor = start.astimezone(UTC)
    horizon = cursor + HORIZON_DAYS * DAY
    while cursor < horizon:
        offset = _offset(schedule, cursor)
        stretch_end = _next_change(schedule, cursor, offset)
        # Local (naive) time of the stretch: UTC plus the offset.
        local_start = (cursor + offset).replace(tzinfo=None)
        local_end = (stretch_end + offset).replace(tzinfo=None)
        day = local_start.date()
        while datetime.combine(day, datetime.min.time()) < local_end:
            if day not in schedule.holidays:
                midnight = datetime.combine(day, datetime.min.time())
                for begin, end in sorted(schedule.hours.get(day.weekday(), ())):
                    low = max(midnight + timedelta(minutes=begin), local_start)
                    high = min(midnight + timedelta(minutes=end), local_end)
                    if low < high:
                        yield (
                            (low - offset).replace(tzinfo=UTC),
                            (high - offset).replace(tzinfo=UTC),
                        )
            day += DAY
        cursor = stretch_end
    raise NoWorkingTime(f"No working time within {HORIZON_DAYS} days.")


def add_minutes(schedule: Schedule, start: datetime, minutes: int) -> datetime:
    """The moment ``minutes`` working minutes after ``start``."""
    if minutes <= 0:
        return start
    left = timedelta(minutes=minutes)
    for low, high in _working_intervals(schedule, start):
        if high - low >= left:
            return (low + left).astimezone(start.tzinfo)
        left -= high - low
    raise NoWorkingTime("unreachable")  # pragma: no cover


def minutes_between(schedule: Schedule, start: datetime, end: datetime) -> int:
    """Working minutes in [start, end)."""
    if end <= start:
        return 0
    total = timedelta()
    for low, high in _working_intervals(schedule, start):
        if low >= end:
            break
        total += min(high, end) - low
    return int(total.total_seconds() // 60)

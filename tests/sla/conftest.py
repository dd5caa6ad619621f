from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def clock():
    """Pin the clock; ``clock.move_to(datetime)`` moves it."""
    with time_machine.travel(
        datetime(2026, 3, 27, 16, 0, tzinfo=LONDON), tick=False
    ) as t:
        yield t


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)

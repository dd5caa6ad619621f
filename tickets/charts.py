"""Geometry for the reports' charts, drawn as SVG by templates on the server
(``templates/agent/_chart_*.html``): no script, no build step, and each
chart has its table beneath it for screen readers and for exact figures."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from helpdesk.core.locales import format_when

WIDTH, HEIGHT = 640, 200
LEFT, BOTTOM, TOP, RIGHT = 48, 24, 8, 8


def nice_ceiling(value: float) -> float:
    """A round top for an axis: 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 1
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if value <= step * power)


@dataclass(frozen=True)
class Line:
    name: str
    css: str  # the class that colours it
    points: str  # for <polyline points="...">
    last: float


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class TimeChart:
    title: str
    lines: list[Line]
    ticks: list[Tick]
    labels: list[tuple[float, str]]  # x, date
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom: float = HEIGHT - BOTTOM
    right: int = WIDTH - RIGHT


def _label(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:g}"


def time_chart(
    title: str, days: Sequence[date], series: Sequence[tuple[str, str, list[float]]]
) -> TimeChart:
    """Lines over days: ``series`` is (name, css class, one value a day)."""
    top = nice_ceiling(max((max(v, default=0) for _n, _c, v in series), default=0))
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - BOTTOM - TOP
    step = plot_w / max(len(days) - 1, 1)

    def y(value: float) -> float:
        return round(TOP + plot_h * (1 - value / top), 1)

    lines = [
        Line(
            name,
            css,
            " ".join(
                f"{round(LEFT + i * step, 1)},{y(v)}" for i, v in enumerate(values)
            ),
            values[-1] if values else 0,
        )
        for name, css, values in series
    ]
    ticks = [Tick(y(top * k / 4), _label(top * k / 4)) for k in range(5)]
    shown = sorted({0, len(days) // 2, len(days) - 1}) if days else []
    labels = [
        (round(LEFT + i * step, 1), format_when(days[i], "", "day_month"))
        for i in shown
    ]
    return TimeChart(title, lines, ticks, labels)


@dataclass(frozen=True)
class Bar:
    label: str
    share: float | None  # 0-1; None when nothing was due
    width: float
    y: float
    text: str


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    width: int
    height: int
    left: int
    bar_height: int


def share_chart(
    title: str, rows: Sequence[tuple[str, float | None]], limit: int = 12
) -> BarChart:
    """Horizontal bars of a share (targets met), 0 to 100 %."""
    left, row_h, bar_h, plot_w = 180, 22, 14, WIDTH - 180 - 60
    bars = []
    for n, (label, share) in enumerate(rows[:limit]):
        bars.append(
            Bar(
                label[:28],
                share,
                round(plot_w * (share or 0), 1),
                n * row_h + 4,
                "nothing due" if share is None else f"{share:.0%}",
            )
        )
    return BarChart(title, bars, WIDTH, max(len(bars), 1) * row_h + 8, left, bar_h)

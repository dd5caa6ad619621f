"""Reports for admins and agents with the "view reports" permission: the
period and filters in the URL, charts with their tables, every table as CSV."""

import csv
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import charts
from ..models import Channel
from ..permissions import agent_required, can_view_reports
from ..report_forms import ReportForm
from ..selectors import reports as report_selectors
from ..selectors import workspace
from ..selectors.reports import Achievement, Report, ReportFilters, SLARow


@dataclass(frozen=True)
class Table:
    name: str  # in ?export=<name>
    title: str
    headers: list[str]
    rows: list[list[Any]]


def _share(achievement: Achievement) -> str:
    share = achievement.share
    return "" if share is None else f"{share:.1%}"


def _sla_cells(row: SLARow) -> list[Any]:
    cells: list[Any] = [row.label]
    for kind in (row.first_response, row.next_response, row.resolution):
        cells += [kind.met, kind.missed, _share(kind)]
    return cells


def _sla_headers() -> list[str]:
    return [
        _("First response met"),
        _("missed"),
        _("share met"),
        _("Next response met"),
        _("missed"),
        _("share met"),
        _("Resolution met"),
        _("missed"),
        _("share met"),
    ]


def _opened_by() -> dict[str, str]:
    """The volume table's columns, one per channel the first message came by."""
    return {
        Channel.WEB: _("Opened by web form"),
        Channel.EMAIL: _("Opened by email"),
        Channel.API: _("Opened by API"),
        Channel.AGENT: _("Opened by an agent"),
    }


def tables(report: Report) -> list[Table]:
    """Every table of the page, the same rows on the page and in the CSV."""
    channels = list(Channel.values)
    opened_by = _opened_by()
    found = [
        Table(
            "volume",
            _("Tickets per day"),
            [
                _("Day"),
                *(opened_by[c] for c in channels),
                _("Opened"),
                _("Resolved"),
                _("Backlog at the end of the day"),
            ],
            [
                [
                    d.day.isoformat(),
                    *d.created.values(),
                    d.created_total,
                    d.resolved,
                    d.backlog,
                ]
                for d in report.days
            ],
        ),
        Table(
            "times",
            "First response and resolution times (minutes)",
            [_("Figure"), _("Tickets"), _("Median"), _("90th percentile")],
            [
                [label, spread.count, spread.median, spread.p90]
                for label, spread in (
                    (
                        _("First response, business time"),
                        report.first_response_business,
                    ),
                    (_("First response, clock time"), report.first_response_clock),
                    (_("Resolution, business time"), report.resolution_business),
                    (_("Resolution, clock time"), report.resolution_clock),
                    (_("Longest silence per ticket, clock time"), report.silence),
                )
            ],
        ),
    ]
    for name, title, heading in (
        ("policy", _("SLA policy"), _("Service levels by SLA policy")),
        ("priority", _("Priority"), _("Service levels by priority")),
        ("queue", _("Queue"), _("Service levels by queue")),
        ("agent", _("Agent"), _("Service levels by agent")),
    ):
        found.append(
            Table(
                f"sla_{name}",
                heading,
                [title, *_sla_headers()],
                [_sla_cells(row) for row in report.sla_by[name]]
                + [_sla_cells(report.sla_total)],
            )
        )
    found.append(
        Table(
            "tags",
            _("By tag"),
            [_("Tag"), _("Opened"), _("Resolved"), *_sla_headers()],
            [
                [r.sla.label, r.opened, r.resolved, *_sla_cells(r.sla)[1:]]
                for r in report.by_tag
            ],
        )
    )
    found.append(
        Table(
            "fields",
            _("By field value"),
            [_("Field: value"), _("Opened"), _("Resolved"), *_sla_headers()],
            [
                [r.sla.label, r.opened, r.resolved, *_sla_cells(r.sla)[1:]]
                for r in report.by_field
            ],
        )
    )
    for name, title, heading in (
        ("agent", _("Agent"), _("Time spent by agent")),
        ("queue", _("Queue"), _("Time spent by queue")),
        ("organisation", _("Organisation"), _("Time spent by organisation")),
        ("ticket", _("Ticket"), _("The tickets that took the most time")),
    ):
        found.append(
            Table(
                f"time_{name}",
                heading,
                [title, _("Minutes"), _("Times given")],
                [
                    [r.label, r.minutes, r.entries]
                    for r in report.time_spent.get(name, [])
                ],
            )
        )
    found.append(
        Table(
            "breaches",
            "Breaches (latest first)",
            [_("Ticket"), _("Subject"), _("Opened"), _("Missed")],
            [
                [b.reference, b.subject, b.created_at.isoformat(), ", ".join(b.missed)]
                for b in report.breaches
            ],
        )
    )
    found.append(
        Table(
            "comments",
            _("Latest rating comments"),
            [_("Ticket"), _("Rating"), _("Comment"), _("Rated")],
            [
                [c.reference, c.score, c.comment, c.rated_at.isoformat()]
                for c in report.comments
            ],
        )
    )
    found.append(
        Table(
            "email",
            _("Email health"),
            [
                _("Written"),
                _("Sent"),
                _("Delayed"),
                _("Still waiting"),
                _("Failed"),
                _("Bounced"),
            ],
            [
                [
                    report.email[k]
                    for k in ("written", "sent", "delayed", "waiting", "failed")
                ]
                + [report.email["bounced"]]
            ],
        )
    )
    return found


# A cell a spreadsheet would run as a formula (subjects and comments are
# the customers' words): shown as text instead.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(cell: Any) -> Any:
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def _csv(table: Table, filters: ReportFilters) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"{table.name}-{filters.since}-{filters.until}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(table.headers)
    writer.writerows([_safe(cell) for cell in row] for row in table.rows)
    return response


def _charts(report: Report) -> dict[str, Any]:
    days = [d.day for d in report.days]

    def shares(rows: list[SLARow]) -> list[tuple[str, float | None]]:
        def all_met(row: SLARow) -> float | None:
            return (row.first_response + row.next_response + row.resolution).share

        return [(row.label, all_met(row)) for row in rows]

    return {
        "volume": charts.time_chart(
            _("Opened and resolved per day"),
            days,
            [
                (_("Opened"), "series-a", [d.created_total for d in report.days]),
                (_("Resolved"), "series-b", [d.resolved for d in report.days]),
            ],
        ),
        "backlog": charts.time_chart(
            _("Backlog at the end of each day"),
            days,
            [(_("Backlog"), "series-c", [d.backlog for d in report.days])],
        ),
        "sla_priority": charts.share_chart(
            _("Targets met, by priority"), shares(report.sla_by["priority"])
        ),
        "sla_agent": charts.share_chart(
            _("Targets met, by agent"), shares(report.sla_by["agent"])
        ),
    }


@require_GET
@agent_required
def reports(request: HttpRequest) -> HttpResponse:
    if not can_view_reports(request.user):
        return render(request, "agent/forbidden.html", status=403)
    form = ReportForm(request.GET or None, agents=workspace.agents())
    if form.is_bound and not form.is_valid():
        return render(request, "agent/reports.html", {"form": form}, status=400)
    filters = form.filters(timezone.localdate())
    report = report_selectors.report(filters, now=timezone.now())
    all_tables = {table.name: table for table in tables(report)}
    export = request.GET.get("export")
    if export in all_tables:
        return _csv(all_tables[export], filters)
    kept = {k: str(v) for k, v in request.GET.items() if k != "export" and v}
    context = {
        "form": form,
        "report": report,
        "tables": all_tables,
        "charts": _charts(report),
        "export_url": reverse("agent:reports") + "?" + urlencode(kept | {"export": ""}),
        "delayed_minutes": settings.OUTBOX_DELAYED_AFTER_MINUTES,
    }
    return render(request, "agent/reports.html", context)

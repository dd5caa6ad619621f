"""The audit trail in the admin: django-auditlog's list (filter by model,
action, who, when; search), and its rows exported as CSV."""

import csv
from typing import Any

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

COLUMNS = ("timestamp", "actor", "action", "content_type", "object_repr", "changes")

admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditTrailAdmin(LogEntryAdmin):  # type: ignore[misc]
    actions = ("export_csv",)

    @admin.action(description=_("Export the selected entries as CSV"))
    def export_csv(self, request: HttpRequest, entries: QuerySet[Any]) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
        writer = csv.writer(response)
        writer.writerow(COLUMNS)
        for entry in entries.select_related("actor", "content_type").order_by("pk"):
            writer.writerow(
                [
                    entry.timestamp.isoformat(),
                    entry.actor.get_username() if entry.actor else "",
                    entry.get_action_display(),
                    entry.content_type.model,
                    _safe(entry.object_repr),
                    _safe(str(entry.changes or entry.changes_text)),
                ]
            )
        return response


def _safe(text: str) -> str:
    """No formula in a spreadsheet cell (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text

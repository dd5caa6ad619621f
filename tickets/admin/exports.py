"""Customers' data exports in the admin: listed with their state, and
downloaded until they expire (then gone, file and row, by the sweep)."""

from typing import Any

from django.contrib import admin
from django.http import FileResponse, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from ..models.exports import DataExport


@admin.register(DataExport)
class DataExportAdmin(admin.ModelAdmin[DataExport]):
    list_display = ("__str__", "state", "size", "created_at", "expires_at", "download")
    list_filter = ("state",)
    readonly_fields = (
        "customer", "requested_by", "state", "size", "error", "created_at",
        "expires_at", "download",
    )  # fmt: skip
    exclude = ("key", "file")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # asked for from the customer's page

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("Download"))
    def download(self, export: DataExport) -> SafeString | str:
        if export.state != DataExport.State.READY:
            return str(export.get_state_display())
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:tickets_dataexport_download", args=[export.pk]),
            _("Download the ZIP"),
        )

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="tickets_dataexport_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        export = get_object_or_404(DataExport, pk=pk)
        ready = export.state == DataExport.State.READY and export.file
        if (
            not self.has_view_permission(request, export)
            or not ready
            or (export.expires_at < timezone.now())
        ):
            context = {**self.admin_site.each_context(request), "export": export}
            return TemplateResponse(
                request, "admin/tickets/dataexport/gone.html", context, status=410
            )
        return FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=f"customer-{export.customer_id}-data.zip",
        )

"""Customers in the admin, and their erasure: a page that says what will
go, then a run in the background (tickets.services.erasure) that the sweep
finishes if it stops."""

from functools import partial
from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from helpdesk.core.celery import enqueue

from ..models import Customer, Ticket
from ..services.erasure import customer_erase_request, erasure_summary
from ..services.exports import customer_export_request
from ..services.levels import sla_recompute_later

ERASE_TASK = "tickets.tasks.customer_erase_task"


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin[Customer]):
    list_display = ("email", "name", "organisation", "is_vip", "language", "created_at")
    list_filter = ("is_vip", "language", "organisation")
    search_fields = ("email", "name")
    list_select_related = ("organisation",)
    readonly_fields = ("erasure", "data")

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        sla_recompute_later(Ticket.objects.filter(customer=obj))

    @admin.display(description=_("Erasure"))
    def erasure(self, customer: Customer) -> SafeString | str:
        if not customer.pk:
            return ""
        if customer.erased_at:
            return str(_("Erased on %(when)s.") % {"when": customer.erased_at})
        if customer.erase_requested_at:
            return str(
                _("Being erased (asked for on %(when)s).")
                % {"when": customer.erase_requested_at}
            )
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:tickets_customer_erase", args=[customer.pk]),
            _("Erase this customer…"),
        )

    @admin.display(description=_("Their data"))
    def data(self, customer: Customer) -> SafeString | str:
        if not customer.pk or customer.erased_at:
            return ""
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:tickets_customer_export", args=[customer.pk]),
            _("Export their data (a ZIP, built in the background)…"),
        )

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:pk>/erase/",
                self.admin_site.admin_view(self.erase),
                name="tickets_customer_erase",
            ),
            path(
                "<int:pk>/export/",
                self.admin_site.admin_view(self.export),
                name="tickets_customer_export",
            ),
            *super().get_urls(),
        ]

    def export(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Their data as a ZIP: asked for here (POST), listed under *Data
        exports* until it expires."""
        customer = get_object_or_404(Customer, pk=pk)
        if request.method == "POST" and not customer.erased_at:
            customer_export_request(customer=customer, by=request.user)
            messages.success(
                request,
                _("The export is being built: it is listed under Data exports."),
            )
            return redirect("admin:tickets_dataexport_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "customer": customer,
            "title": _("Export the data of %(customer)s") % {"customer": customer},
        }
        return TemplateResponse(request, "admin/tickets/customer/export.html", context)

    def erase(self, request: HttpRequest, pk: int) -> HttpResponse:
        """What will go, then (POST) the erasure, in the background."""
        customer = get_object_or_404(Customer, pk=pk)
        if not self.has_delete_permission(request, customer):
            return TemplateResponse(request, "admin/tickets/customer/erase.html", {
                **self.admin_site.each_context(request), "refused": True,
                "opts": self.model._meta, "customer": customer,
            }, status=403)  # fmt: skip
        if request.method == "POST" and not customer.erased_at:
            customer_erase_request(customer, by=request.user)
            transaction.on_commit(
                partial(enqueue, ERASE_TASK, customer.pk, fallback="the erasure sweep")
            )
            messages.success(
                request,
                _(
                    "The customer is being erased. Reload the page to see when "
                    "it is done."
                ),
            )
            return redirect("admin:tickets_customer_change", customer.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "customer": customer,
            "summary": erasure_summary(customer),
            "title": _("Erase %(customer)s") % {"customer": customer},
        }
        return TemplateResponse(request, "admin/tickets/customer/erase.html", context)

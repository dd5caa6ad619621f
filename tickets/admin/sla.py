"""Service levels in Django admin: calendars, policies, organisations."""

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, F, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import (
    BusinessCalendar,
    Holiday,
    Organisation,
    Priority,
    Promise,
    SLAPolicy,
    Ticket,
    WorkingHours,
    parse_reference,
)
from ..services.levels import calendar_load_holidays, sla_recompute_later
from ..sla import policy_for
from .targets import SLATargetInline, day_minutes, minutes_shown


class WorkingHoursInline(admin.TabularInline[WorkingHours, Any]):
    model = WorkingHours
    extra = 0


class HolidayInline(admin.TabularInline[Holiday, Any]):
    model = Holiday
    extra = 0


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin[BusinessCalendar]):
    list_display = ("name", "time_zone", "holiday_country", "holiday_subdivision")
    inlines = (WorkingHoursInline, HolidayInline)
    actions = ("load_holidays",)

    @admin.action(description=_("Load public holidays for this year and the next two"))
    def load_holidays(
        self, request: HttpRequest, queryset: QuerySet[BusinessCalendar]
    ) -> None:
        year = timezone.localdate().year
        for calendar in queryset:
            try:
                added = calendar_load_holidays(
                    calendar=calendar, years=[year, year + 1, year + 2]
                )
            except (ValueError, NotImplementedError) as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(calendar)s: %(count)d holiday added.",
                        "%(calendar)s: %(count)d holidays added.",
                        added,
                    )
                    % {"calendar": calendar.name, "count": added},
                )

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        sla_recompute_later(Ticket.objects.filter(sla_policy__calendar=form.instance))


class SLAPolicyForm(forms.ModelForm[SLAPolicy]):
    priorities = forms.MultipleChoiceField(
        choices=Priority.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any priority."),
    )

    class Meta:
        model = SLAPolicy
        fields = "__all__"  # noqa: DJ007 - every field is the admin's to set


def _percent(met: int, total: int) -> str:
    return f"{round(100 * met / total)}% ({met}/{total})" if total else "no tickets yet"


@admin.register(SLAPolicy)
class SLAPolicyAdmin(admin.ModelAdmin[SLAPolicy]):
    form = SLAPolicyForm
    list_display = (
        "name",
        "order",
        "is_active",
        "calendar",
        "vip_only",
        "first_response_compliance",
        "resolution_compliance",
    )
    list_editable = ("order", "is_active")
    filter_horizontal = ("queues", "organisations")
    inlines = (SLATargetInline,)
    change_list_template = "admin/tickets/slapolicy/change_list.html"

    def get_formset_kwargs(
        self, request: HttpRequest, obj: Any, inline: Any, prefix: str
    ) -> dict[str, Any]:
        """The targets' business days are the calendar's chosen on the form."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, SLATargetInline):
            calendar = obj.calendar if obj is not None and obj.calendar_id else None
            kwargs["form_kwargs"] = {"calendar": calendar}
        return kwargs

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> Any:
        """With "Which policy applies to this ticket?" answered above the list."""
        reference = request.GET.get("applies_to", "").strip()
        if reference:  # not a filter of the list's own
            rest = request.GET.copy()
            del rest["applies_to"]
            request.GET = rest  # type: ignore[assignment]
        extra = {"applies_to": reference, "applies": _applies(reference)}
        return super().changelist_view(request, (extra_context or {}) | extra)

    def get_queryset(self, request: HttpRequest) -> QuerySet[SLAPolicy]:
        """Compliance over the last 30 days, for every row in one query."""
        now = timezone.now()
        recent = Q(ticket__created_at__gte=now - timedelta(days=30))
        responded = Q(ticket__first_responded_at__isnull=False)
        resolved = Q(ticket__resolved_at__isnull=False)
        return (
            super()
            .get_queryset(request)
            .select_related("calendar")
            .annotate(
                response_met=Count(
                    "ticket",
                    filter=recent
                    & responded
                    & Q(
                        ticket__first_responded_at__lte=F(
                            "ticket__first_response_due_at"
                        )
                    ),
                ),
                response_total=Count(
                    "ticket",
                    filter=recent
                    & (responded | Q(ticket__first_response_due_at__lt=now)),
                ),
                resolution_met=Count(
                    "ticket",
                    filter=recent
                    & resolved
                    & Q(ticket__resolved_at__lte=F("ticket__resolution_due_at")),
                ),
                resolution_total=Count(
                    "ticket",
                    filter=recent & (resolved | Q(ticket__resolution_due_at__lt=now)),
                ),
            )
        )

    @admin.display(description=_("First response met, 30 days"))
    def first_response_compliance(self, policy: Any) -> str:
        return _percent(policy.response_met, policy.response_total)

    @admin.display(description=_("Resolution met, 30 days"))
    def resolution_compliance(self, policy: Any) -> str:
        return _percent(policy.resolution_met, policy.resolution_total)

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        count = sla_recompute_later(Ticket.objects.all())
        messages.info(
            request,
            ngettext(
                "The deadlines of %(count)d open ticket are being recomputed.",
                "The deadlines of %(count)d open tickets are being recomputed.",
                count,
            )
            % {"count": count},
        )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "is_vip")
    search_fields = ("name",)

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        sla_recompute_later(Ticket.objects.filter(customer__organisation=obj))


@admin.register(Promise)
class PromiseAdmin(admin.ModelAdmin[Promise]):
    list_display = ("ticket", "description", "due_at", "state", "created_by")
    list_filter = ("state",)
    list_select_related = ("ticket", "created_by")
    readonly_fields = ("ticket", "created_by", "reminded_for")


def _applies(reference: str) -> str:
    """Which policy applies to a ticket now, and its targets, in words."""
    if not reference:
        return ""
    pk = parse_reference(reference)
    ticket = (
        Ticket.objects.select_related("customer__organisation", "queue")
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if ticket is None:
        return str(_("No ticket %(ref)s here.") % {"ref": reference})
    policy = policy_for(ticket)
    facts = _("%(ref)s: %(queue)s queue, %(priority)s priority%(vip)s.") % {
        "ref": ticket.reference,
        "queue": ticket.queue.name,
        "priority": ticket.get_priority_display(),
        "vip": _(", a VIP customer")
        if ticket.customer.is_vip
        or (ticket.customer.organisation and ticket.customer.organisation.is_vip)
        else "",
    }
    if policy is None:
        return f"{facts} " + str(_("No active policy applies: the default targets do."))
    target = policy.targets.filter(priority=ticket.priority).first()
    day = day_minutes(policy.calendar)
    within = (
        _("first response within %(first)s, resolution within %(resolution)s")
        % {
            "first": minutes_shown(target.first_response_minutes, day),
            "resolution": minutes_shown(target.resolution_minutes, day),
        }
        if target
        else _("no target for this priority")
    )
    return f"{facts} " + str(
        _(
            "“%(policy)s” applies (the first active one that matches, by "
            "order): %(within)s."
        )
        % {"policy": policy.name, "within": within}
    )

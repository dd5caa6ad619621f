"""The desk's policies in the admin: one page, each value with the one in
force when it is left empty (the environment's), in effect on every
process within a second of saving."""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..models.policies import DEFAULTS, Policies

if TYPE_CHECKING:
    from django.contrib.admin.options import _FieldOpts


def _fields(*starts: str) -> "_FieldOpts":
    return {"fields": [n for s in starts for n in DEFAULTS if n.startswith(s)]}


@admin.register(Policies)
class PoliciesAdmin(admin.ModelAdmin[Policies]):
    fieldsets = (
        (_("A customer without news"), _fields("silence_alert", "silence_update")),
        (_("Follow-up after resolving"), _fields("followup_delay", "followup_window")),
        (_("Similar tickets"), _fields("similar_")),
        (_("Customer replies"), _fields("reply_limit_")),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the one row is made when first opened

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        Policies.objects.get_or_create(pk=1)
        return HttpResponseRedirect(reverse("admin:tickets_policies_change", args=[1]))

    def get_form(
        self,
        request: HttpRequest,
        obj: Policies | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[ModelForm[Policies]]:
        form = super().get_form(request, obj, change, **kwargs)
        for name, setting in DEFAULTS.items():
            field = form.base_fields[name]
            field.help_text = _("%(help)s Empty: %(value)s (%(setting)s).") % {
                "help": field.help_text,
                "value": getattr(settings, setting),
                "setting": setting,
            }
        return form

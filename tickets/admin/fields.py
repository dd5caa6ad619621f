"""Custom fields and ticket categories in Django admin: what the customer's
form asks and the agents record, with labels per language."""

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import (
    VALUE_LENGTH,
    CustomField,
    CustomFieldTranslation,
    TicketCategory,
    TicketCategoryTranslation,
)

Kind = CustomField.Kind


class CustomFieldTranslationInline(admin.TabularInline[CustomFieldTranslation, Any]):
    model = CustomFieldTranslation
    extra = 0
    verbose_name = _("label in another language")
    verbose_name_plural = _("labels in other languages")


class CustomFieldForm(forms.ModelForm[CustomField]):
    class Meta:
        model = CustomField
        fields = "__all__"  # noqa: DJ007 - every setting of a field is the admin's

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        options = [o for o in (data.get("choices") or "").splitlines() if o.strip()]
        if kind in (Kind.CHOICE, Kind.MULTIPLE) and not options:
            self.add_error("choices", _("A choice needs its choices, one per line."))
        if any("," in option for option in options):
            self.add_error("choices", _("A choice cannot hold a comma."))
        if (data.get("max_length") or 0) > VALUE_LENGTH:
            self.add_error(
                "max_length", _("At most %(limit)d.") % {"limit": VALUE_LENGTH}
            )
        other = data.get("shown_when")
        if other is not None and self.instance.pk and other.pk == self.instance.pk:
            self.add_error("shown_when", _("A field cannot depend on itself."))
        return data


@admin.register(CustomField)
class CustomFieldAdmin(admin.ModelAdmin[CustomField]):
    form = CustomFieldForm
    list_display = ("label", "key", "kind", "who", "required", "position", "active")
    list_filter = ("kind", "who", "required", "active")
    list_editable = ("position", "active")
    search_fields = ("label", "key")
    prepopulated_fields = {"key": ("label",)}  # noqa: RUF012
    filter_horizontal = ("queues", "categories")
    inlines = (CustomFieldTranslationInline,)
    fieldsets = (
        (None, {"fields": ("label", "key", "kind", "help_text", "position", "active")}),
        (_("Values"), {"fields": ("choices", "max_length")}),
        (_("Who and when"), {"fields": ("who", "required", "queues", "categories")}),
        (_("Condition"), {"fields": ("shown_when", "shown_when_value")}),
    )


class TicketCategoryTranslationInline(
    admin.TabularInline[TicketCategoryTranslation, Any]
):
    model = TicketCategoryTranslation
    extra = 0
    verbose_name = _("name in another language")
    verbose_name_plural = _("names in other languages")


@admin.register(TicketCategory)
class TicketCategoryAdmin(admin.ModelAdmin[TicketCategory]):
    list_display = ("name", "queue", "priority", "kb_category", "position", "active")
    list_editable = ("position", "active")
    inlines = (TicketCategoryTranslationInline,)

"""Incidents and ratings in Django admin: to look through them. Updates are
posted in the agent workspace, where they reach the customers. And how
customers reach us, per language."""

from django.contrib import admin
from django.http import HttpRequest

from ..models import ContactText, Incident, IncidentUpdate, Rating
from ..services.incidents import incident_edit


class IncidentUpdateInline(admin.TabularInline[IncidentUpdate, Incident]):
    model = IncidentUpdate
    fields = ("created_at", "status", "is_public", "body", "fanned_out_to")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin[Incident]):
    list_display = ("title", "status", "is_public", "started_at", "ended_at")
    list_filter = ("status", "is_public")
    search_fields = ("title", "summary")
    fields = ("title", "summary", "is_public", "status", "started_at", "ended_at")
    readonly_fields = ("status", "started_at", "ended_at")
    inlines = (IncidentUpdateInline,)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # declared in the workspace: /agent/incidents/

    def save_model(
        self, request: HttpRequest, obj: Incident, form: object, change: bool
    ) -> None:
        incident_edit(
            incident=obj, title=obj.title, summary=obj.summary, is_public=obj.is_public
        )


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin[Rating]):
    list_display = ("ticket", "score", "rated_at", "comment")
    list_filter = ("score",)
    search_fields = ("comment", "ticket__subject", "ticket__customer__email")
    readonly_fields = ("ticket", "score", "comment", "rated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ContactText)
class ContactTextAdmin(admin.ModelAdmin[ContactText]):
    list_display = ("language", "name", "hours", "signature")

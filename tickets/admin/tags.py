"""Tags in Django admin: rename and colour them, see how much each is
used, and merge several into one."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from helpdesk.core.parsing import as_id

from ..models import Tag
from ..services.tagging import tags_merge


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin[Tag]):
    list_display = ("name", "chip", "used", "created_at")
    list_editable = ()
    search_fields = ("name",)
    list_filter = ("colour",)
    fields = ("name", "colour")
    actions = ("merge",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Tag]:
        return super().get_queryset(request).annotate(used_by=Count("tickets"))

    @admin.display(description=_("Looks like"))
    def chip(self, tag: Tag) -> SafeString:
        return format_html('<span class="tag tag-{}">{}</span>', tag.colour, tag.name)

    @admin.display(description=_("Tickets"), ordering="used_by")
    def used(self, tag: Tag) -> int:
        return int(getattr(tag, "used_by", 0))

    @admin.action(description=_("Merge the selected tags into one"))
    def merge(
        self, request: HttpRequest, queryset: QuerySet[Tag]
    ) -> HttpResponse | None:
        tags = list(queryset.order_by("name"))
        if len(tags) < 2:
            messages.error(request, _("Select at least two tags to merge."))
            return None
        into = next((t for t in tags if t.pk == as_id(request.POST.get("into"))), None)
        if "apply" in request.POST and into is not None:
            moved = tags_merge(tags=tags, into=into)
            messages.success(
                request,
                ngettext(
                    "Merged into %(name)s: %(count)d ticket retagged.",
                    "Merged into %(name)s: %(count)d tickets retagged.",
                    moved,
                )
                % {"name": into.name, "count": moved},
            )
            return None
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "title": _("Merge tags"),
            "tags": tags,
            "opts": self.model._meta,
            "action_name": "merge",
            "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
            "missing": "apply" in request.POST,
        }
        return TemplateResponse(request, "admin/tickets/tag/merge.html", context)

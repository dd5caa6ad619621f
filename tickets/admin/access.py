"""API tokens in Django admin: admins make one for an agent's integration
(the key is shown once, as in Preferences) and end any of them."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ..models import ApiToken
from ..services.canned import api_token_renew


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("user", "created_at", "expires_at", "second_factor")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__email")
    readonly_fields = ("created_at", "expires_at", "second_factor")
    fields = ("user", "created_at", "expires_at", "second_factor")
    autocomplete_fields = ("user",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a token is made or ended, never edited

    def save_model(
        self, request: HttpRequest, obj: ApiToken, form: Any, change: bool
    ) -> None:
        verified = bool(getattr(request.user, "is_verified", lambda: False)())
        user = obj.user
        assert isinstance(user, User)  # noqa: S101 - the form's choice
        key = api_token_renew(user=user, second_factor=verified)
        obj.pk = ApiToken.objects.get(user=user).pk
        messages.success(
            request,
            _("The API token for %(user)s: %(key)s (shown once).")
            % {"user": user, "key": key},
        )

"""Who is calling the API: an agent's token (``Authorization: Token <key>``)
or their signed-in session. A token is kept as its digest and ends on expiry,
on a new password, and, where staff must use two-step sign-in, if it was made
without it (``ApiToken.refusal``)."""

from django.contrib.auth.models import User
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from .models import ApiToken, token_digest


class AgentTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != self.keyword.lower().encode():
            return None
        if len(words) != 2:
            raise AuthenticationFailed(_("Send one token: 'Token <key>'."))
        try:
            key = words[1].decode()
        except UnicodeError:
            raise AuthenticationFailed(_("Unknown token.")) from None
        token = (
            ApiToken.objects.select_related("user")
            .filter(digest=token_digest(key))
            .first()
        )
        if token is None:
            raise AuthenticationFailed(_("Unknown token."))
        refusal = token.refusal()
        if refusal:
            raise AuthenticationFailed(refusal)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


def signed_in_with_session(request: Request) -> bool:
    return not isinstance(getattr(request, "auth", None), ApiToken)


class AgentTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """How the OpenAPI schema names it: ``Authorization: Token <key>``."""

    target_class = AgentTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "An agent's token, made under Preferences: 'Token <key>'.",
        }

"""An OAuth2 authorisation server for the mailbox tests, on a spare loopback
port, in a thread: the consent page (which consents at once, as an admin
clicking "Accept" would), the token endpoint (authorisation code and refresh
token grants) and a token-information endpoint that Dovecot's ``oauth2``
passdb asks whether an access token is good. The tests make tokens expire
and consent be revoked, as Microsoft's and Google's do."""

import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

CLIENT_ID = "helpdesk-tests"
CLIENT_SECRET = "client secret for the tests"


@dataclass
class Provider:
    """What the server knows: its address, and the grants it gave."""

    port: int = 0
    user: str = "support@example.com"
    access_seconds: int = 3600
    codes: dict[str, str] = field(default_factory=dict)  # code: redirect URI
    access: dict[str, float] = field(default_factory=dict)  # token: expiry
    refresh: set[str] = field(default_factory=set)
    token_requests: list[dict[str, str]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def expire_access_tokens(self) -> None:
        self.access = dict.fromkeys(self.access, 0.0)

    def revoke(self) -> None:
        """The user withdrew consent: no token of theirs works any more."""
        self.access.clear()
        self.refresh.clear()

    def _grant(self) -> dict[str, object]:
        access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        self.access[access] = time.time() + self.access_seconds
        self.refresh.add(refresh)
        return {
            "access_token": access,
            "refresh_token": refresh,
            "token_type": "Bearer",
            "expires_in": self.access_seconds,
        }


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _json(self, status: int, body: dict[str, object]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path == "/authorize":
                code = secrets.token_urlsafe(16)
                provider.codes[code] = query["redirect_uri"]
                back = urlencode({"code": code, "state": query.get("state", "")})
                self.send_response(302)
                self.send_header("Location", f"{query['redirect_uri']}?{back}")
                self.end_headers()
            elif parts.path.startswith("/tokeninfo"):
                token = parts.path.removeprefix("/tokeninfo/")
                good = provider.access.get(token, 0.0) > time.time()
                body: dict[str, object] = {"active": "yes" if good else "no"}
                if good:
                    body["email"] = provider.user
                self._json(200 if good else 401, body)
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = {
                k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()
            }
            provider.token_requests.append(form)
            if form.get("client_secret", "") != CLIENT_SECRET:
                self._json(401, {"error": "invalid_client"})
            elif form.get("grant_type") == "authorization_code":
                if provider.codes.pop(form.get("code", ""), None) is None:
                    self._json(400, {"error": "invalid_grant"})
                else:
                    self._json(200, provider._grant())
            elif form.get("grant_type") == "refresh_token":
                if form.get("refresh_token") not in provider.refresh:
                    self._json(400, {"error": "invalid_grant"})
                else:
                    grant = provider._grant()
                    grant.pop("refresh_token")  # the old one stays good
                    self._json(200, grant)
            else:
                self._json(400, {"error": "unsupported_grant_type"})

    return Handler


@contextmanager
def running() -> Iterator[Provider]:
    provider = Provider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    provider.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()

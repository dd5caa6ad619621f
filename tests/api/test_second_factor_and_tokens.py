"""The API asks for what the pages ask for: where staff must use two-step
sign-in, a password-only session gets nothing, and a token works only if it
was made in a session that used it. Tokens end on expiry and on a new
password, and are never stored as they are."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tickets.models import ApiToken
from tickets.services.canned import api_token_renew

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def staff(settings):
    settings.HELPDESK_STAFF_TWO_FACTOR = True
    return UserFactory(is_staff=True)


def test_a_password_only_staff_session_gets_nothing_from_the_api(client, staff):
    """Before: 200 with the whole queue, and changes accepted."""
    client.post("/agent/login/", {"username": staff.username, "password": PASSWORD})
    assert client.get("/agent/").status_code == 302  # pages: set it up first
    response = client.get("/api/v1/tickets/")
    assert response.status_code == 403
    assert "Two-step sign-in is required" in response.json()["detail"]


def test_a_staff_session_with_its_code_reads_the_queue(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    client.post(
        "/agent/login/",
        {
            "username": staff.username,
            "password": PASSWORD,
            "otp_token": _code(device),
        },
    )
    assert client.get("/api/v1/tickets/").status_code == 200


def test_a_staff_token_made_without_the_second_step_is_refused(staff):
    key = api_token_renew(user=staff, second_factor=False)
    response = _with_token(key).get("/api/v1/tickets/")
    assert response.status_code == 403
    assert "made without two-step sign-in" in response.json()["detail"]
    verified = api_token_renew(user=staff, second_factor=True)
    assert _with_token(verified).get("/api/v1/tickets/").status_code == 200


def test_a_token_is_made_in_preferences_only_after_the_second_step(client, staff):
    client.post("/agent/login/", {"username": staff.username, "password": PASSWORD})
    refused = client.post("/agent/profile/token/")
    assert refused.status_code == 302
    assert refused["Location"] == "/agent/profile/two-factor/"
    assert not ApiToken.objects.exists()


def test_a_new_password_ends_the_token(agent):
    """Before: a token survived a password change, for ever."""
    key = api_token_renew(user=agent, second_factor=False)
    assert _with_token(key).get("/api/v1/tickets/").status_code == 200
    agent.set_password("a brand new passphrase 2026")
    agent.save()
    response = _with_token(key).get("/api/v1/tickets/")
    assert response.status_code == 403
    assert "ended when the password changed" in response.json()["detail"]


def test_a_token_expires(agent, settings, clock):
    settings.HELPDESK_API_TOKEN_DAYS = 30
    key = api_token_renew(user=agent, second_factor=False)
    clock.shift(29 * 86400)
    assert _with_token(key).get("/api/v1/tickets/").status_code == 200
    clock.shift(2 * 86400)
    response = _with_token(key).get("/api/v1/tickets/")
    assert response.status_code == 403
    assert "expired" in response.json()["detail"]


def test_the_database_holds_no_usable_key(agent):
    key = api_token_renew(user=agent, second_factor=False)
    token = ApiToken.objects.get()
    assert key not in {token.digest, token.password_stamp}
    assert _with_token(token.digest).get("/api/v1/tickets/").status_code == 403


def test_the_preferences_page_says_when_the_token_ends(agent_client, settings):
    settings.HELPDESK_API_TOKEN_DAYS = 90
    agent_client.post("/agent/profile/token/")
    page = agent_client.get("/agent/profile/").content.decode()
    assert "and works until" in page

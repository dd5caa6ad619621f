"""Two-step sign-in: an agent turns it on with an authenticator app; then a
password alone no longer opens the account. Staff can be made to use it."""

import re
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _sign_in(client, user, **extra):
    data = {"username": user.username, "password": PASSWORD} | extra
    return client.post("/agent/login/", data)


def test_an_agent_turns_it_on_by_scanning_and_entering_a_code(agent_client, agent):
    page = agent_client.post("/agent/profile/two-factor/", {"action": "start"})
    html = page.content.decode()
    assert "<svg" in html
    key = re.search(r"Key: <code>([A-Z2-7=]+)</code>", html).group(1)
    device = TOTPDevice.objects.get(user=agent, confirmed=False)
    assert key.rstrip("=") in device.config_url
    wrong = agent_client.post(
        "/agent/profile/two-factor/", {"action": "confirm", "token": "000000"}
    )
    assert wrong.status_code == 400
    assert "That code did not match" in wrong.content.decode()
    done = agent_client.post(
        "/agent/profile/two-factor/", {"action": "confirm", "token": _code(device)}
    )
    assert done.status_code == 302
    assert TOTPDevice.objects.get(user=agent).confirmed


def test_with_it_on_a_password_alone_does_not_sign_in(client, agent):
    device = TOTPDevice.objects.create(user=agent, name="app", confirmed=True)
    without = _sign_in(client, agent)
    assert without.status_code == 200
    assert "Enter the 6-digit code" in without.content.decode()
    assert "_auth_user_id" not in client.session
    wrong = _sign_in(client, agent, otp_token="123456")
    assert "That code did not match" in wrong.content.decode()
    hurried = _sign_in(client, agent, otp_token=_code(device))
    assert "Too many wrong codes" in hurried.content.decode()  # throttled
    time.sleep(1.1)  # django-otp's delay after one wrong code
    right = _sign_in(client, agent, otp_token=_code(device))
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(agent.pk)
    assert client.session["otp_device_id"] == device.persistent_id


def test_staff_must_set_it_up_when_the_setting_is_on(client, settings):
    settings.HELPDESK_STAFF_TWO_FACTOR = True
    staff = UserFactory(is_staff=True)
    assert _sign_in(client, staff).status_code == 302
    queue = client.get("/agent/")
    assert queue.status_code == 302
    assert queue["Location"] == "/agent/profile/two-factor/"
    setup = client.get("/agent/profile/two-factor/").content.decode()
    assert "Staff accounts here must sign in with a code" in setup
    client.post("/agent/profile/two-factor/", {"action": "start"})
    device = TOTPDevice.objects.get(user=staff)
    client.post(
        "/agent/profile/two-factor/", {"action": "confirm", "token": _code(device)}
    )
    assert client.get("/agent/").status_code == 200

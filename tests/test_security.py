"""Secure by default: open webhooks named by the deploy check, HTTPS settings that
pass Django's deploy check, a sign-in throttle, one client one bucket behind
a proxy, a Content-Security-Policy without inline script, and limits."""

import json
from ipaddress import ip_network

import pytest
from rest_framework.test import APIClient

from tests.subprocesses import manage, settings_in_subprocess
from tickets.models import Ticket

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-long-production-secret-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "help.example.com",
    "SITE_URL": "https://help.example.com",
    "ANYMAIL_WEBHOOK_SECRET": "hook:a-long-random-password",
}


def test_the_deploy_check_names_email_webhooks_without_their_secret():
    """The webhooks refuse at every request without it (test_hostile_mail);
    the deploy check says so before a provider's mail is refused."""
    env = {k: v for k, v in PRODUCTION.items() if k != "ANYMAIL_WEBHOOK_SECRET"}
    result = manage(env, "check", "--deploy")
    assert result.returncode != 0
    assert "helpdesk.E001" in result.stderr
    assert "Set ANYMAIL_WEBHOOK_SECRET=user:password" in result.stderr
    without_webhooks = env | {"HELPDESK_EMAIL_WEBHOOKS": "false"}
    assert manage(without_webhooks, "check", "--deploy").returncode == 0


def test_the_deploy_check_is_clean_under_production_settings():
    result = manage(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db  # the portal's banner reads the known problems
def test_pages_are_served_with_a_policy_that_forbids_inline_script(client):
    response = client.get("/tickets/new/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"<script>" not in docs.content  # the split view's script is a file


@pytest.mark.django_db
def test_agent_sign_in_pauses_after_five_wrong_passwords(client, agent):
    statuses = [
        client.post(
            "/agent/login/", {"username": agent.username, "password": "guess"}
        ).status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth locks
    right = client.post(
        "/agent/login/",
        {"username": agent.username, "password": "correct horse battery staple"},
    )
    assert right.status_code == 429
    assert "Sign-in paused" in right.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.fixture
def behind_one_proxy(settings):
    # As HELPDESK_TRUSTED_PROXIES=1 configures it (checked below), with the
    # proxy on the private network.
    settings.XFF_TRUSTED_PROXY_DEPTH = 1
    settings.HELPDESK_TRUSTED_PROXY_ADDRESSES = [ip_network("10.0.0.0/24")]
    settings.MIDDLEWARE = [
        "helpdesk.middleware.ForwardedOnlyFromProxies",
        "xff.middleware.XForwardedForMiddleware",
        *settings.MIDDLEWARE,
    ]


@pytest.mark.django_db
@pytest.mark.usefixtures("behind_one_proxy")
def test_behind_one_proxy_each_customer_has_their_own_rate_limit(
    client, ticket_form, settings
):
    settings.HELPDESK_RATE_LIMIT_PER_IP = 2
    settings.HELPDESK_RATE_LIMIT_PER_EMAIL = 100
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    def submit(forwarded, n):
        form = ticket_form | {"email": f"p{n}@example.com"}
        return client.post(
            "/tickets/new/", form, HTTP_X_FORWARDED_FOR=forwarded, **proxy
        ).status_code

    assert [submit("203.0.113.7", n) for n in range(3)] == [302, 302, 429]
    # Another customer behind the same proxy is not blocked by the first.
    assert submit("198.51.100.9", 3) == 302
    # A forged header cannot buy the blocked customer a fresh bucket.
    assert submit("192.0.2.99, 203.0.113.7", 4) == 429


@pytest.mark.django_db
@pytest.mark.usefixtures("behind_one_proxy")
def test_a_client_reaching_gunicorn_directly_cannot_choose_its_address(
    client, ticket_form, settings
):
    """Before: with HELPDESK_TRUSTED_PROXIES=1 a forged X-Forwarded-For from
    anyone who reached gunicorn directly was believed, and each forged
    address had a fresh rate limit (and sign-in throttle)."""
    settings.HELPDESK_RATE_LIMIT_PER_IP = 2
    settings.HELPDESK_RATE_LIMIT_PER_EMAIL = 100
    statuses = [
        client.post(
            "/tickets/new/",
            ticket_form | {"email": f"d{n}@example.com"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
            REMOTE_ADDR="203.0.113.50",  # not our proxy
        ).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]


@pytest.mark.django_db
def test_json_nested_too_deep_is_a_400():
    body = "[" * 100_000 + "]" * 100_000
    response = APIClient().post(
        "/api/v1/tickets/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert not Ticket.objects.exists()


@pytest.mark.django_db
def test_a_flood_of_replies_on_one_ticket_is_paused_with_the_text_kept(
    client, open_ticket, settings
):
    settings.HELPDESK_REPLY_LIMIT_PER_TICKET = 3
    ticket = open_ticket()
    statuses = [
        client.post(f"/t/{ticket.access_key}/reply/", {"message": f"n{n}"}).status_code
        for n in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    paused = client.post(f"/t/{ticket.access_key}/reply/", {"message": "kept text"})
    assert "paused new ones" in paused.content.decode()
    assert "kept text</textarea>" in paused.content.decode()
    api = APIClient().post(
        f"/api/v1/customer/tickets/{ticket.access_key}/messages/",
        json.dumps({"body": "one more"}),
        content_type="application/json",
    )
    assert api.status_code == 429
    assert ticket.messages.count() == 4  # the first message and three replies


def test_trusting_one_proxy_puts_the_proxy_check_and_django_xff_first():
    result = settings_in_subprocess(
        {
            "HELPDESK_TRUSTED_PROXIES": "1",
            "HELPDESK_TRUSTED_PROXY_ADDRESSES": "10.0.0.5,172.18.0.0/16",
        },
        "*settings.MIDDLEWARE[:2], settings.XFF_TRUSTED_PROXY_DEPTH, "
        "*settings.HELPDESK_TRUSTED_PROXY_ADDRESSES",
    )
    assert result.stdout.split() == [
        "helpdesk.middleware.ForwardedOnlyFromProxies",
        "xff.middleware.XForwardedForMiddleware",
        "1",
        "10.0.0.5/32",
        "172.18.0.0/16",
    ]


def test_plain_http_deployments_turn_every_https_rule_off_together():
    result = settings_in_subprocess(
        PRODUCTION | {"DJANGO_SECURE_COOKIES": "0"},
        "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS",
    )
    assert result.stdout.split() == ["False", "False", "False", "0"], result.stderr

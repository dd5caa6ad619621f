"""The README's *Production* steps, followed verbatim as a new operator
would: a clean checkout, a fresh virtualenv, ``pip install .``, migrate,
collectstatic, gunicorn and ``celery -A helpdesk worker -B``, on PostgreSQL,
a Redis and a mail server of the test's own. A German customer opens the
form and submits a ticket: the page and the acknowledgement are German.

Before: the catalogues were compiled only by ``make``, and this recipe
served ``<html lang="de">`` in English words and an English email."""

import email
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from email.policy import default
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings

from tests.bench.harness import free_port, recreate_database
from tests.faults.processes import OwnRedis, ScriptedSMTP

pytestmark = pytest.mark.production
ROOT = Path(django_settings.BASE_DIR)
README = (ROOT / "README.md").read_text()


def _recipe() -> list[str]:
    """The commands of the README's Production block, as written there."""
    block = README.split("## Production", 1)[1].split("```sh", 1)[1].split("```")[0]
    return [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("the production recipe runs on PostgreSQL (CI sets DATABASE_URL)")
    return urlunsplit(urlsplit(url)._replace(path="/helpdesk_recipe"))


def _run(command: str, cwd: Path, env: dict[str, str], venv: Path) -> None:
    words = command.split()
    words[0] = (
        str(venv / "bin" / words[0])
        if words[0] != "python"
        else str(venv / "bin" / "python")
    )
    done = subprocess.run(
        words, cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, (
        f"{command}:\n{done.stdout[-2000:]}{done.stderr[-3000:]}"
    )


def test_the_production_recipe_serves_a_german_customer_in_german(tmp_path):
    recipe = _recipe()
    assert recipe[0] == "pip install ."
    assert recipe[-2].startswith("gunicorn helpdesk.wsgi")
    assert recipe[-1].startswith("celery -A helpdesk worker")
    database = _database_url()
    recreate_database(database)

    checkout = tmp_path / "checkout"
    subprocess.run(
        ["git", "clone", "--quiet", str(ROOT), str(checkout)], check=True, timeout=120
    )
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)

    redis = OwnRedis(tmp_path)
    redis.start()
    mail = ScriptedSMTP()
    smtp = Controller(mail, hostname="127.0.0.1", port=free_port())
    smtp.start()
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "EMAIL_", "HELPDESK_", "ANYMAIL_"))
        and key not in {"VIRTUAL_ENV", "PYTHONPATH", "VAR_DIR", "DATABASE_URL"}
    } | {
        "PATH": f"{venv / 'bin'}:{os.environ['PATH']}",
        "DATABASE_URL": database,
        "REDIS_URL": redis.url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
        "DJANGO_SECRET_KEY": "recipe-test-secret-" + "k" * 40,
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DJANGO_SECURE_COOKIES": "false",  # plain HTTP on loopback
        "HELPDESK_EMAIL_WEBHOOKS": "false",  # no provider posts here
        "VAR_DIR": str(tmp_path / "var"),
    }
    servers: list[subprocess.Popen[bytes]] = []
    try:
        for command in recipe[:-2]:
            _run(command, checkout, env, venv)
        for command, extra in (
            (recipe[-2], f" --bind 127.0.0.1:{port}"),
            (recipe[-1], ""),
        ):
            words = (command.split("#")[0].strip() + extra).split()
            log = (tmp_path / f"{words[0]}.log").open("wb")
            servers.append(
                subprocess.Popen(
                    [str(venv / "bin" / words[0]), *words[1:]],
                    cwd=checkout,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar())
        )
        form_url = f"http://127.0.0.1:{port}/tickets/new/"
        page = _get(opener, form_url, seconds=60)
        assert '<html lang="de">' in page
        assert "Ticket eröffnen" in page
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None
        body = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "name": "Gisela Müller",
                "email": "gisela@example.de",
                "subject": "Drucker druckt leere Seiten",
                "message": "Seit dem Update druckt der Drucker nur leere Seiten.",
                "website": "",
            }
        ).encode()
        request = urllib.request.Request(
            form_url,
            data=body,
            headers={"Accept-Language": "de-DE", "Referer": form_url},
        )
        confirmation = opener.open(request, timeout=30).read().decode()
        assert "Danke, Ihre Anfrage ist bei uns" in confirmation
        deadline = time.monotonic() + 90
        while not mail.received and time.monotonic() < deadline:
            time.sleep(0.5)
        assert mail.received, (tmp_path / "celery.log").read_text()[-3000:]
        acknowledgement = email.message_from_bytes(mail.received[0], policy=default)
        assert acknowledgement["To"] == "Gisela Müller <gisela@example.de>"
        assert acknowledgement["Content-Language"] == "de"
        assert "Wir haben Ihre Anfrage erhalten" in acknowledgement["Subject"]
        text = acknowledgement.get_body(("plain",)).get_content()
        assert "Danke, dass Sie sich an" in text
    finally:
        for server in servers:
            os.killpg(server.pid, 15)
        for server in servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, 9)
        smtp.stop()
        redis.stop()
        shutil.rmtree(checkout, ignore_errors=True)


def _get(opener: urllib.request.OpenerDirector, url: str, seconds: float) -> str:
    """The form as a German browser asks for it, once gunicorn answers."""
    deadline = time.monotonic() + seconds
    while True:
        request = urllib.request.Request(url, headers={"Accept-Language": "de-DE"})
        try:
            return str(opener.open(request, timeout=10).read().decode())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)

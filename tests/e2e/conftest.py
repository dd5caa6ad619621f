"""Real headless Chromium (Debian's), driven by Playwright through
executable_path. Without Chromium the browser tests are skipped with the
reason, except in CI, where that is a failure."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = _chromium()
    if executable is None:
        message = "Debian's chromium is not installed (make browsers installs it)"
        if os.environ.get("CI"):
            pytest.fail(f"Browser tests must run in CI: {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def artifacts() -> Path:
    folder = Path(
        os.environ.get("TEST_ARTIFACTS_DIR", str(Path(settings.VAR_DIR) / "artifacts"))
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def new_page(browser, live_server):
    contexts = []

    def make():
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


PASSWORD = "correct horse battery staple"


@pytest.fixture
def agent_user():
    """Sam, an agent of the General queue, signing in with PASSWORD."""
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory
    from tickets.models import Queue

    user = UserFactory(username="sam", first_name="Sam", last_name="Agent")
    user.groups.add(Group.objects.get_or_create(name="Agents")[0])
    # The migration's queue, unless an earlier transactional test emptied the
    # database without its data coming back (threads closing SQLite's shared
    # in-memory connection do that).
    general, _ = Queue.objects.get_or_create(
        slug="general", defaults={"name": "General", "is_default": True}
    )
    general.agents.add(user)
    return user


def sign_in(page, user) -> None:
    """Sign in on the agents' page and land on the queue."""
    page.goto("/agent/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/agent/")


def compose(page, text: str, *, form: str = "#composer") -> None:
    """Write ``text`` in a form's editor (static/js/composer_format.js) in
    place of what was there, as an agent typing it would."""
    editor = page.locator(f"{form} trix-editor")
    editor.click()
    editor.evaluate(
        "(el, text) => { el.editor.loadHTML(''); el.editor.insertString(text); }", text
    )


def composed(page, form: str = "#composer") -> str:
    """The plain text the editor keeps for the form (what it sends as body),
    once the editor has handed over its latest change."""
    page.wait_for_function(
        r"""(form) => {
          const editor = document.querySelector(form + " trix-editor").editor;
          const text = document.querySelector(form + " textarea[name=body]");
          const now = editor.getDocument().toString();
          return text.value === now.replace(/\uFFFC/g, "").replace(/\s+$/, "");
        }""",
        arg=form,
    )
    return str(page.input_value(f"{form} textarea[name=body]"))


def part_names(sent) -> list[str]:
    """The file names of an email's parts: attached, or shown inline."""
    return [
        part.get_filename() if hasattr(part, "get_filename") else part[0]
        for part in sent.attachments
    ]

"""Run Django in a fresh process with a given environment: settings are read
once at start-up, so production settings are tested where they are read."""

import os
import subprocess
import sys

from django.conf import settings

# Variables of this process that would leak into the child's configuration.
CONFIGURATION = ("DJANGO_", "EMAIL_", "ANYMAIL_", "HELPDESK_")


def run_python(
    code: str,
    env: dict[str, str],
    *,
    keep: tuple[str, ...] = (),
    development: bool = True,
    argv: list[str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python -c code`` with this environment minus its configuration
    (``keep`` names prefixes not to drop), plus ``env``; as on a developer's
    machine (DJANGO_DEBUG=true) unless ``env`` says or ``development`` is
    False (then nothing sets it: the product's own default)."""
    dropped = tuple(p for p in CONFIGURATION if p not in keep)
    base = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    base["DJANGO_SETTINGS_MODULE"] = "helpdesk.settings"
    if development:
        base["DJANGO_DEBUG"] = "true"
    return subprocess.run(
        [sys.executable, "-c", code, *(argv or [])],
        env=base | env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=120,
        check=False,
    )


def settings_in_subprocess(
    env: dict[str, str], expression: str, *, development: bool = True
) -> subprocess.CompletedProcess[str]:
    """Print ``expression`` (over ``settings``) as a fresh process sees it."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"print({expression})"
    )
    return run_python(code, env, development=development)


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys; from django.core.management import execute_from_command_line; "
        f"execute_from_command_line(['manage.py', *{list(args)!r}])"
    )
    return run_python(code, env)

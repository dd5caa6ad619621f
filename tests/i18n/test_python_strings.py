"""What Python says to people is translated, as the template scan checks
for templates: flash messages, form and validation errors, service errors,
labels and help texts, the reasons written into a ticket's history or a
customer's email. A sentence (two words or more) handed to one of those
without a translation function around it fails, with its place."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("tickets", "kb", "notifications", "helpdesk")
# What reads a sentence to a person.
SPOKEN_CALLS = {
    "success",
    "error",
    "warning",
    "info",
    "ValidationError",
    "add_error",
    "TicketError",
    "InvalidChange",
    "TransitionNotAllowed",
    "TicketChangedMeanwhile",
    "Http404",
    "PermissionDenied",
    "AuthenticationFailed",
}
SPOKEN_KEYWORDS = {"label", "help_text", "verbose_name", "description", "reason"}
# Not for people: the logs, operators' command lines, and providers'
# machines (the email webhooks answer them, not a person).
NOT_SPOKEN = {
    "helpdesk/middleware.py": "the email webhooks' answers are read by providers",
}


def _sentence(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(
            v.value
            for v in node.values
            if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    else:
        return None
    return text if len(text.split()) >= 2 and any(c.isalpha() for c in text) else None


def _spoken(call: ast.Call) -> list[ast.AST]:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    owner = ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""
    if owner in ("logger", "logging", "self.stdout", "self.stderr"):
        return []
    found: list[ast.AST] = []
    if name in SPOKEN_CALLS:
        found += call.args
    found += [k.value for k in call.keywords if k.arg in SPOKEN_KEYWORDS]
    spoken: list[ast.AST] = []
    for node in found:
        spoken += node.values if isinstance(node, ast.Dict) else [node]
    return [node for node in spoken if node is not None]


def _untranslated() -> list[str]:
    problems = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            place = str(path.relative_to(ROOT))
            if {"migrations", "management"} & set(path.parts) or place in NOT_SPOKEN:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Call):
                    for said in _spoken(node):
                        if (text := _sentence(said)) is not None:
                            problems.append(f"{place}:{said.lineno}: {text!r}")
    return problems


def test_every_sentence_python_says_to_a_person_is_translated():
    assert _untranslated() == []


def test_the_scan_finds_an_untranslated_flash_message(tmp_path, monkeypatch):
    """The scan is not blind: a bare sentence in a view is reported."""
    module = tmp_path / "tickets" / "views" / "example.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "from django.contrib import messages\n"
        "def view(request):\n"
        "    messages.success(request, 'Your reply was sent.')\n"
        "    messages.success(request, _('Translated, fine.'))\n"
    )
    monkeypatch.setattr("tests.i18n.test_python_strings.ROOT", tmp_path, raising=True)
    assert _untranslated() == ["tickets/views/example.py:3: 'Your reply was sent.'"]

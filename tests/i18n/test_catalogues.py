"""The catalogues are complete, current, and a new language needs only its
own: every message translated and none fuzzy, nothing marked in the code
that ``makemessages`` would add, and no words in a template that no
translation tag covers."""

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings

from helpdesk.core.locales import available_languages
from tests.i18n.scan import untranslated

ROOT = Path(settings.BASE_DIR)
TEMPLATES = ROOT / "templates"
DOMAINS = ("django", "djangojs")
# What makemessages reads: the product's code, templates and scripts.
SOURCES = (
    "helpdesk",
    "tickets",
    "kb",
    "notifications",
    "templates",
    "static",
    "manage.py",
)


def _catalogues(root: Path) -> dict[tuple[str, str], Catalog]:
    found = {}
    for language, _name in settings.LANGUAGES:
        for domain in DOMAINS:
            path = root / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
            with path.open("rb") as source:
                found[(language, domain)] = read_po(source, locale=language)
    return found


def _ids(catalogue: Catalog) -> set[tuple[str | None, object]]:
    return {(m.context, m.id) for m in catalogue if m.id}


def test_english_and_german_are_the_languages_offered():
    assert [code for code, _ in settings.LANGUAGES] == ["en", "de"]
    assert dict(settings.LANGUAGES)["de"] == "Deutsch"


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_is_translated_and_none_is_fuzzy(language, domain):
    catalogue = _catalogues(ROOT)[(language, domain)]
    messages = [m for m in catalogue if m.id]
    assert len(messages) > (500 if domain == "django" else 5)
    untranslated_ids = [
        m.id
        for m in messages
        if not (all(m.string) if isinstance(m.string, tuple | list) else m.string)
    ]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated_ids == []
    assert fuzzy == []
    assert not catalogue.fuzzy


def test_makemessages_would_not_change_the_catalogues(tmp_path):
    """Run makemessages on a copy of the product: every string marked in the
    code is in the catalogues, and none is there that the code lost."""
    if shutil.which("xgettext") is None:
        message = "GNU gettext is not installed (make gettext installs it)"
        if os.environ.get("CI"):
            pytest.fail(f"The catalogue check must run in CI: {message}")
        pytest.skip(message)
    for name in (*SOURCES, "locale"):
        source = ROOT / name
        target = tmp_path / name
        if source.is_dir():
            shutil.copytree(
                source, target, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
            )
        else:
            shutil.copy(source, target)
    common = ["--all", "--no-obsolete", "--no-location"]
    for extra in (
        [],
        ["--domain=djangojs", "--ignore=static/css", "--ignore=static/vendor"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", *common, *extra],
            cwd=tmp_path,
            check=True,
            capture_output=True,
            env={"PATH": "/usr/bin:/bin", "VAR_DIR": str(tmp_path / "var")},
        )
    fresh, committed = _catalogues(tmp_path), _catalogues(ROOT)
    for key, catalogue in committed.items():
        assert _ids(fresh[key]) - _ids(catalogue) == set(), f"not in {key}"
        assert _ids(catalogue) - _ids(fresh[key]) == set(), f"stale in {key}"


def test_no_template_has_words_outside_a_translation_tag():
    found = [
        problem
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file()
        for problem in untranslated(path, TEMPLATES)
    ]
    assert found == []


def test_the_scan_finds_words_left_unmarked(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '{% load i18n %}<p>{% translate "Marked" %}</p>\n'
        "<p>Left in English {{ name }}</p>\n"
        '<input placeholder="Type here"><a title="{% translate "Fine" %}">'
        "&rarr;</a>{% blocktranslate %}Also fine {{ name }}{% endblocktranslate %}"
    )
    texts = [problem.text for problem in untranslated(page, tmp_path)]
    assert texts == ["Left in English", 'placeholder="Type here"']


def test_a_third_language_is_its_catalogue_only(tmp_path):
    for code in ("de", "fr"):
        folder = tmp_path / code / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "django.po").write_text("")
    assert available_languages(tmp_path, "en") == [
        ("en", "English"),
        ("de", "Deutsch"),
        ("fr", "français"),
    ]


def _visible_fields():
    import inspect

    from django import forms

    import kb.forms
    import tickets.agent_forms
    import tickets.forms

    for module in (tickets.forms, tickets.agent_forms, kb.forms):
        for name, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, forms.BaseForm) and form.__module__ == module.__name__:
                for field_name, field in form.base_fields.items():
                    if not field.widget.is_hidden:
                        yield f"{name}.{field_name}", field


def test_every_form_field_a_person_sees_has_a_translated_label():
    from django import forms
    from django.utils.functional import Promise

    unlabelled = [
        name
        for name, field in _visible_fields()
        if not isinstance(field.label, Promise)
    ]
    assert unlabelled == []
    fixed_choices = [
        f"{name}: {label!r}"
        for name, field in _visible_fields()
        if not isinstance(field, forms.ModelChoiceField)  # names from the database
        for _value, label in getattr(field, "choices", [])
        # A language is named in its own language, whatever the page's.
        if isinstance(label, str) and label not in dict(settings.LANGUAGES).values()
    ]
    assert fixed_choices == []


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", ["en", "de"])
def test_the_committed_compiled_catalogue_is_its_source_compiled(language, domain):
    """What production serves is the .mo in the repository (German was lost
    when only make compiled them): it must say what the .po says."""
    folder = ROOT / "locale" / language / "LC_MESSAGES"
    with (folder / f"{domain}.po").open("rb") as source:
        compiled = io.BytesIO()
        write_mo(compiled, read_po(source))
    assert (folder / f"{domain}.mo").read_bytes() == compiled.getvalue(), (
        "run `make catalogues` and commit the .mo files"
    )

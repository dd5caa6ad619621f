"""Issue 26, items 6 and 7: help-centre search on the embedded default
(SQLite has no full text search: kb.matching stems words and forgives typos
in Python). Run here through the words engine whatever the database, as
SQLite runs it; on a SQLite checkout the whole suite uses it anyway."""

import pytest
from django.test import Client

from kb import search, selectors
from kb.models import Article, Category, CategoryTranslation

pytestmark = pytest.mark.django_db

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE"}


@pytest.fixture(autouse=True)
def _words_engine(monkeypatch):
    monkeypatch.setattr(search, "full_text", lambda: False)


@pytest.fixture
def desk(article):
    reset = article(
        "Reset your password",
        body="On the sign-in page choose Forgot your password? and follow the link.",
        summary="A new password in two minutes.",
    )
    german = article(
        "Passwörter zurücksetzen",
        body="Wählen Sie auf der Anmeldeseite Passwort vergessen? und folgen "
        "Sie dem Link in den Einstellungen.",
        summary="Ein neues Passwort in zwei Minuten.",
        language="de",
        translation_of=reset,
    )
    export = article(
        "Export to CSV",
        body="Open the list you want, set the filters, then choose Export. "
        "Large exports are emailed to you as a link when ready.",
        summary="Download your data as a spreadsheet.",
    )
    invoices = article(
        "Download your invoices",
        body="Billing lists every invoice; each has a PDF link you can open.",
        summary="Every invoice as a PDF, any time.",
    )
    sign_in = article(
        "Two-step sign-in",
        body="Turn on two-step sign-in under Profile to protect your account.",
        summary="A code from your phone at each sign-in.",
    )
    return reset, german, export, invoices, sign_in


def _titles(hits):
    return [hit.article.title for hit in hits]


def test_a_typo_still_finds_the_article(client, desk):
    page = client.get("/kb/search/", {"q": "pasword"}).content.decode()
    assert "Reset your password" in page
    assert "Download your invoices" not in page
    assert "1 article matches “pasword”." in page
    nothing = client.get("/kb/search/", {"q": "zzyzx"}).content.decode()
    assert "No article matches" in nothing


def test_stemming_finds_other_forms_of_a_word(desk):
    assert _titles(selectors.search("passwords")) == ["Reset your password"]
    assert _titles(selectors.search("exported")) == ["Export to CSV"]


def test_a_german_reader_finds_german_forms_and_reads_german_first(client, desk):
    assert _titles(selectors.search("Passwörter", language="de")) == [
        "Passwörter zurücksetzen"
    ]
    assert _titles(selectors.search("Einstellung", language="de")) == [
        "Passwörter zurücksetzen"
    ]
    page = Client(**GERMAN).get("/kb/search/?q=Passwörter").content.decode()
    assert "Passwörter zurücksetzen" in page
    assert "<mark>Passw" in page
    # Where an English article scores higher, the German one still leads.
    both = selectors.suggestions("Minuten zwei PDF invoice", language="de")
    assert [s["title"] for s in both] == [
        "Passwörter zurücksetzen",
        "Download your invoices",
    ]


def test_suggestions_for_a_login_problem_leave_unrelated_articles_out(desk):
    suggested = selectors.suggestions("Cannot sign in to my account since this morning")
    titles = [s["title"] for s in suggested]
    assert "Two-step sign-in" in titles
    assert "Export to CSV" not in titles
    assert "Download your invoices" not in titles


def test_topics_are_read_in_the_readers_language(client, article):
    topic = Category.objects.create(
        name="Account and sign-in", slug="account", description="Passwords."
    )
    CategoryTranslation.objects.create(
        category=topic,
        language="de",
        name="Konto und Anmeldung",
        description="Passwörter.",
    )
    article("Reset your password", category=topic)
    german = Client(**GERMAN).get("/kb/").content.decode()
    assert "Konto und Anmeldung" in german
    assert "Account and sign-in" not in german
    assert "Account and sign-in" in client.get("/kb/").content.decode()
    page = Client(**GERMAN).get(topic.get_absolute_url()).content.decode()
    assert "<h1>Konto und Anmeldung</h1>" in page


def test_a_changed_article_is_searched_anew(desk):
    reset = desk[0]
    assert _titles(selectors.search("lighthouse")) == []
    Article.objects.filter(pk=reset.pk).update(body_text="A lighthouse.")
    selectors.articles_changed()
    assert _titles(selectors.search("lighthouse")) == ["Reset your password"]

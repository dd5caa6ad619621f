"""Help articles per language: the visitor's language where translated,
English otherwise; German text stemmed as German."""

import pytest
from django.core import mail
from django.test import Client

from kb import selectors
from kb.models import Article

pytestmark = pytest.mark.django_db

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE"}


@pytest.fixture
def reset(article):
    english = article(
        "Reset your password",
        body="Open Settings, choose Password and follow the link we email you.",
        summary="A new password in two minutes.",
    )
    german = article(
        "Passwörter zurücksetzen",
        body="Öffnen Sie die Einstellungen, wählen Sie Passwort und folgen Sie "
        "dem Link.",
        summary="Ein neues Passwort in zwei Minuten.",
        language="de",
        translation_of=english,
    )
    only_english = article(
        "Export your invoices", body="Invoices export as PDF or CSV."
    )
    return english, german, only_english


def test_a_german_reader_gets_the_translation_and_english_where_there_is_none(
    reset,
):
    english, german, only_english = reset
    client = Client(**GERMAN)
    index = client.get("/kb/").content.decode()
    assert "Passwörter zurücksetzen" in index
    assert "Reset your password" not in index
    assert "Export your invoices" in index  # no German yet: the English one
    assert f'lang="en"><a href="{only_english.get_absolute_url()}"' in index
    # The English address leads a German reader to the German article.
    response = client.get(english.get_absolute_url() + "?from=suggestion")
    assert response.status_code == 302
    assert response["Location"] == german.get_absolute_url() + "?from=suggestion"
    page = client.get(german.get_absolute_url()).content.decode()
    assert '<article class="kb-article" lang="de">' in page
    assert "War das hilfreich?" in page
    # An English reader keeps the English one, even from the German address.
    assert (
        Client().get(german.get_absolute_url())["Location"]
        == english.get_absolute_url()
    )
    assert "Reset your password" in Client().get("/kb/").content.decode()


def test_german_search_stems_german_words(reset, postgresql):
    english, german, _only_english = reset
    found = [hit.article.pk for hit in selectors.search("Passwörter", language="de")]
    assert found == [german.pk]
    # "Passwort" (singular) and "Einstellung" find the plural forms' article.
    assert [h.article.pk for h in selectors.search("Passwort", language="de")] == [
        german.pk
    ]
    assert [h.article.pk for h in selectors.search("Einstellung", language="de")] == [
        german.pk
    ]
    # English readers search the English article with English stemming.
    assert [h.article.pk for h in selectors.search("passwords")] == [english.pk]
    page = Client(**GERMAN).get("/kb/search/?q=Passwörter").content.decode()
    assert "Passwörter zurücksetzen" in page
    assert "<mark>Passwort</mark>" in page


def test_the_acknowledgement_suggests_articles_in_the_customer_s_language(
    reset, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Client(**GERMAN).post(
            "/tickets/new/",
            {
                "name": "Jonas",
                "email": "jonas@example.de",
                "subject": "Passwort vergessen",
                "message": "Ich komme nicht mehr rein.",
                "website": "",
            },
            REMOTE_ADDR="192.0.2.9",
        )
    (ack,) = mail.outbox
    assert "Passwörter zurücksetzen" in ack.body
    assert "Reset your password" not in ack.body


def test_an_agent_writes_a_translation_of_an_article(agent_client, reset):
    _english, _german, only_english = reset
    form = agent_client.get(f"/agent/kb/new/?translation_of={only_english.pk}")
    assert f'<option value="{only_english.pk}" selected>' in form.content.decode()
    data = {
        "title": "Rechnungen exportieren",
        "body": "Rechnungen gibt es als PDF oder CSV.",
        "status": "published",
        "language": "en",
        "translation_of": only_english.pk,
    }
    same = agent_client.post("/agent/kb/new/", data)
    assert same.status_code == 400
    assert (
        "A translation needs a language other than its original"
        in same.content.decode()
    )
    saved = agent_client.post("/agent/kb/new/", data | {"language": "de"})
    assert saved.status_code == 302
    translation = Article.objects.get(title="Rechnungen exportieren")
    assert (translation.language, translation.translation_of) == ("de", only_english)
    edit = agent_client.get(f"/agent/kb/{only_english.pk}/").content.decode()
    assert "Deutsch" in edit
    assert f"/agent/kb/{translation.pk}/" in edit

"""Issue 26, item 6: the scripts speak the page's language. Their catalogue
has an address per language (a browser that kept the English one fetches
the German one at once after a switch), and their sentences are in it."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_each_language_has_its_own_catalogue_address(agent):
    client = Client()
    client.force_login(agent)
    english = client.get("/agent/").content.decode()
    assert 'src="/jsi18n/en/"' in english
    client.post("/agent/profile/", {"email": agent.email, "language": "de"})
    german = client.get("/agent/").content.decode()
    assert 'src="/jsi18n/de/"' in german
    assert client.get("/jsi18n/xx/").status_code == 404


def test_the_scripts_sentences_are_in_the_german_catalogue():
    catalogue = Client().get("/jsi18n/de/").content.decode()
    for sentence in (
        "%(name)s schreibt eine Antwort",
        "%(name)s sieht sich dieses Ticket an",
        "ausgew\\u00e4hlt",
        "nicht als beantwortet abgehakt",
    ):
        assert sentence in catalogue
    # The English address stays English whatever the browser asks for.
    english = Client(HTTP_ACCEPT_LANGUAGE="de").get("/jsi18n/en/").content.decode()
    assert "schreibt eine Antwort" not in english

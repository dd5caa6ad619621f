"""Issue 26, item 11: the help-article loop closed. What readers said was
missing reaches the agents' list and editor; the editor shows the article
as read; "Related" never lists the article itself."""

import pytest
from django.test import Client

from kb import services
from kb.models import Article

pytestmark = pytest.mark.django_db


def test_what_was_missing_reaches_the_list_and_the_editor(agent_client, article):
    page = article("Export to CSV")
    services.vote_record(
        article=page, visitor="v1", helpful=False, comment="No word on dates"
    )
    services.vote_record(article=page, visitor="v2", helpful=False)
    services.vote_record(article=page, visitor="v3", helpful=True)
    listing = agent_client.get("/agent/kb/").content.decode()
    assert "1 comment" in listing
    editor = agent_client.get(f"/agent/kb/{page.pk}/").content.decode()
    assert "What readers said was missing" in editor
    assert "No word on dates" in editor
    assert "1 found it helpful, 2 did not." in editor


def test_the_editor_shows_the_article_as_read_and_cleaned(agent_client, article):
    page = article("Export to CSV", body="Choose **Export**.")
    editor = agent_client.get(f"/agent/kb/{page.pk}/").content.decode()
    assert "<strong>Export</strong>" in editor
    shown = agent_client.post(
        "/agent/kb/preview/", {"body": "A *list*:\n\n- one\n<script>alert(1)</script>"}
    ).content.decode()
    assert "<em>list</em>" in shown
    assert "<li>one</li>" in shown
    assert "<script>" not in shown
    # Without scripts: the Preview button shows it and saves nothing.
    previewed = agent_client.post(
        f"/agent/kb/{page.pk}/",
        {
            "title": "Export to CSV",
            "body": "Now **bold**.",
            "status": "published",
            "preview": "1",
        },
    ).content.decode()
    assert "Now <strong>bold</strong>." in previewed
    page.refresh_from_db()
    assert page.body == "Choose **Export**."
    assert Client().post("/agent/kb/preview/", {"body": "x"}).status_code in (302, 403)


def test_related_never_lists_the_article_itself_nor_its_translation(client, article):
    english = article("Reset your password")
    german = article("Passwort zurücksetzen", language="de", translation_of=english)
    other = article("Two-step sign-in")
    english.related.add(german, other)
    page = client.get(english.get_absolute_url()).content.decode()
    related = page.split("<h2>Related</h2>", 1)[1]
    assert "Two-step sign-in" in related
    assert "Passwort zurücksetzen" not in related
    assert Article.objects.get(pk=english.pk).related.count() == 2

"""Articles: sanitised pages, search that ranks titles first, votes."""

import pytest
from django.core import mail

from kb import services
from kb.models import Article, Vote

pytestmark = pytest.mark.django_db


def test_markdown_is_rendered_and_a_script_never_reaches_the_page(client, article):
    page = article(
        "Reset your password",
        body="**Steps:**\n\n1. Open *Settings*\n\n<script>alert('x')</script>\n\n"
        '<a href="javascript:alert(1)" onclick="steal()">click</a>',
    )
    html = client.get(page.get_absolute_url()).content.decode()
    assert "<strong>Steps:</strong>" in html
    assert "<em>Settings</em>" in html
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert "onclick" not in html


def test_drafts_are_not_public(client, article):
    draft = article("Secret plan", status=Article.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Secret plan" not in client.get("/kb/search/?q=secret").content.decode()


def test_a_title_match_beats_a_body_match(client, article):
    article("Shipping times", body="Invoices are sent when the parcel leaves. " * 5)
    article("Invoices and receipts", body="Where to find them.")
    hits = client.get("/kb/search/?q=invoices").context["hits"]
    assert [h.article.title for h in hits] == [
        "Invoices and receipts",
        "Shipping times",
    ]


def test_search_highlights_matches_and_escapes_the_text(client, article):
    article("Refunds", body="A refund takes <5 days> to reach your card.")
    page = client.get("/kb/search/?q=refund").content.decode()
    assert "<mark>" in page
    assert "&lt;5 days&gt;" in page
    assert "<5 days>" not in page


def test_search_with_nothing_found_offers_topics_popular_articles_and_a_ticket(
    client, article, billing
):
    article("Refunds", category=billing)
    page = client.get("/kb/search/?q=zebra").content.decode()
    assert "No article matches “zebra”" in page
    assert 'href="/tickets/new/"' in page
    assert "<h2>Topics</h2>" in page
    assert 'href="/kb/c/billing/"' in page
    assert "<h2>Popular</h2>" in page
    found = client.get("/kb/search/?q=refunds").content.decode()
    assert "1 article matches “refunds”." in found


def test_the_index_lists_topics_and_popular_articles(client, article, billing):
    popular = article("Pay by card", category=billing)
    services.article_viewed(article=popular)
    page = client.get("/kb/").content.decode()
    assert "Billing" in page
    assert "Pay by card" in page
    assert "Billing</a> (1)" in page


def test_one_vote_per_visitor_and_a_second_replaces_the_first(client, article):
    page = article("Reset your password")
    client.post(
        page.get_absolute_url(), {"helpful": "no", "comment": "Step 3 is wrong"}
    )
    client.post(page.get_absolute_url(), {"helpful": "yes"})
    page.refresh_from_db()
    assert (page.helpful_yes, page.helpful_no) == (1, 0)
    assert Vote.objects.count() == 1
    other = client.__class__()
    other.post(page.get_absolute_url(), {"helpful": "no", "comment": "Too long"})
    page.refresh_from_db()
    assert (page.helpful_yes, page.helpful_no) == (1, 1)
    assert (
        "Thank you for your feedback."
        in client.get(page.get_absolute_url()).content.decode()
    )


def test_a_vote_without_an_answer_says_so(client, article):
    page = article("Reset your password")
    response = client.post(page.get_absolute_url(), {"comment": "keep me"})
    assert response.status_code == 400
    assert "Please choose yes or no." in response.content.decode()
    assert "keep me" in response.content.decode()


def test_the_acknowledgement_lists_matching_articles(
    submit, article, django_capture_on_commit_callbacks
):
    article(
        "Cannot log in? Reset your session", summary="Clear cookies, sign in again."
    )
    article("Invoices and receipts")
    with django_capture_on_commit_callbacks(execute=True):
        submit()
    body = mail.outbox[0].body
    assert "these articles may help" in body
    assert "Cannot log in? Reset your session: http://" in body
    assert "Invoices and receipts" not in body


def test_yes_or_no_first_then_what_was_missing_after_no(client, article):
    page = article("Reset your password")
    first = client.get(page.get_absolute_url()).content.decode()
    assert "Was this helpful?" in first
    assert 'name="comment"' not in first  # no words asked before the answer
    response = client.post(page.get_absolute_url(), {"helpful": "no"}, follow=True)
    asked = response.content.decode()
    assert "What was missing?" in asked
    assert "/tickets/new/?subject=Reset%20your%20password" in asked
    client.post(page.get_absolute_url(), {"helpful": "no", "comment": "No reset email"})
    assert Vote.objects.get().comment == "No reset email"
    done = client.get(page.get_absolute_url()).content.decode()
    assert "Thank you for your feedback." in done
    form = client.get("/tickets/new/?subject=Reset%20your%20password")
    assert 'value="Reset your password"' in form.content.decode()


def test_yes_says_thank_you_at_once(client, article):
    page = article("Reset your password")
    response = client.post(page.get_absolute_url(), {"helpful": "yes"}, follow=True)
    assert "Thank you for your feedback." in response.content.decode()
    assert "What was missing?" not in response.content.decode()


def test_a_typo_still_finds_the_article(client, article, postgresql):
    article("Reset your password", summary="A new one in two minutes.")
    article("Download your invoices")
    page = client.get("/kb/search/", {"q": "pasword"}).content.decode()
    assert "Reset your password" in page
    assert "Download your invoices" not in page
    nothing = client.get("/kb/search/", {"q": "zzyzx"}).content.decode()
    assert "No article matches “zzyzx”" in nothing
    assert '<ol class="hits">' not in nothing  # only the popular ones, below

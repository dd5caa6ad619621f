"""Tags and merges in the workspace: on the ticket page, in bulk, as a
queue filter and search term; a merge previewed, then confirmed."""

import pytest
from django.core import mail

from tickets.models import Status, Tag, Ticket
from tickets.services.tagging import ticket_tags_change

pytestmark = pytest.mark.django_db


def test_an_agent_adds_and_removes_tags_on_the_ticket_page(agent_client, open_ticket):
    ticket = open_ticket()
    url = f"/agent/tickets/{ticket.pk}/"
    agent_client.post(f"{url}tags/", {"add": "refund, Priority customer"})
    page = agent_client.get(url).content.decode()
    assert '<span class="tag tag-grey">refund</span>' in page
    assert "Tags: added <strong" in page  # in the history
    agent_client.post(f"{url}tags/", {"remove": "refund"})
    assert list(ticket.tags.values_list("name", flat=True)) == ["Priority customer"]


@pytest.mark.parametrize(
    ("typed", "said"),
    [("x" * 500, "at most 50 characters"), ("   ", "Type a tag to add.")],
)
def test_a_bad_tag_is_refused_next_to_the_field_with_what_was_typed(
    agent_client, open_ticket, typed, said
):
    ticket = open_ticket()
    response = agent_client.post(f"/agent/tickets/{ticket.pk}/tags/", {"add": typed})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="tag-add-error"' in page
    assert said in page
    assert f'value="{typed}"' in page
    assert not Tag.objects.exists()


def test_tag_suggestions_start_with_what_is_typed(agent_client, open_ticket, agent):
    ticket = open_ticket()
    ticket_tags_change(ticket=ticket, actor=agent, add=["prefund", "refund", "other"])
    found = agent_client.get("/agent/tags/", {"q": "ref"}).json()["tags"]
    assert [t["name"] for t in found] == ["refund", "prefund"]


def test_the_queue_filters_and_searches_by_tag(agent_client, open_ticket, agent):
    tagged = open_ticket(subject="Refund for March")
    open_ticket(subject="Refund for April")
    ticket_tags_change(ticket=tagged, actor=agent, add=["on hold"])
    for query in ({"tag": "ON HOLD"}, {"q": 'tag:"on hold" refund'}):
        page = agent_client.get("/agent/", query).content.decode()
        assert "Refund for March" in page
        assert "Refund for April" not in page
    page = agent_client.get("/agent/", {"tag": "nothing"}).content.decode()
    assert "Refund for March" not in page


def test_bulk_tags_add_and_remove(agent_client, open_ticket):
    ids = [open_ticket().pk for _ in range(3)]
    agent_client.post(
        "/agent/bulk/", {"tickets": ids, "change": "tag:", "tag": "billing"}
    )
    assert Tag.objects.get().tickets.count() == 3
    response = agent_client.post(
        "/agent/bulk/",
        {"tickets": ids[:1], "change": "untag:", "tag": "billing"},
        follow=True,
    )
    assert "Changed 1 ticket." in response.content.decode()
    assert Tag.objects.get().tickets.count() == 2
    response = agent_client.post(
        "/agent/bulk/", {"tickets": ids, "change": "tag:", "tag": "a,"}, follow=True
    )
    assert "Type the tag to add or remove." not in response.content.decode()


def test_a_merge_from_the_ticket_page_is_previewed_then_done(
    agent_client, open_ticket, django_capture_on_commit_callbacks
):
    first = open_ticket(subject="Cannot pay", message="Card refused.")
    second = open_ticket(subject="Payment again", message="Still refused.")
    mail.outbox.clear()
    preview = agent_client.get(
        "/agent/merge/", {"tickets": second.pk, "into": first.reference}
    )
    page = preview.content.decode()
    assert preview.status_code == 200
    assert f"Into {first.reference}: 1 message with 0 files." in page
    assert "other customers" not in page
    assert Ticket.objects.get(pk=second.pk).merged_into is None  # nothing yet
    with django_capture_on_commit_callbacks(execute=True):
        done = agent_client.post(
            "/agent/merge/",
            {"tickets": [first.pk, second.pk], "survivor": first.pk, "confirm": "1"},
            follow=True,
        )
    assert f"Merged 1 ticket into {first.reference}" in done.content.decode()
    assert Ticket.objects.get(pk=second.pk).status == Status.CLOSED
    assert len(mail.outbox) == 1
    old = agent_client.get(f"/agent/tickets/{second.pk}/").content.decode()
    assert "This ticket was merged into" in old


def test_a_merge_of_another_customer_s_ticket_asks_for_the_tick(
    agent_client, open_ticket
):
    first = open_ticket()
    other = open_ticket(email="bo@example.com", name="Bo Brown")
    data = {"tickets": [first.pk, other.pk], "survivor": first.pk, "confirm": "1"}
    response = agent_client.post("/agent/merge/", data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Bo Brown &lt;bo@example.com&gt;" in page
    assert "Confirm to merge anyway" in page
    assert Ticket.objects.get(pk=other.pk).merged_into is None
    agent_client.post("/agent/merge/", data | {"customers_ok": "1"})
    assert Ticket.objects.get(pk=other.pk).merged_into_id == first.pk


def test_a_merge_into_a_closed_or_unknown_ticket_says_why(agent_client, open_ticket):
    first, second = open_ticket(), open_ticket()
    Ticket.objects.filter(pk=first.pk).update(status=Status.CLOSED)
    data = {"tickets": [first.pk, second.pk], "survivor": first.pk, "confirm": "1"}
    response = agent_client.post("/agent/merge/", data)
    assert response.status_code == 409
    assert "is closed: reopen it first" in response.content.decode()
    unknown = agent_client.get(
        "/agent/merge/", {"tickets": second.pk, "into": "HD-999999"}, follow=True
    )
    assert "There is no ticket HD-999999." in unknown.content.decode()


def test_bulk_merge_opens_the_preview(agent_client, open_ticket):
    ids = [open_ticket().pk for _ in range(3)]
    response = agent_client.post("/agent/bulk/", {"tickets": ids, "change": "merge:"})
    assert response.status_code == 302
    preview = agent_client.get(response["Location"]).content.decode()
    assert "Into HD-" in preview
    assert preview.count('name="survivor"') == 3

"""Tags in Django admin: renamed, coloured, counted and merged."""

import pytest

from tickets.models import Tag
from tickets.services.tagging import ticket_tags_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged(open_ticket, agent):
    first, second = open_ticket(), open_ticket(email="bo@example.com")
    ticket_tags_change(ticket=first, actor=agent, add=["refund", "Refunds"])
    ticket_tags_change(ticket=second, actor=agent, add=["Refunds"])
    return first, second


def test_the_list_shows_each_tag_with_its_use(admin_client, tagged):
    page = admin_client.get("/admin/tickets/tag/").content.decode()
    assert '<span class="tag tag-grey">Refunds</span>' in page
    assert '<td class="field-used">2</td>' in page


def test_a_rename_onto_another_tag_s_name_says_merge_instead(admin_client, tagged):
    refund = Tag.objects.get(name="refund")
    response = admin_client.post(
        f"/admin/tickets/tag/{refund.pk}/change/",
        {"name": "REFUNDS", "colour": "green"},
    )
    assert response.status_code == 200
    assert "There is a tag of this name already: merge the two instead." in (
        response.content.decode()
    )
    admin_client.post(
        f"/admin/tickets/tag/{refund.pk}/change/", {"name": "Refund", "colour": "red"}
    )
    refund.refresh_from_db()
    assert (refund.name, refund.colour) == ("Refund", "red")


def test_merging_tags_asks_which_to_keep_then_retags(admin_client, tagged):
    first, second = tagged
    ids = [str(t.pk) for t in Tag.objects.all()]
    data = {"action": "merge", "_selected_action": ids}
    asked = admin_client.post("/admin/tickets/tag/", data)
    assert "Keep which tag?" in asked.content.decode()
    keep = Tag.objects.get(name="refund")
    admin_client.post("/admin/tickets/tag/", data | {"apply": "1", "into": keep.pk})
    assert list(Tag.objects.all()) == [keep]
    assert list(first.tags.all()) == [keep]
    assert list(second.tags.all()) == [keep]

"""The customer's web form asks "What is it about?" and the fields shown to
customers; a mistake comes back next to its field with everything typed."""

import pytest

from tickets.models import CustomField, Queue, Ticket, TicketCategory
from tickets.selectors.fields import values_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(db):
    billing = Queue.objects.create(name="Billing", slug="billing")
    category = TicketCategory.objects.create(name="Billing", queue=billing)
    category.translations.create(language="de", name="Abrechnung")
    TicketCategory.objects.create(name="Technical")
    order = CustomField.objects.create(
        key="order",
        label="Order number",
        kind="number",
        who="customer",
        required="opening",
    )
    order.categories.add(category)
    CustomField.objects.create(key="internal", label="Internal", kind="text")
    return category


def test_the_form_asks_the_category_and_the_customers_fields(client, asked):
    page = client.get("/tickets/new/").content.decode()
    assert "What is it about?" in page
    assert f'<option value="{asked.pk}">Billing</option>' in page
    assert "Order number" in page
    assert "Internal" not in page  # an agents' field
    german = client.get("/tickets/new/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Abrechnung" in german


def test_a_mistake_comes_back_next_to_its_field_with_what_was_typed(submit, asked):
    response = submit(category=asked.pk, field_order="twelve")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Write a number, like 42 or 3.5." in page
    assert 'value="twelve"' in page
    assert "Cannot log in since this morning" in page  # the subject kept
    assert not Ticket.objects.exists()
    missing = submit(category=asked.pk, field_order="")
    assert "Please fill this in." in missing.content.decode()
    no_category = submit()
    assert "Please choose what it is about." in no_category.content.decode()


def test_the_category_routes_and_the_value_is_kept(submit, asked):
    response = submit(category=asked.pk, field_order="1042")
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert (ticket.queue.name, ticket.category) == ("Billing", asked)
    assert list(values_of(ticket).values()) == [["1042"]]


def test_the_customer_sees_and_changes_their_details_on_their_page(
    client, open_ticket, asked
):
    from tickets.services.fields import ticket_fields_set

    CustomField.objects.create(key="phone", label="Phone", kind="text", who="customer")
    ticket = open_ticket()
    ticket_fields_set(ticket=ticket, actor=None, raw={"internal": "secret note"})
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert "Your details" in page
    assert 'name="field_phone"' in page
    assert "secret note" not in page  # an agents' field
    assert 'name="field_order"' not in page  # another category's
    url = f"/t/{ticket.access_key}/details/"
    saved = client.post(url, {"field_phone": "+44 20 7946 0000"}, follow=True)
    assert "your details are saved" in saved.content.decode()
    assert ["+44 20 7946 0000"] in values_of(ticket).values()
    sneaky = client.post(url, {"field_internal": "changed"})
    assert sneaky.status_code == 302  # not a field of theirs: ignored
    assert ["secret note"] in values_of(ticket).values()

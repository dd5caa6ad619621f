"""A customer's reply that arrives while a merge is being written waits for
it and lands on the surviving ticket (PostgreSQL's row locks; SQLite writes
one at a time anyway)."""

import threading
import time

import pytest
from django.db import connection, transaction

from tickets.models import Message
from tickets.services.lifecycle import customer_message_post, ticket_open
from tickets.services.merging import tickets_merge

pytestmark = pytest.mark.django_db(transaction=True)


def _opened(subject):
    return ticket_open(
        name="Ada Lovelace", email="ada@example.com", subject=subject, message="x"
    )


def test_a_reply_during_a_merge_lands_on_the_survivor(postgresql, agent):
    survivor, other = _opened("Invoice wrong"), _opened("Invoice again")
    landed = {}

    def reply():
        try:
            message = customer_message_post(ticket=other, body="Sent meanwhile.")
            landed["ticket"] = message.ticket_id
        finally:
            connection.close()

    with transaction.atomic():
        tickets_merge(survivor=survivor, merged=[other], actor=agent)
        writer = threading.Thread(target=reply)
        writer.start()
        time.sleep(0.5)
        assert writer.is_alive()  # waiting for the merge's locks
    writer.join(timeout=10)
    assert landed["ticket"] == survivor.pk
    assert Message.objects.get(body="Sent meanwhile.").ticket_id == survivor.pk
    assert not Message.objects.filter(ticket=other).exists()

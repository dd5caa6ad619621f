"""The benchmarks' history builder (tests/bench/seed.py): what it builds is
what the figures claim to measure."""

import psycopg2
import pytest

from tests.bench.harness import recreate_database
from tests.bench.seed import BASE_URL, seeded_database


@pytest.fixture
def small_history(postgresql):
    url = BASE_URL.format(tickets=2000)
    recreate_database(url)  # as on a new machine: a bench run may have seeded it
    yield url
    recreate_database(url)  # leave an empty database, not 2,000 tickets


def test_the_seeder_builds_a_searchable_history_once(small_history, capsys):
    assert seeded_database(2000) == small_history
    assert "Seeding 2,000 tickets" in capsys.readouterr().out
    with psycopg2.connect(small_history) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(search_vector), "
            "count(*) FILTER (WHERE status IN ('new', 'open', 'waiting')) "
            "FROM tickets_ticket"
        )
        tickets, searchable, unfinished = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM tickets_message")
        (messages,) = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM tickets_ticket "
            "WHERE search_vector @@ websearch_to_tsquery('english', 'password')"
        )
        (common,) = cursor.fetchone()
        cursor.execute(
            "SELECT (SELECT count(*) FROM tickets_ticketfacts), "
            "(SELECT count(*) FROM notifications_notification), "
            "(SELECT count(*) FROM tickets_ticketfacts f JOIN tickets_ticket t "
            " ON t.id = f.ticket_id WHERE f.resolved_at IS DISTINCT FROM "
            " t.resolved_at OR f.created_at <> t.created_at), "
            "(SELECT count(*) FROM tickets_rating r JOIN tickets_ticketfacts f "
            " ON f.ticket_id = r.ticket_id WHERE f.rating = r.score "
            " AND f.rated_at = r.rated_at), (SELECT count(*) FROM tickets_rating)"
        )
        facts, emails, disagreeing, rated_facts, ratings = cursor.fetchone()
    assert tickets == searchable == 2000
    # What the reports read: facts agreeing with every ticket, and its emails.
    assert facts == emails == 2000
    assert disagreeing == 0
    assert rated_facts == ratings > 0
    assert 0.25 < unfinished / tickets < 0.35
    assert 2.5 < messages / tickets < 3.5
    assert 0.02 < common / tickets < 0.9  # a common word, not every ticket's
    assert seeded_database(2000) == small_history
    assert "Reusing" in capsys.readouterr().out

"""A help desk's history at scale, for the benchmarks: PostgreSQL ``COPY``.

``seeded_database(tickets)`` gives the URL of a database holding that many
tickets with about three messages each, seeding it only when it is not there
already (a marker table records the size and the seed's version), so that a
million tickets are built once and reused by every later run.

The words follow a Zipf distribution over a few thousand terms (a few very
common, most rare), and some messages carry rare tokens agents search for:
order numbers, a colleague's email address. Customers (one per five tickets)
belong to organisations one time in three. About 30 % of tickets are open.
"""

import io
import random
import secrets
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from .harness import bench_env, manage, recreate_database
from .seed_history import HISTORY_SQL, HISTORY_TABLES

SEED_VERSION = 7
BASE_URL = "postgres://postgres@127.0.0.1:5432/helpdesk_bench_scale_{tickets}"
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
CHUNK = 50_000

COMMON = (  # noqa: SIM905 - a word list reads better as text
    "the a to and i is it of my for not in we this on with you can have was "
    "but be are please our from when that at your do an error account order "
    "invoice help login password email export report payment refund card "
    "delivery parcel printer update app screen page working problem since "
    "customer number today yesterday again still issue support thanks team "
    "data file upload download sync backup restore subscription plan "
    "billing address shipping damaged missing slow crash dashboard chart "
    "calendar notification mobile phone tablet browser chrome firefox "
    "windows mac key api integration webhook token access permission admin "
    "user settings "
).split()
SYLLABLES = (  # noqa: SIM905 - a word list reads better as text
    "ka lo mi nu re sa to vi ze bra cle dro fle gri plo stu tra vel xen yor "
).split()
FIRST_NAMES = (  # noqa: SIM905 - a word list reads better as text
    "Ada Grace Alan Linus Margaret Ken Barbara Dennis Frances Edsger Radia "
    "John Hedy Tim Katherine Guido Sophie Anders Ingrid Yuki Amara Mateo "
).split()
LAST_NAMES = (  # noqa: SIM905 - a word list reads better as text
    "Lovelace Hopper Turing Torvalds Hamilton Thompson Liskov Ritchie Allen "
    "Dijkstra Perlman Backus Lamarr Berners Johnson Rossum Wilson Hejlsberg "
    "Larsen Tanaka Okafor Garcia "
).split()


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Common words first, then invented product and feature names: a
    Zipf distribution over them (rank r weighs 1 / r^1.07)."""
    invented = {
        "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(6000)
    }
    words = COMMON + sorted(invented - set(COMMON))
    weights = [1 / (rank**1.07) for rank in range(1, len(words) + 1)]
    return words, list(accumulate(weights))


class _Rows(io.TextIOBase):
    """Rows for COPY, generated as PostgreSQL reads them."""

    def __init__(self, rows: Iterator[str]) -> None:
        self._rows = rows
        self._buffer = ""

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        want = size if size and size > 0 else 1 << 20
        while len(self._buffer) < want:
            try:
                self._buffer += next(self._rows)
            except StopIteration:
                break
        out, self._buffer = self._buffer[:want], self._buffer[want:]
        return out


def _text(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _at(value: datetime | None) -> str:
    return "\\N" if value is None else value.isoformat()


def _id(value: int | None) -> str:
    return "\\N" if value is None else str(value)


class _History:
    def __init__(self, tickets: int, agents: list[int], queues: list[int]) -> None:
        self.rng = random.Random(20261125)
        self.tickets = tickets
        self.agents = agents
        self.queues = queues
        self.words, self.weights = _vocabulary(self.rng)
        self.customers = max(tickets // 5, 1)
        self.names = [
            f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            for _ in range(self.customers + 1)
        ]
        self.messages: list[str] = []
        self.message_id = 0

    def _words(self, count: int) -> str:
        return " ".join(self.rng.choices(self.words, cum_weights=self.weights, k=count))

    def _body(self) -> str:
        body = self._words(self.rng.randint(25, 60)).capitalize() + "."
        if self.rng.random() < 0.15:
            body += f" Order ORD-{self.rng.randint(100000, 999999)}."
        if self.rng.random() < 0.05:
            body += f" Copying colleague{self.rng.randint(1, 99999)}@example.org."
        return body

    def customer_rows(self, organisations: int) -> Iterator[str]:
        for n in range(1, self.customers + 1):
            org = self.rng.randint(1, organisations) if n % 3 == 0 else None
            yield (
                f"{n}\tcustomer{n}@example.com\t{self.names[n]}\t{_id(org)}\tf\t"
                f"{_at(NOW - timedelta(days=800))}\n"
            )

    def ticket_rows(self, start: int, end: int) -> Iterator[str]:
        """Tickets start+1..end; their messages wait in ``messages``."""
        rng = self.rng
        statuses = ["new"] * 10 + ["open"] * 15 + ["waiting"] * 5
        statuses += ["resolved"] * 25 + ["closed"] * 45
        for pk in range(start + 1, end + 1):
            customer = rng.randint(1, self.customers)
            status = rng.choice(statuses)
            # Newer tickets are more likely to be open, as in a real desk.
            age = timedelta(minutes=rng.randint(5, 60 * 24 * 730))
            if status in ("new", "open", "waiting"):
                age = timedelta(minutes=rng.randint(5, 60 * 24 * 30))
            created = NOW - age
            subject = self._words(rng.randint(3, 7)).capitalize()
            bodies = [self._body() for _ in range(rng.choice((1, 2, 3, 3, 4, 5)))]
            name = self.names[customer]
            email = f"customer{customer}@example.com"
            assignee = None if status == "new" else rng.choice([None, *self.agents])
            active = status in ("new", "open")
            due = created + timedelta(hours=rng.randint(1, 72)) if active else None
            resolved = created + age / 2 if status in ("resolved", "closed") else None
            replied = created + timedelta(hours=2) if len(bodies) > 1 else None
            # The clock stood still from going waiting (time rules count it).
            paused = resolved
            if status == "waiting":
                paused = created + age * rng.random()
            document = "\n".join([subject, name, email, *bodies])
            yield (
                "\t".join(
                    [
                        str(pk),
                        secrets.token_urlsafe(24),
                        _text(subject),
                        status,
                        rng.choice(
                            ["low", "normal", "normal", "normal", "high", "urgent"]
                        ),
                        _at(created),
                        _at(resolved or created + timedelta(hours=3)),
                        _at(due),
                        _at(replied),
                        _at(created),
                        _id(assignee),
                        str(customer),
                        str(rng.choice(self.queues)),
                        _at(due),
                        _text(document),
                        _at(replied),
                        _at(resolved),
                        "0",
                        _at(paused),
                    ]
                )
                + "\n"
            )
            for n, body in enumerate(bodies):
                self.message_id += 1
                kind = "customer" if n % 2 == 0 else "reply"
                author = _id(assignee or self.agents[0]) if kind == "reply" else "\\N"
                at = created + timedelta(hours=2 * n)
                self.messages.append(
                    f"{self.message_id}\t{pk}\t{kind}\tweb\t{author}\t{_text(body)}\t\t"
                    f"{_at(at)}\n"
                )

    def message_rows(self) -> Iterator[str]:
        rows, self.messages = self.messages, []
        yield from rows


TICKET_COLUMNS = (
    "id, access_key, subject, status, priority, created_at, updated_at, "
    "first_response_due_at, first_responded_at, last_customer_message_at, "
    "assignee_id, customer_id, queue_id, due_at, search_document, "
    "last_customer_news_at, resolved_at, sla_paused_minutes, sla_paused_at"
)
MESSAGE_COLUMNS = (
    "id, ticket_id, kind, source, author_user_id, body, email_message_id, created_at"
)
CUSTOMER_COLUMNS = "id, email, name, organisation_id, is_vip, created_at"


# What the services would have recorded along the way, for the reports: an
# acknowledgement event and email per ticket (a few delayed, failed or
# bounced), each ticket's facts, and a rating for one resolved ticket in five.


def _secondary_indexes(cursor: Any, tables: tuple[str, ...]) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i "
        "WHERE i.tablename = ANY(%s) AND i.indexname NOT IN ("
        "  SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))",
        [list(tables)],
    )
    return list(cursor.fetchall())


def _seed(url: str, tickets: int) -> None:
    import psycopg2

    env = bench_env(DATABASE_URL=url)
    recreate_database(url)
    manage(env, "migrate", "--noinput", "-v0")
    conn = psycopg2.connect(url)
    cursor = conn.cursor()
    cursor.execute("SET synchronous_commit = off")
    cursor.execute("SET maintenance_work_mem = '512MB'")
    began = time.perf_counter()
    cursor.execute("SELECT id FROM auth_group WHERE name = 'Agents'")
    (group,) = cursor.fetchone()
    agents = []
    for n in range(20):
        cursor.execute(
            "INSERT INTO auth_user (password, is_superuser, username, first_name, "
            "last_name, email, is_staff, is_active, date_joined) VALUES "
            "('!', false, %s, %s, 'Agent', %s, false, true, now()) RETURNING id",
            [f"agent{n}", f"Agent{n}", f"agent{n}@example.com"],
        )
        (user,) = cursor.fetchone()
        cursor.execute(
            "INSERT INTO auth_user_groups (user_id, group_id) VALUES (%s, %s)",
            [user, group],
        )
        agents.append(user)
    queues = []
    for name in ("Billing", "Technical", "Shipping", "Accounts"):
        cursor.execute(
            "INSERT INTO tickets_queue (name, slug, is_default) VALUES "
            "(%s, %s, false) RETURNING id",
            [name, name.lower()],
        )
        queues.append(cursor.fetchone()[0])
    cursor.execute("SELECT id FROM tickets_queue WHERE slug = 'general'")
    queues.append(cursor.fetchone()[0])
    organisations = max(tickets // 500, 1)
    for n in range(1, organisations + 1):
        cursor.execute(
            "INSERT INTO tickets_organisation (id, name, is_vip) "
            "VALUES (%s, %s, false)",
            [n, f"Organisation {n} Ltd"],
        )
    indexes = _secondary_indexes(
        cursor, ("tickets_ticket", "tickets_message", *HISTORY_TABLES)
    )
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    cursor.execute("ALTER TABLE tickets_message DISABLE TRIGGER ALL")
    history = _History(tickets, agents, queues)
    cursor.copy_expert(
        f"COPY tickets_customer ({CUSTOMER_COLUMNS}) FROM STDIN",
        _Rows(history.customer_rows(organisations)),
    )
    for start in range(0, tickets, CHUNK):
        rows = history.ticket_rows(start, min(start + CHUNK, tickets))
        cursor.copy_expert(
            f"COPY tickets_ticket ({TICKET_COLUMNS}) FROM STDIN", _Rows(rows)
        )
        cursor.copy_expert(
            f"COPY tickets_message ({MESSAGE_COLUMNS}) FROM STDIN",
            _Rows(history.message_rows()),
        )
        conn.commit()
        print(f"  {min(start + CHUNK, tickets):>9,} tickets copied", flush=True)
    cursor.execute("ALTER TABLE tickets_message ENABLE TRIGGER ALL")
    for statement in HISTORY_SQL:
        cursor.execute(statement)
    conn.commit()
    print("  events, emails, facts and ratings written", flush=True)
    for table in ("tickets_customer", "tickets_ticket", "tickets_message"):
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608
            f"(SELECT max(id) FROM {table}))",  # a name of ours, not input
            [table],
        )
    conn.commit()
    for _name, definition in indexes:
        cursor.execute(definition)
        conn.commit()
    conn.autocommit = True
    cursor.execute("VACUUM ANALYZE")
    cursor.execute(
        "CREATE TABLE bench_seed (tickets integer, version integer);"
        "INSERT INTO bench_seed VALUES (%s, %s)",
        [tickets, SEED_VERSION],
    )
    conn.close()
    print(f"Seeded {tickets:,} tickets in {time.perf_counter() - began:.0f} s")


def _seeded(url: str, tickets: int) -> bool:
    import psycopg2

    try:
        conn = psycopg2.connect(url)
    except psycopg2.OperationalError:
        return False
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT tickets, version FROM bench_seed")
            return bool(cursor.fetchone() == (tickets, SEED_VERSION))
    except psycopg2.Error:
        return False
    finally:
        conn.close()


def seeded_database(tickets: int) -> str:
    """The URL of a database with ``tickets`` tickets, seeded if needed."""
    url = BASE_URL.format(tickets=tickets)
    if _seeded(url, tickets):
        manage(bench_env(DATABASE_URL=url), "migrate", "--noinput", "-v0")
        print(f"Reusing {urlsplit(url).path.lstrip('/')} ({tickets:,} tickets)")
    else:
        print(f"Seeding {tickets:,} tickets (once; reused by later runs)...")
        _seed(url, tickets)
    return urlunsplit(urlsplit(url))

"""The queue: views, order, filters, search, counts, pages and bulk actions."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import OrganisationFactory
from tickets import selectors
from tickets.models import Priority, Queue, Status, Ticket
from tickets.services.assignment import ticket_assign, ticket_change_priority
from tickets.services.lifecycle import (
    customer_message_post,
    note_add,
    ticket_change_status,
)
from tickets.templatetags.agent_tags import deadline

pytestmark = pytest.mark.django_db


def _refs(response):
    return [t.reference for t in response.context["tickets"]]


def test_queue_lists_what_an_agent_needs_to_see(agent_client, open_ticket):
    ticket = open_ticket()
    page = agent_client.get("/agent/").content.decode()
    for text in (
        ticket.reference,
        ticket.subject,
        "Ada Lovelace",
        "ada@example.com",
        "New",
        "Normal",
        "General",
        "unassigned",
        "just now",
        deadline(ticket.due_at),
    ):
        assert text in page, text


def test_what_needs_an_answer_soonest_comes_first(agent_client, open_ticket):
    later = open_ticket(subject="Later")
    sooner = open_ticket(subject="Sooner")
    Ticket.objects.filter(pk=sooner.pk).update(
        due_at=timezone.now() + timedelta(hours=1)
    )
    assert _refs(agent_client.get("/agent/")) == [sooner.reference, later.reference]


def test_the_views_split_the_work(agent_client, agent, open_ticket):
    mine = open_ticket(subject="mine")
    ticket_assign(ticket=mine, assignee=agent, actor=agent)
    free = open_ticket(subject="free")
    waiting = open_ticket(subject="waiting")
    ticket_change_status(ticket=waiting, new_status=Status.WAITING, actor=agent)
    done = open_ticket(subject="done")
    ticket_change_status(ticket=done, new_status=Status.RESOLVED, actor=agent)
    expected = {
        "open": {mine, free},
        "mine": {mine},
        "unassigned": {free},
        "waiting": {waiting},
        "resolved": {done},
    }
    for view, tickets in expected.items():
        response = agent_client.get(f"/agent/?view={view}")
        assert set(_refs(response)) == {t.reference for t in tickets}, view
        assert response.context["counts"][view] == (len(tickets), False)


def test_filters_by_queue_status_priority_and_assignee(
    agent_client, agent, open_ticket
):
    billing = Queue.objects.create(name="Billing", slug="billing")
    a = open_ticket(subject="in billing", queue=billing)
    b = open_ticket(subject="urgent")
    ticket_change_priority(ticket=b, priority=Priority.URGENT, actor=agent)
    ticket_assign(ticket=b, assignee=agent, actor=agent)
    assert _refs(agent_client.get(f"/agent/?queue={billing.pk}")) == [a.reference]
    assert _refs(agent_client.get("/agent/?priority=urgent")) == [b.reference]
    assert _refs(agent_client.get(f"/agent/?assignee={agent.pk}")) == [b.reference]
    assert _refs(agent_client.get("/agent/?assignee=0")) == [a.reference]
    # Urgent has the earlier deadline, so it comes first.
    assert _refs(agent_client.get("/agent/?status=new")) == [b.reference, a.reference]


def test_bad_filter_values_are_ignored_not_an_error(agent_client, open_ticket):
    open_ticket()
    response = agent_client.get("/agent/?queue=abc&status=nonsense&page=-4&view=x")
    assert response.status_code == 200
    assert len(response.context["tickets"]) == 1


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("printer", "Printer"),
        ("toner cartridge", "Printer"),  # words from a message body
        ("grace@example.com", "Login"),  # the customer's address
        ("Hopper", "Login"),
    ],
)
def test_search_finds_subject_messages_and_customer(
    agent_client, open_ticket, query, found
):
    open_ticket(subject="Printer jams", message="The toner cartridge leaks everywhere.")
    open_ticket(subject="Login fails", name="Grace Hopper", email="grace@example.com")
    response = agent_client.get("/agent/", {"q": query})
    assert [t.subject.split()[0] for t in response.context["tickets"]] == [found]


def test_search_finds_later_messages_and_notes(agent_client, agent, open_ticket):
    ticket = open_ticket(subject="Export")
    customer_message_post(ticket=ticket, body="Also the spreadsheet is blank")
    note_add(ticket=ticket, author=agent, body="Probably the kangaroo bug")
    for word in ("spreadsheet", "kangaroo"):
        assert _refs(agent_client.get("/agent/", {"q": word})) == [ticket.reference]


def test_search_by_reference(agent_client, open_ticket):
    open_ticket()
    wanted = open_ticket(subject="the one")
    assert _refs(agent_client.get("/agent/", {"q": wanted.reference})) == [
        wanted.reference
    ]


def test_counts_are_capped_not_counted_to_the_end(
    agent_client, open_ticket, monkeypatch
):
    monkeypatch.setattr(selectors.queue, "COUNT_CAP", 2)
    for _ in range(3):
        open_ticket()
    response = agent_client.get("/agent/")
    assert response.context["counts"]["open"] == (2, True)
    assert 'All open <span class="count">2+</span>' in response.content.decode()


def test_pages(agent_client, open_ticket):
    tickets = [open_ticket(subject=f"T{n}") for n in range(7)]
    first = agent_client.get("/agent/?per_page=5")
    assert first.context["has_next"]
    assert 'rel="next"' in first.content.decode()
    second = agent_client.get("/agent/?per_page=5&page=2")
    assert _refs(second) == [t.reference for t in tickets[5:]]
    assert not second.context["has_next"]


def test_queue_page_queries_do_not_grow_with_the_page(
    agent_client, agent, open_ticket, django_assert_max_num_queries
):
    def make(n):
        for i in range(n):
            ticket = open_ticket(email=f"c{i}-{n}@example.com")
            ticket_assign(ticket=ticket, assignee=agent, actor=agent)

    make(3)
    agent_client.get("/agent/")  # the pickers are cached from now on
    # The user, ten view counts (breached in two parts; Mentions), unreadable
    # mail, beat's heartbeat and the oldest unsent email, the page (the
    # pickers and the outage check are cached).
    with django_assert_max_num_queries(17) as few:  # with the bell's count
        agent_client.get("/agent/?per_page=100")
    make(40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = agent_client.get("/agent/?per_page=100")
    assert len(response.context["tickets"]) == 43


def test_bulk_status_goes_through_the_service_with_emails(
    agent_client, agent, open_ticket, django_capture_on_commit_callbacks
):
    tickets = [open_ticket(email=f"b{n}@example.com") for n in range(3)]
    closed = tickets[2]
    ticket_change_status(ticket=closed, new_status=Status.CLOSED, actor=agent)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = agent_client.post(
            "/agent/bulk/",
            {
                "tickets": [t.pk for t in tickets],
                "change": "status:resolved",
                "next": "/agent/",
            },
            follow=True,
        )
    page = response.content.decode()
    # One banner for the action, a warning since one ticket was refused.
    (banner,) = re.findall(r'<p class="flash flash-([a-z ]+)"[^>]*>([^<]*)</p>', page)
    assert banner == (
        "warning",
        "Changed 2 tickets. Not changed: 1. "
        f"{closed.reference}: A ticket that is closed cannot become resolved.",
    )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "Ada Lovelace <b0@example.com>",
        "Ada Lovelace <b1@example.com>",
    ]
    assert (
        Ticket.objects.get(pk=tickets[0].pk)
        .events.filter(kind="status_changed")
        .exists()
    )


def test_bulk_assign_priority_and_queue(agent_client, agent, open_ticket):
    billing = Queue.objects.create(name="Billing", slug="billing")
    tickets = [open_ticket(), open_ticket()]
    ids = [t.pk for t in tickets]
    for change in (f"assign:{agent.pk}", "priority:high", f"queue:{billing.pk}"):
        agent_client.post("/agent/bulk/", {"tickets": ids, "change": change})
    for ticket in Ticket.objects.filter(pk__in=ids):
        assert (ticket.assignee, ticket.priority, ticket.queue) == (
            agent,
            "high",
            billing,
        )
        assert (
            ticket.events.filter(
                kind__in=["assigned", "priority_changed", "queue_changed"]
            ).count()
            == 3
        )


def test_bulk_with_a_bad_value_says_so(agent_client, open_ticket):
    ticket = open_ticket()
    response = agent_client.post(
        "/agent/bulk/", {"tickets": [ticket.pk], "change": "queue:999"}, follow=True
    )
    assert (
        "&#x27;999&#x27; is not a valid choice to queue." in response.content.decode()
    )
    response = agent_client.post("/agent/bulk/", {"change": "status:open"}, follow=True)
    assert "Select at least one ticket" in response.content.decode()


def _close(ticket, agent):
    for status in (Status.RESOLVED, Status.CLOSED):
        ticket_change_status(ticket=ticket, new_status=status, actor=agent)


@pytest.mark.parametrize(
    "query", ["printer", "grace@example.com", "GRACE@example.com", "HD-{ref}"]
)
def test_the_search_box_finds_a_closed_ticket_and_shows_its_status(
    agent_client, agent, open_ticket, query
):
    ticket = open_ticket(
        subject="Printer jams", name="Grace Hopper", email="grace@example.com"
    )
    _close(ticket, agent)
    query = query.replace("HD-{ref}", ticket.reference)
    response = agent_client.get("/agent/", {"q": query})
    assert _refs(response) == [ticket.reference]
    assert response.context["view"] == "all"
    assert '<span class="status status-closed">Closed</span>' in (
        response.content.decode()
    )


def test_a_search_only_in_the_current_view_when_the_agent_asks(
    agent_client, agent, open_ticket
):
    closed = open_ticket(subject="Printer jams")
    _close(closed, agent)
    still_open = open_ticket(subject="Printer smokes")
    within = {"q": "printer", "current": "open", "within": "1"}
    assert _refs(agent_client.get("/agent/", within)) == [still_open.reference]
    everywhere = {"q": "printer", "current": "open"}
    assert sorted(_refs(agent_client.get("/agent/", everywhere))) == sorted(
        [closed.reference, still_open.reference]
    )


def test_the_search_box_finds_an_organisation_s_tickets(agent_client, open_ticket):
    ticket = open_ticket(email="ceo@acme.test")
    open_ticket(email="someone@else.test")
    ticket.customer.organisation = OrganisationFactory(name="Acme Rockets")
    ticket.customer.save()
    assert _refs(agent_client.get("/agent/", {"q": "acme rockets"})) == [
        ticket.reference
    ]


def test_closed_and_all_views(agent_client, agent, open_ticket):
    closed = open_ticket(subject="Old")
    _close(closed, agent)
    fresh = open_ticket(subject="New")
    assert _refs(agent_client.get("/agent/", {"view": "closed"})) == [closed.reference]
    assert _refs(agent_client.get("/agent/", {"view": "all"})) == [
        fresh.reference,
        closed.reference,
    ]


def test_a_search_over_all_tickets_puts_the_most_relevant_first(
    postgresql, agent_client, open_ticket
):
    telling = open_ticket(
        subject="Invoice wrong", message="The invoice total and invoice date."
    )
    passing = open_ticket(subject="Hello", message="Also an invoice question.")
    assert passing.pk > telling.pk  # newer, yet less relevant
    assert _refs(agent_client.get("/agent/", {"q": "invoice"})) == [
        telling.reference,
        passing.reference,
    ]


def test_the_stored_search_words_follow_the_conversation_not_whole_saves(
    postgresql, agent_client, agent, open_ticket
):
    ticket = open_ticket(subject="Export")
    customer_message_post(ticket=ticket, body="The wombat report is blank")
    whole = Ticket.objects.get(pk=ticket.pk)
    whole.priority = Priority.HIGH
    whole.save()  # every column written: the stored vector must survive it
    assert _refs(agent_client.get("/agent/", {"q": "wombat"})) == [ticket.reference]
    assert _refs(agent_client.get("/agent/", {"q": "export"})) == [ticket.reference]


def test_the_breached_count_counts_each_late_ticket_once(agent_client, open_ticket):
    past = timezone.now() - timedelta(hours=1)
    late_both = open_ticket()
    late_resolution = open_ticket()
    open_ticket()  # on time
    Ticket.objects.filter(pk=late_both.pk).update(due_at=past, resolution_due_at=past)
    Ticket.objects.filter(pk=late_resolution.pk).update(resolution_due_at=past)
    response = agent_client.get("/agent/")
    assert response.context["counts"]["breached"] == (2, False)
    breached = agent_client.get("/agent/", {"view": "breached"})
    assert sorted(_refs(breached)) == sorted(
        [late_both.reference, late_resolution.reference]
    )


def test_a_search_says_how_many_it_found_up_to_its_cap(
    agent_client, open_ticket, monkeypatch
):
    for n in range(3):
        open_ticket(subject=f"Printer {n}", email=f"p{n}@example.com")
    open_ticket(subject="Invoice")
    response = agent_client.get("/agent/", {"q": "printer"})
    assert response.context["filtered_count"] == (3, False)
    monkeypatch.setattr(selectors.queue, "SEARCH_COUNT_CAP", 2)
    response = agent_client.get("/agent/", {"q": "printer"})
    assert response.context["filtered_count"] == (2, True)


def test_the_changes_endpoint_says_whether_anything_changed(
    agent_client, agent, open_ticket, clock, django_assert_max_num_queries
):
    first = open_ticket()
    second = open_ticket(email="b@example.com")
    clock.shift(60)
    page = agent_client.get("/agent/").content.decode()
    since = re.search(r'data-live-since="([^"]+)"', page).group(1)
    url = f"/agent/changes/?since={since.replace('+', '%2B')}"
    with django_assert_max_num_queries(3):  # the user, one indexed question, the bell
        assert agent_client.get(url).json()["changed"] is False
    clock.shift(60)
    note_add(ticket=second, author=agent, body="Checking the logs.")
    assert agent_client.get(url).json()["changed"] is True
    assert agent_client.get(f"{url}&ticket={first.pk}").json()["changed"] is False
    assert agent_client.get(f"{url}&ticket={second.pk}").json()["changed"] is True
    assert agent_client.get("/agent/changes/?since=nonsense").status_code == 200

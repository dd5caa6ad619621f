"""The reports page: who may see it, the period and filters in the URL, the
figures of the known week, charts with their tables, CSV, bad input."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission

from tests.factories import UserFactory
from tickets.services.lifecycle import reply_post

pytestmark = pytest.mark.django_db

WEEK_URL = "/agent/reports/?range=custom&since=2026-01-05&until=2026-01-08"


def _allow(user):
    user.user_permissions.add(Permission.objects.get(codename="view_reports"))


def test_agents_need_the_permission(client, agent):
    client.force_login(agent)
    refused = client.get("/agent/reports/")
    assert refused.status_code == 403
    assert 'href="/agent/reports/"' not in client.get("/agent/").content.decode()
    _allow(agent)
    assert client.get("/agent/reports/").status_code == 200
    assert 'href="/agent/reports/"' in client.get("/agent/").content.decode()


def test_admins_see_reports_and_customers_sign_in(client, staff_agent):
    assert client.get("/agent/reports/").status_code == 302
    client.force_login(UserFactory())  # signed in, not an agent
    assert client.get("/agent/reports/").status_code == 403
    client.force_login(staff_agent)
    page = client.get("/agent/reports/")
    assert page.status_code == 200
    assert "Last 30 days" in page.content.decode()


def test_the_known_week_on_the_page(client, agent, week, django_assert_max_num_queries):
    _allow(agent)
    client.force_login(agent)
    # 25 on a cold cache: one of them reads the contact texts (then cached),
    # one the breakdown by tag, one by field value, two the time spent.
    with django_assert_max_num_queries(25):
        page = client.get(WEEK_URL)
    html = page.content.decode()
    assert "5 January 2026 to 8 January 2026" in html
    assert "1 h 15 min" in html  # the median first response, business time
    assert "25%" in html  # first responses on time: 1 of 4
    assert "(1 of 4)" in html
    assert "<svg" in html
    assert 'role="img"' in html
    assert html.count("<polyline") == 3  # opened, resolved, backlog
    for ticket in (week["b"], week["c"], week["d"]):  # the breaches, linked
        assert f'href="/agent/tickets/{ticket.pk}/">{ticket.reference}' in html
    assert "Quick and kind" in html
    # Every definition is one click away.
    assert html.count('<details class="definition">') == 7


def test_filters_stay_in_the_url_and_narrow_the_figures(client, agent, week):
    _allow(agent)
    client.force_login(agent)
    page = client.get(WEEK_URL + f"&agent={agent.pk}&priority=normal")
    html = page.content.decode()
    assert f'<option value="{agent.pk}" selected>' in html
    assert "(1 of 1)" in html  # only the agent's ticket A, answered in time
    assert f"export=volume&amp;agent={agent.pk}" in html or (
        f"agent={agent.pk}" in html and "export=volume" in html
    )


def test_every_table_downloads_as_csv(client, agent, week):
    _allow(agent)
    client.force_login(agent)
    response = client.get(WEEK_URL + "&export=volume")
    assert response["Content-Type"].startswith("text/csv")
    assert "volume-2026-01-05-2026-01-08.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Day"
    # Web, email, API, by an agent; opened, resolved, backlog.
    assert rows[1] == ["2026-01-05", "2", "0", "0", "0", "2", "1", "1"]
    assert len(rows) == 5
    agents = list(
        csv.reader(io.StringIO(client.get(WEEK_URL + "&export=sla_agent").text))
    )
    by_agent = {row[0]: row[1:4] for row in agents[1:]}
    assert by_agent["Sam Agent"] == ["1", "0", "100.0%"]
    assert by_agent["Unassigned"] == ["0", "3", "0.0%"]
    assert agents[-1][0] == "All tickets"


def test_a_customers_words_never_run_as_a_spreadsheet_formula(
    client, agent, open_ticket, clock
):
    _allow(agent)
    client.force_login(agent)
    ticket = open_ticket(subject='=HYPERLINK("http://evil.example","Click")')
    clock.move_to(ticket.first_response_due_at + timedelta(hours=1))
    reply_post(ticket=ticket, author=agent, body="Late")
    day = ticket.created_at.date().isoformat()
    response = client.get(
        f"/agent/reports/?range=custom&since={day}&until={day}&export=breaches"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][1] == "'" + ticket.subject


def test_bad_dates_are_explained_next_to_the_field_and_kept(client, staff_agent):
    client.force_login(staff_agent)
    page = client.get(
        "/agent/reports/?range=custom&since=2026-02-10&until=2026-02-01&queue=999"
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "The period must end on or after its first day." in html
    assert 'value="2026-02-10"' in html
    assert 'value="2026-02-01"' in html
    missing = client.get("/agent/reports/?range=custom").content.decode()
    assert "Choose the first day of the period." in missing
    # Dates typed in are the period, whatever the period menu says.
    typed = client.get("/agent/reports/?range=7&since=2026-01-05&until=2026-01-08")
    assert "5 January 2026 to 8 January 2026" in typed.content.decode()
    nobody = client.get("/agent/reports/?organisation=Nobody+Ltd").content.decode()
    assert "No organisation is called “Nobody Ltd”." in nobody
    assert 'value="Nobody Ltd"' in nobody


def test_a_breakdown_by_tag_on_the_page_in_csv_and_the_api(client, agent, week):
    from tickets.services.tagging import ticket_tags_change

    _allow(agent)
    client.force_login(agent)
    ticket_tags_change(ticket=week["b"], actor=agent, add=["billing", "vip"])
    ticket_tags_change(ticket=week["c"], actor=agent, add=["billing"])
    html = client.get(WEEK_URL).content.decode()
    assert "By tag" in html
    rows = list(csv.reader(io.StringIO(client.get(WEEK_URL + "&export=tags").text)))
    assert rows[0][:3] == ["Tag", "Opened", "Resolved"]
    by_tag = {row[0]: row[1] for row in rows[1:]}
    assert by_tag == {"billing": "2", "vip": "1"}


def test_a_breakdown_by_field_value(client, agent, week):
    from tickets.models import CustomField
    from tickets.services.fields import ticket_fields_set

    _allow(agent)
    client.force_login(agent)
    CustomField.objects.create(key="plan", label="Plan", kind="choice", choices="A\nB")
    for name, plan in (("b", "A"), ("c", "A"), ("d", "B")):
        ticket_fields_set(ticket=week[name], actor=agent, raw={"plan": plan})
    rows = list(csv.reader(io.StringIO(client.get(WEEK_URL + "&export=fields").text)))
    assert {row[0]: row[1] for row in rows[1:]} == {"Plan: A": "2", "Plan: B": "1"}

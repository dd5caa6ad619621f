"""GET /api/v1/reports/summary/: the reports page's figures as JSON."""

import pytest
from django.contrib.auth.models import Permission

pytestmark = pytest.mark.django_db

WEEK = "/api/v1/reports/summary/?since=2026-01-05&until=2026-01-08"


def test_the_known_week_as_json(agent_api, agent, week):
    assert agent_api.get(WEEK).status_code == 403
    agent.user_permissions.add(Permission.objects.get(codename="view_reports"))
    body = agent_api.get(WEEK).json()
    assert (body["since"], body["until"], body["opened"]) == (
        "2026-01-05",
        "2026-01-08",
        4,
    )
    assert body["days"][0] == {
        "day": "2026-01-05",
        "created": {"web": 2, "email": 0, "api": 0, "agent": 0},
        "resolved": 1,
        "backlog": 1,
    }
    assert body["first_response_business"] == {"count": 3, "median": 75, "p90": 87}
    assert body["sla"]["first_response"] == {"met": 1, "missed": 3, "share": 0.25}
    assert [b["reference"] for b in body["breaches"]] == [
        week[name].reference for name in ("c", "b", "d")
    ]
    assert body["silence"]["longest_minutes"] == 2470
    assert body["satisfaction"]["reopen_rate"] == 0.5
    mine = agent_api.get(WEEK + f"&agent={agent.pk}").json()
    assert mine["opened"] == 1


def test_a_bad_period_is_a_400_naming_the_field(agent_api, agent):
    agent.user_permissions.add(Permission.objects.get(codename="view_reports"))
    response = agent_api.get(
        "/api/v1/reports/summary/?since=2026-02-10&until=2026-02-01"
    )
    assert response.status_code == 400
    assert "until" in response.json()
    assert agent_api.get("/api/v1/reports/summary/").status_code == 200
    far = agent_api.get("/api/v1/reports/summary/?since=0001-01-01&until=9999-12-31")
    assert far.json() == {"until": ["Choose days between 1970 and 2200."]}


def test_outsiders_are_refused(api, outsider_api):
    assert api.get("/api/v1/reports/summary/").status_code in (401, 403)
    assert outsider_api.get("/api/v1/reports/summary/").status_code == 403

"""Formatted text through the API: cleaned as from the composer, given
back beside its plain text."""

import pytest

from tests.agent.test_formatted_replies import WRITTEN, picture

pytestmark = pytest.mark.django_db


def test_the_api_takes_and_gives_formatted_text(agent_api, open_ticket):
    ticket = open_ticket()
    url = f"/api/v1/tickets/{ticket.pk}/messages/"
    made = agent_api.post(
        url, {"kind": "note", "body_html": WRITTEN, "attachments": [picture()]}
    )
    assert made.status_code == 201, made.json()
    answer = made.json()
    assert answer["body"].startswith("Hello Ada, please:\n  * restart the app")
    assert "<li>restart the app</li>" in answer["body_html"]
    assert "<script" not in answer["body_html"]
    assert '<img src="cid:picture-1.png">' in answer["body_html"]
    empty = agent_api.post(url, {"kind": "note", "body_html": "<p> </p>"})
    assert empty.status_code == 400
    assert "body" in empty.json()

"""Whatever is typed into "Which policy applies to this ticket?", the list
answers plainly: never a 500."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed",
    ["HD-abc", "1001", "HD-99999999999999999999999", "x" * 5000, "HD-1001\u00a0", "-"],
)
def test_any_reference_typed_gets_a_plain_answer(
    admin_client: Client, typed: str
) -> None:
    page = admin_client.get("/admin/tickets/slapolicy/", {"applies_to": typed})
    assert page.status_code == 200
    assert "here." in page.content.decode() or "applies" in page.content.decode()

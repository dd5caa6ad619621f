import pytest
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tickets.services.canned import api_token_renew


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def agent_api(agent):
    client = APIClient()
    key = api_token_renew(user=agent, second_factor=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def outsider_api(db):
    client = APIClient()
    client.force_authenticate(UserFactory())  # signed in, but not an agent
    return client

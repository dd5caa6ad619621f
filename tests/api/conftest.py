import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def agent_api(agent):
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=agent).key}"
    )
    return client


@pytest.fixture
def outsider_api(db):
    client = APIClient()
    client.force_authenticate(UserFactory())  # signed in, but not an agent
    return client

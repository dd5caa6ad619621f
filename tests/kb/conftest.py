import pytest

from kb import services
from kb.models import Article, Category


@pytest.fixture
def article(db):
    def make(title, body="Some text.", **fields):
        fields.setdefault("status", Article.Status.PUBLISHED)
        return services.article_save(article=None, title=title, body=body, **fields)

    return make


@pytest.fixture
def billing(db):
    return Category.objects.create(name="Billing", slug="billing")

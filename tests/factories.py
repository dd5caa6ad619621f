"""Small factories for the tests; tickets themselves are opened through the
service (the ``open_ticket`` fixture), as customers open them."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from kb.models import Article, Category
from tickets.models import Customer, Organisation, Queue
from tickets.permissions import AGENTS_GROUP


class UserFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"agent{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")

    @factory.post_generation
    def password(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        self.set_password(extracted or "correct horse battery staple")
        if create:
            self.save()


class AgentFactory(UserFactory):
    """A member of the Agents group (not staff)."""

    first_name = factory.Sequence(lambda n: f"Kim{n}")

    @factory.post_generation
    def groups(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            group, _created = Group.objects.get_or_create(name=AGENTS_GROUP)
            self.groups.add(group)


class QueueFactory(factory.django.DjangoModelFactory[Queue]):
    class Meta:
        model = Queue

    name = factory.Sequence(lambda n: f"Queue {n}")
    slug = factory.Sequence(lambda n: f"queue-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")


class CustomerFactory(factory.django.DjangoModelFactory[Customer]):
    class Meta:
        model = Customer

    name = factory.Sequence(lambda n: f"Customer {n}")
    email = factory.Sequence(lambda n: f"customer{n}@example.com")


class CategoryFactory(factory.django.DjangoModelFactory[Category]):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ArticleFactory(factory.django.DjangoModelFactory[Article]):
    """A row only: for rendered and indexed articles use ``article_save``."""

    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    body = "Some text."
    status = Article.Status.PUBLISHED


LONDON = ZoneInfo("Europe/London")


def at(*args: int) -> datetime:
    """A moment in London, the default calendar's time zone."""
    return datetime(*args, tzinfo=LONDON)

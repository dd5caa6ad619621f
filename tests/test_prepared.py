"""helpdesk.core.prepared: a query's SQL written once, run for any value."""

import pytest
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.test.utils import CaptureQueriesContext

from helpdesk.core.prepared import Prepared
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_each_value_gets_its_own_rows_with_annotations():
    from django.contrib.auth.models import Group, User

    ann = UserFactory(username="ann")
    bob = UserFactory(username="bob")
    staff = Group.objects.create(name="Staff")
    ann.groups.add(staff)
    prepared = Prepared(
        lambda pk: User.objects.annotate(
            groups_of=Count("groups", filter=Q(groups__name="Staff"))
        ).filter(pk=pk)
    )
    (found_ann,) = prepared.objects(ann.pk)
    (found_bob,) = prepared.objects(bob.pk)
    assert (found_ann.username, found_ann.groups_of) == ("ann", 1)
    assert (found_bob.username, found_bob.groups_of) == ("bob", 0)
    assert prepared.objects(bob.pk + ann.pk + 1000) == []


def test_a_value_used_twice_is_put_in_both_places():
    from django.contrib.auth.models import User

    ann = UserFactory(username="ann", first_name="Ann")
    prepared = Prepared(
        lambda pk: (
            User.objects.filter(Q(pk=pk) | Q(pk=pk + 0))
            .filter(id__lte=pk)
            .values_list("first_name")
        )
    )
    assert list(prepared.rows(ann.pk)) == [("Ann",)]


def test_the_sql_is_written_once():
    from django.contrib.auth.models import User

    built = []

    def build(pk: int) -> "QuerySet[User]":
        built.append(pk)
        return User.objects.filter(pk=pk)

    prepared = Prepared(build)
    users = [UserFactory() for _ in range(3)]
    with CaptureQueriesContext(connection) as queries:
        for user in users:
            assert prepared.objects(user.pk) == [user]
    assert len(queries.captured_queries) == 3
    assert len(built) == 2  # compiled with two values, then never again


def test_a_query_that_ignores_its_value_is_refused():
    from django.contrib.auth.models import User

    with pytest.raises(ValueError, match="does not use its value"):
        Prepared(lambda pk: User.objects.all()).objects(1)

"""cms.lookups: values no key can hold match nothing; every other query is
unchanged, including the ones Django's related managers build themselves."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db

ODD = (2**63, 2**64, "abc", float("inf"))


@pytest.fixture
def group_of_two():
    User = get_user_model()
    group = Group.objects.create(name="Groupe")
    users = [User.objects.create(username=name) for name in ("un", "deux")]
    group.user_set.add(*users)
    return group, users


@pytest.mark.parametrize("odd", ODD)
def test_a_key_no_row_can_hold_matches_nothing(group_of_two, odd):
    User = get_user_model()
    assert not User.objects.filter(pk=odd).exists()
    assert not User.objects.filter(groups=odd).exists()
    assert list(User.objects.filter(pk__in=[odd, group_of_two[1][0].pk])) == [
        group_of_two[1][0]
    ]
    assert not Group.objects.filter(user__in=[odd]).exists()


def test_related_managers_remove_set_and_clear_as_before(group_of_two):
    # Related managers filter with a relation's (key,) tuple (a regression: the
    # lookups once read it as an impossible value and removed nothing).
    group, (first, second) = group_of_two
    group.user_set.remove(first.pk)
    assert list(group.user_set.all()) == [second]
    group.user_set.set([first])
    assert list(group.user_set.all()) == [first]
    group.user_set.set(get_user_model().objects.none())
    assert not group.user_set.exists()
    group.user_set.add(first, second)
    group.user_set.clear()
    assert not group.user_set.exists()
    first.groups.add(group)
    first.groups.remove(group)
    assert not first.groups.exists()

"""Local roles: a departmental referent reaches its own department's objects only."""

import pytest

from django.contrib.auth.models import Permission

from measures.models import Indicator, IndicatorTarget, TerritorialRole, Territory
from measures.permissions import DepartmentPermissionPolicy, managed_departments

pytestmark = pytest.mark.django_db


@pytest.fixture
def targets():
    indicator = Indicator.objects.get(code="EMPLOIS-FRANCS")
    return {
        code: IndicatorTarget.objects.create(
            indicator=indicator,
            territory=Territory.objects.get(kind="department", code=code),
            value=100,
        )
        for code in ("31", "44")
    }


@pytest.fixture
def referent_31(user_factory):
    user = user_factory("referent-31", "Référents départementaux")
    user.user_permissions.add(
        Permission.objects.get(codename="change_indicatortarget"),
    )
    TerritorialRole.objects.create(
        user=user, territory=Territory.objects.get(kind="department", code="31")
    )
    return user


def policy():
    return DepartmentPermissionPolicy(IndicatorTarget, department_field="territory")


def test_referent_manages_only_its_department(referent_31, targets):
    assert list(managed_departments(referent_31).values_list("code", flat=True)) == [
        "31"
    ]
    assert policy().user_has_permission_for_instance(
        referent_31, "change", targets["31"]
    )
    assert not policy().user_has_permission_for_instance(
        referent_31, "change", targets["44"]
    )
    assert list(policy().instances_user_has_permission_for(referent_31, "change")) == [
        targets["31"]
    ]


def test_national_administrator_manages_every_department(user_factory, targets):
    admin = user_factory("cget-national", "Administrateurs nationaux")
    assert managed_departments(admin).count() == 101
    assert policy().user_has_permission_for_instance(admin, "change", targets["44"])


def test_a_role_without_the_model_permission_gives_nothing(user_factory, targets):
    user = user_factory("sans-droit", "Référents départementaux")
    TerritorialRole.objects.create(
        user=user, territory=Territory.objects.get(kind="department", code="31")
    )
    assert not policy().user_has_permission_for_instance(user, "change", targets["31"])
    assert not policy().instances_user_has_permission_for(user, "change").exists()


def test_roles_are_listed_in_the_admin_for_national_administrators(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/measures/territorialrole/").status_code == 200

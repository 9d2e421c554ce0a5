"""Access is decided by permissions, never by a group's name: renaming every
group in the admin changes nothing (roles of the permission matrix's world)."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from measures.models import TerritorialRole
from measures.permissions import can_act_nationally, department_group
from partners.accounts import create_partner
from partners.permissions import can_moderate_good_practices, is_partner

from .world import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def renamed(world):
    for group in Group.objects.all():
        group.name = f"Groupe renommé {group.pk}"
        group.save()
    return world


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def client_for(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_national_administrators_still_act_for_every_department(renamed):
    assert can_act_nationally(fresh(renamed.users["national"]))
    assert not can_act_nationally(fresh(renamed.users["referent_a"]))
    response = client_for(renamed.users["national"]).get(
        reverse("partners_reports:national_table")
    )
    assert response.status_code == 200


def test_referent_still_edits_own_department_and_not_another(renamed):
    client = client_for(renamed.users["referent_a"])
    own = client.get(reverse("wagtailadmin_pages:edit", args=[renamed.contract_a.pk]))
    other = client.get(reverse("wagtailadmin_pages:edit", args=[renamed.contract_b.pk]))
    company = client.get(
        reverse("partners_company_modeladmin_edit", args=[renamed.company_b.pk])
    )
    assert (own.status_code, other.status_code) == (200, 403)
    assert company.status_code == 302


def test_new_referent_joins_the_existing_department_group(renamed):
    groups_before = Group.objects.count()
    newcomer = make_user("referent-a-bis")
    TerritorialRole.objects.create(user=newcomer, territory=renamed.dept_a)
    group = department_group(renamed.dept_page_a)
    assert Group.objects.count() == groups_before
    assert group.user_set.filter(pk=newcomer.pk).exists()


def test_moderators_still_moderate(renamed):
    assert can_moderate_good_practices(fresh(renamed.users["moderator"]))
    assert not can_moderate_good_practices(fresh(renamed.users["communication"]))
    response = client_for(renamed.users["moderator"]).get(
        reverse("partners_moderation_queue")
    )
    assert response.status_code == 200


def test_partners_still_reach_their_space_and_new_partners_join_them(renamed):
    assert is_partner(fresh(renamed.users["partner"]))
    response = client_for(renamed.users["partner"]).get(reverse("partners_space"))
    assert response.status_code == 200
    newcomer = create_partner(
        "Alex Martin", "Club B", "alex@example.org", active=True, invited=True
    )
    assert is_partner(fresh(newcomer))


def test_reference_loader_finds_the_moderators_by_permission_after_renaming(renamed):
    """Data setup too: with the moderation task's groups gone, the loader finds the
    moderators' group by its permission, whatever it is called."""
    from django.core.management import call_command

    from wagtail.models import GroupPagePermission

    from partners.models import GoodPracticeIndexPage, GoodPracticeModerationTask

    moderators = Group.objects.get(
        permissions__codename="moderate_good_practices",
        permissions__content_type__app_label="partners",
    )
    for task in GoodPracticeModerationTask.objects.all():
        task.groups.clear()
    call_command("load_reference_content", verbosity=0)  # no group looked up by name
    moderators.refresh_from_db()
    assert moderators.name.startswith("Groupe renommé")
    assert GroupPagePermission.objects.filter(
        group=moderators, page=GoodPracticeIndexPage.objects.get()
    ).exists()

"""Local roles on the contrats de ville: a referent edits its own department's
contracts and protocols only, by URL as by listing; national administrators see all.
"""

import pytest

from django.urls import reverse

from measures.models import ContractPage, TerritorialRole
from tests.factories import department_page, make_contract, make_protocol, make_referent

pytestmark = pytest.mark.django_db

TITLE = "Contrat de ville de Toulouse Métropole"


@pytest.fixture
def contract():
    contract = make_contract("31", title=TITLE, epci="Toulouse Métropole")
    make_protocol(contract, status="negotiating")
    return contract


@pytest.fixture
def referent_31(user_factory):
    return make_referent(user_factory, "referent-31", "31")


@pytest.fixture
def referent_44(user_factory):
    return make_referent(user_factory, "referent-44", "44")


def protocol_of(contract):
    return contract.get_children().get().specific


def test_referent_edits_its_own_department_contract_and_protocol(
    client, contract, referent_31
):
    client.force_login(referent_31)
    assert client.get(f"/admin/pages/{contract.pk}/edit/").status_code == 200
    assert (
        client.get(f"/admin/pages/{protocol_of(contract).pk}/edit/").status_code == 200
    )
    add = f"/admin/pages/add/measures/contractpage/{department_page('31').pk}/"
    assert client.get(add).status_code == 200
    listing = client.get(f"/admin/pages/{department_page('31').pk}/")
    assert TITLE in listing.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/{contract}/edit/",
        "/admin/pages/{protocol}/edit/",
        "/admin/pages/{contract}/delete/",
        "/admin/pages/{contract}/move/",
        "/admin/pages/add/measures/contractpage/{department}/",
        "/admin/pages/add/measures/renovationprotocolpage/{contract}/",
    ],
    ids=["edit", "edit-protocol", "delete", "move", "add-contract", "add-protocol"],
)
def test_referent_of_another_department_gets_403_by_url(
    client, contract, referent_44, url
):
    client.force_login(referent_44)
    response = client.get(
        url.format(
            contract=contract.pk,
            protocol=protocol_of(contract).pk,
            department=department_page("31").pk,
        )
    )
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_referent_of_another_department_cannot_post_an_edit(
    client, contract, referent_44
):
    client.force_login(referent_44)
    response = client.post(
        f"/admin/pages/{contract.pk}/edit/", {"title": "Piraté", "slug": "pirate"}
    )
    assert response.status_code == 403
    contract.refresh_from_db()
    assert contract.title == TITLE
    assert not contract.has_unpublished_changes


def test_referent_of_another_department_does_not_see_it_in_admin_listings(
    client, contract, referent_44
):
    client.force_login(referent_44)
    # The explorer starts at the referent's own department page.
    explorer = client.get("/admin/pages/", follow=True)
    assert explorer.status_code == 200
    html = explorer.content.decode()
    assert "Loire-Atlantique" in html
    assert TITLE not in html
    # The other department's listing and the explorer menu's API do not show it.
    other = client.get(f"/admin/pages/{department_page('31').pk}/", follow=True)
    assert TITLE not in other.content.decode()
    api = client.get(
        "/admin/api/main/pages/",
        {"child_of": department_page("31").pk, "for_explorer": 1},
    )
    assert TITLE not in api.content.decode()
    # Nor does the admin search.
    search = client.get("/admin/pages/search/", {"q": "Toulouse Métropole"})
    assert TITLE not in search.content.decode()


def test_referent_finds_its_own_contract_in_admin_search(client, contract, referent_31):
    client.force_login(referent_31)
    search = client.get("/admin/pages/search/", {"q": "Toulouse Métropole"})
    assert TITLE in search.content.decode()


def test_national_administrator_sees_and_edits_every_department(
    client, contract, user_factory
):
    national = user_factory("cget-national", "Administrateurs nationaux")
    client.force_login(national)
    assert client.get(f"/admin/pages/{contract.pk}/edit/").status_code == 200
    listing = client.get(f"/admin/pages/{department_page('31').pk}/")
    assert TITLE in listing.content.decode()
    assert (
        client.get(reverse("measures_admin:synthesis", args=["31"])).status_code == 200
    )
    assert (
        client.get(reverse("measures_admin:synthesis", args=["44"])).status_code == 200
    )


def test_referent_cannot_publish_it_submits(client, contract, referent_31):
    """No publish permission: the edit form offers submission, not publication."""
    client.force_login(referent_31)
    html = client.get(f"/admin/pages/{contract.pk}/edit/").content.decode()
    assert "action-submit" in html
    assert 'name="action-publish"' not in html


def test_synthesis_of_another_department_is_refused(client, contract, referent_44):
    client.force_login(referent_44)
    assert (
        client.get(reverse("measures_admin:synthesis", args=["31"])).status_code == 403
    )
    assert (
        client.get(reverse("measures_admin:synthesis_docx", args=["31"])).status_code
        == 403
    )
    own = client.get(reverse("measures_admin:synthesis", args=["44"]))
    assert own.status_code == 200
    index = client.get(reverse("measures_admin:synthesis_index")).content.decode()
    assert "Loire-Atlantique" in index and "Haute-Garonne" not in index


def test_removing_the_role_removes_the_access(client, contract, referent_31):
    TerritorialRole.objects.filter(user=referent_31).delete()
    client.force_login(referent_31)
    assert client.get(f"/admin/pages/{contract.pk}/edit/").status_code == 403


def test_moving_a_role_to_another_department_moves_the_access(
    client, contract, referent_31
):
    role = TerritorialRole.objects.get(user=referent_31)
    role.territory = department_page("44").department
    role.save()
    client.force_login(referent_31)
    assert client.get(f"/admin/pages/{contract.pk}/edit/").status_code == 403
    add = f"/admin/pages/add/measures/contractpage/{department_page('44').pk}/"
    assert client.get(add).status_code == 200


def test_other_admin_refusals_keep_wagtails_redirect(client, referent_44):
    """Only the territorial pages answer 403; the rest of the admin is unchanged."""
    client.force_login(referent_44)
    home = department_page("44").get_parent().get_parent()
    response = client.get(f"/admin/pages/{home.pk}/edit/")
    assert response.status_code == 302


def test_contract_pages_are_created_under_a_department_only():
    assert ContractPage.parent_page_types == ["measures.DepartmentPage"]

"""Rapports → À compléter: editors find the gaps the public pages no longer print.

Each row links to the edit view of the page or object; a user sees only what they
may edit, and each link they see opens for them.
"""

import pytest

from django.urls import reverse

from cms.completeness import gaps_for
from partners.models import ClubPage
from tests.factories import make_contract, make_referent

pytestmark = pytest.mark.django_db

REPORT = "/admin/rapports/a-completer/"


@pytest.fixture
def national(user_factory):
    return user_factory("national", "Administrateurs nationaux")


@pytest.fixture
def communication(user_factory):
    return user_factory("communication", "Communication")


@pytest.fixture
def referent_31(user_factory):
    return make_referent(user_factory, "referent-31", "31")


def by_title(gaps):
    return {gap.title: gap for gap in gaps}


def assert_every_link_opens(client, user, gaps):
    client.force_login(user)
    for url in {gap.edit_url for gap in gaps}:
        assert client.get(url).status_code == 200, url


def test_national_admin_sees_every_kind_of_gap_with_what_is_missing(national):
    gaps = by_title(gaps_for(national))
    assert gaps["FACE"].missing == [
        "présentation",
        "départements où le club agit",
        "coordonnées",
    ]
    assert gaps["FACE"].edit_url.startswith("/admin/pages/")
    nantes = gaps["Journée de mobilisation PAQTE à Nantes (2018)"]
    assert {"date", "lieu", "organisateurs"} <= set(nantes.missing)
    ain = gaps["Ain"]
    assert "contrats de ville" in ain.missing and ain.where == "Ain (01)"
    assert gaps["Axe 4 — Acheter"].missing == ["indicateurs clés"]
    assert any(g.kind == "Engagement du pacte de Dijon" for g in gaps.values())
    assert any(g.kind == "Indicateur" for g in gaps.values())
    assert any(g.kind == "Mesure" for g in gaps.values())
    assert gaps["Mentions légales"].missing[0] == "éditeur"


def test_national_admin_can_open_every_link_of_the_report(client, national):
    gaps = gaps_for(national)
    kinds = {}
    for gap in gaps:
        kinds.setdefault(gap.kind, gap)  # one of each kind: the links are alike
    assert_every_link_opens(client, national, kinds.values())


def test_communication_sees_pages_but_not_objects_it_cannot_change(
    client, communication
):
    gaps = gaps_for(communication)
    kinds = {gap.kind for gap in gaps}
    assert {"Club d’entreprises", "Département", "Mesure", "Page standard"} <= kinds
    # Indicators, pacte commitments and axes: view only for Communication.
    assert not kinds & {"Indicateur", "Engagement du pacte de Dijon", "Axe du PAQTE"}
    one_of_each = {gap.kind: gap for gap in gaps}.values()
    assert_every_link_opens(client, communication, one_of_each)


def test_referent_sees_only_the_gaps_of_its_own_department(client, referent_31):
    contract = make_contract("31", title="Contrat de ville de Toulouse Métropole")
    make_contract("44", title="Contrat de ville de Nantes Métropole")
    gaps = gaps_for(referent_31)
    titles = {gap.title for gap in gaps}
    assert titles == {"Haute-Garonne", "Contrat de ville de Toulouse Métropole"}
    contract_gap = by_title(gaps)["Contrat de ville de Toulouse Métropole"]
    assert contract_gap.edit_url == reverse(
        "wagtailadmin_pages:edit", args=[contract.pk]
    )
    assert "protocole d’engagements renforcés et réciproques" in contract_gap.missing
    assert_every_link_opens(client, referent_31, gaps)


def test_a_filled_club_leaves_the_report(national):
    club = ClubPage.objects.get(title="FACE")
    club.website = "https://example.org/"
    club.save_revision().publish()
    assert by_title(gaps_for(national))["FACE"].missing == [
        "présentation",
        "départements où le club agit",
    ]


def test_report_page_lists_gaps_with_edit_links_in_the_reports_menu(
    client, communication
):
    client.force_login(communication)
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "À compléter" in html
    assert "présentation, départements où le club agit, coordonnées" in html
    club = ClubPage.objects.get(title="FACE")
    assert f'href="/admin/pages/{club.pk}/edit/"' in html
    assert REPORT in client.get("/admin/").content.decode()


def test_report_query_count_does_not_grow_with_each_row(
    client, national, django_assert_max_num_queries
):
    client.force_login(national)
    with django_assert_max_num_queries(60):
        assert client.get(REPORT).status_code == 200


def test_visitors_and_partners_cannot_open_the_report(client, user_factory):
    assert client.get(REPORT).status_code == 302
    client.force_login(user_factory("partenaire", "Partenaires"))
    assert client.get(REPORT).status_code == 302

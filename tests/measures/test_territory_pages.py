"""/territoires/, the department pages, contracts and protocols as visitors see them."""

import datetime
from decimal import Decimal

import pytest

from django.core.cache import cache
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from wagtail import hooks

from measures.models import (
    QPV,
    ContractSignatory,
    DepartmentPage,
    Indicator,
    IndicatorValue,
    PacteCommitment,
    Territory,
)
from tests.factories import make_contract, make_protocol

pytestmark = pytest.mark.django_db

DEPARTMENT_BUDGET = 25


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_territories_page_has_a_map_and_the_list_by_region(client):
    make_contract("31", title="Contrat de ville de test")
    html = get(client, "/territoires/?measure=contrats")
    assert "<h1>Territoires</h1>" in html
    # Map: 96 metropolitan departments as links, the overseas ones listed beside.
    assert html.count('<path class="q-map__department') == 96
    assert 'aria-label="Haute-Garonne (31) : 1 contrat"' in html
    assert "Départements d’outre-mer (hors carte)" in html
    assert ">Guadeloupe (971)</a>" in html
    assert "licence CC BY 4.0" in html
    # The real QPV contours of Occitanie.
    assert html.count('class="q-map__qpv"') == 105
    # The list: 18 regions and 101 departments.
    assert html.count('<h3 class="fr-h6 fr-mb-1w">') == 18
    for page in DepartmentPage.objects.all():
        assert f'href="{page.url}"' in html
    assert "Haute-Garonne (31)</a></th><td>Occitanie</td><td>1 contrat</td>" in html
    # In the main menu.
    assert 'class="fr-nav__link" href="/territoires/"' in html


def test_department_page_shows_its_qpv_context_figures_and_contracts(client):
    qpvs = QPV.objects.filter(territory__parent__code="31")
    toulouse = list(
        qpvs.filter(communes="Toulouse").values_list("territory", flat=True)
    )
    contract = make_contract(
        "31",
        title="Contrat de ville de Toulouse Métropole",
        epci="Toulouse Métropole",
        qpvs=toulouse,
    )
    make_protocol(contract, status="signed", signature_date=datetime.date(2019, 7, 1))

    html = get(client, "/territoires/haute-garonne/")
    assert "Département 31 · Région Occitanie" in html
    assert f"Les {qpvs.count()} quartiers prioritaires de Haute-Garonne" in html
    population = qpvs.aggregate(total=Sum("population"))["total"]
    assert f"{population:,}".replace(",", "\u202f") + "\u00a0habitants" in html
    assert "PRU d’intérêt national" not in html  # unknown: not shown to visitors
    assert "Contrat de ville de Toulouse Métropole" in html
    assert "Protocole signé dans les délais" in html
    assert "1 juillet 2019" in html
    assert 'class="q-map__qpv"' in html


def test_a_department_without_loaded_qpv_tells_visitors_what_will_come(client):
    html = get(client, "/territoires/ain/")
    assert "seront présentés ici ; en attendant, le système d’information" in html
    assert "Les contrats de ville du département et l’état de leur rénovation" in html
    assert 'href="/territoires/renovation/"' in html
    assert "Les valeurs départementales des indicateurs" in html
    assert "saisit dans l’administration" not in html


def test_department_page_shows_departmental_indicator_values(client):
    IndicatorValue.objects.create(
        indicator=Indicator.objects.get(code="EMPLOIS-FRANCS"),
        territory=Territory.objects.get(kind="department", code="31"),
        date=datetime.date(2019, 6, 30),
        value=Decimal("321"),
    )
    html = get(client, "/territoires/haute-garonne/")
    assert "Emplois francs signés" in html
    assert "321" in html and "30 juin 2019" in html


def test_contract_page_shows_signatories_qpv_and_councils(client):
    qpv = Territory.objects.get(code="QP031001")
    contract = make_contract(
        "31",
        title="Contrat de ville de Toulouse Métropole",
        epci="Toulouse Métropole",
        signature_date=datetime.date(2015, 6, 30),
        qpvs=[qpv],
    )
    contract.signatories.add(
        ContractSignatory(role="prefect", organisation="Préfecture de la Haute-Garonne")
    )
    contract.save_revision().publish()
    html = get(client, contract.url)
    assert "Préfet : Préfecture de la Haute-Garonne" in html
    assert f"{qpv.name} (QP031001)" in html
    assert "Prolongé jusqu’en 2022" in html
    assert "30 juin 2015" in html
    assert "Rénovation non engagée" in html
    assert "Conseils citoyens" not in html  # none entered: section omitted


def test_protocol_page_shows_the_three_principles_and_its_commitments(client):
    contract = make_contract("31", title="Contrat de ville de test")
    protocol = make_protocol(
        contract,
        status="negotiating",
        global_approach="<p>Mixité sociale.</p>",
        commitments=[
            {
                "party": "state",
                "description": "Renforcer les effectifs de police.",
                "due_date": datetime.date(2020, 12, 31),
                "pacte_commitment": PacteCommitment.objects.get(reference="SOC-E2"),
            },
            {"party": "local_authority", "description": "Ouvrir une maison de santé."},
        ],
    )
    html = get(client, protocol.url)
    for heading in (
        "a) Approche globale de l’action publique",
        "Engagements de l’État",
        "Engagements de la collectivité",
    ):
        assert heading in html
    # Sections the protocol leaves empty are omitted, not printed as "Non renseigné".
    for heading in (
        "b) Différenciation en fonction des territoires",
        "Volet enfance et soutien à la parentalité",
        "Grands projets",
        "Parties prenantes associées",
    ):
        assert heading not in html
    assert "Non renseign" not in html
    assert "Mixité sociale." in html
    assert "Renforcer les effectifs de police." in html
    assert "Échéance : 31 décembre 2020" in html
    assert "Prévoir des effectifs supplémentaires sur le terrain" in html
    assert "Protocole en négociation" in html


def test_other_apps_add_sections_to_the_department_page(client):
    """The hook through which partners (PAQTE, good practices) add a section."""

    def section(page, request):
        assert page.department.code == "31"
        return [
            {
                "title": "Conventions PAQTE du département",
                "template": "measures/includes/qpv_map.html",
                "context": {},
            }
        ]

    with hooks.register_temporarily("quartiers_department_sections", section):
        html = get(client, "/territoires/haute-garonne/")
    assert '<h2 id="section-1">Conventions PAQTE du département</h2>' in html


def add_content(department, count=6):
    """More contracts, protocols, commitments and values in the department."""
    qpvs = list(Territory.objects.filter(kind="qpv", parent=department)[:5])
    pacte = list(PacteCommitment.objects.all()[:3])
    for number in range(count):
        contract = make_contract(
            department.code, title=f"Contrat de volume {number}", qpvs=qpvs
        )
        make_protocol(
            contract,
            status="signed",
            signature_date=datetime.date(2019, 8, 1),
            commitments=[
                {"party": "state", "description": f"E{n}", "pacte_commitment": p}
                for n, p in enumerate(pacte)
            ],
        )
    indicator = Indicator.objects.get(code="EMPLOIS-FRANCS")
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicator,
            territory=territory,
            date=datetime.date(2019, 1, 1) + datetime.timedelta(days=day),
            value=Decimal(day),
        )
        for territory in [department, *qpvs]
        for day in range(50)
    )


def count_queries(client, url):
    cache.clear()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url", ["/territoires/haute-garonne/", "/territoires/"], ids=["department", "index"]
)
def test_territory_page_queries_do_not_grow_with_content(client, url):
    make_contract("31", title="Premier contrat")
    before = count_queries(client, url)
    add_content(Territory.objects.get(kind="department", code="31"))
    after = count_queries(client, url)
    assert before <= DEPARTMENT_BUDGET
    assert after == before

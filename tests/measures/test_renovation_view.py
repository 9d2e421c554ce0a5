"""The national view of the renovation of the contrats de ville, and its export."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from measures.models import RenovationState
from measures.models.contracts import renovation_state
from measures.models.territorial import renovation_summary
from tests.factories import make_contract, make_protocol

pytestmark = pytest.mark.django_db


@pytest.fixture
def contracts():
    on_time = make_contract("31", title="Contrat dans les délais")
    make_protocol(on_time, status="signed", signature_date=datetime.date(2019, 7, 31))
    late = make_contract("31", title="Contrat en retard")
    make_protocol(late, status="signed", signature_date=datetime.date(2019, 8, 1))
    negotiating = make_contract("34", title="Contrat en négociation")
    make_protocol(negotiating, status="negotiating")
    make_contract("44", title="Contrat sans protocole")
    not_engaged = make_contract("44", title="Contrat non engagé")
    make_protocol(not_engaged, status="not_engaged")
    draft = make_contract("31", title="Contrat brouillon")
    draft.unpublish()


@pytest.mark.parametrize(
    ("status", "date", "expected"),
    [
        ("signed", datetime.date(2019, 7, 31), RenovationState.ON_TIME),
        ("signed", datetime.date(2019, 8, 1), RenovationState.LATE),
        ("negotiating", None, RenovationState.NEGOTIATING),
        ("not_engaged", None, RenovationState.NOT_ENGAGED),
    ],
)
def test_renovation_state_against_the_deadline_of_31_july_2019(status, date, expected):
    from measures.models import RenovationProtocolPage

    protocol = RenovationProtocolPage(status=status, signature_date=date)
    assert renovation_state(protocol) == expected
    assert renovation_state(None) == RenovationState.NOT_ENGAGED


def test_summary_counts_published_contracts_by_state_region_and_department(contracts):
    summary = renovation_summary()
    assert summary["total"] == 5
    assert [state["count"] for state in summary["states"]] == [1, 1, 1, 2]
    regions = {region["region"].name: region for region in summary["regions"]}
    assert regions["Occitanie"]["counts"] == [1, 1, 1, 0]
    assert regions["Pays de la Loire"]["counts"] == [0, 0, 0, 2]
    departments = {
        item["department"].code: item["counts"]
        for region in summary["regions"]
        for item in region["departments"]
    }
    assert departments["31"] == [1, 1, 0, 0]
    assert departments["01"] == [0, 0, 0, 0]


def test_national_view_shows_each_state_by_region_and_department(client, contracts):
    html = client.get("/territoires/renovation/").content.decode()
    assert "Protocole signé dans les délais : 1" in html
    assert "Protocole signé après l’échéance : 1" in html
    assert "Protocole en négociation : 1" in html
    assert "Rénovation non engagée : 2" in html
    assert "Haute-Garonne (31)" in html and "Loire-Atlantique (44)" in html
    assert "Contrat en retard" in html
    assert "Contrat brouillon" not in html
    assert "31 juillet 2019" in html


def test_national_view_exports_to_xlsx(client, contracts):
    response = client.get("/territoires/renovation/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="renovation-contrats-de-ville-'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["contrats"].values)
    assert rows[0][:4] == ("code_region", "region", "code_departement", "departement")
    by_title = {row[4]: row for row in rows[1:]}
    assert set(by_title) == {
        "Contrat dans les délais",
        "Contrat en retard",
        "Contrat en négociation",
        "Contrat sans protocole",
        "Contrat non engagé",
    }
    late = by_title["Contrat en retard"]
    assert late[3] == "Haute-Garonne"
    assert late[6] == "Signé"
    assert late[7] == datetime.datetime(2019, 8, 1)
    assert late[8] == "Protocole signé après l’échéance"
    assert by_title["Contrat sans protocole"][6] == "aucun"
    departments = list(workbook["departements"].values)
    assert len(departments) == 1 + 101


def test_publishing_a_protocol_purges_the_national_view_and_the_pacte(monkeypatch):
    purged = []
    monkeypatch.setattr(
        "cms.cache.purge", lambda urls=(), **kwargs: purged.extend(urls)
    )
    make_protocol(make_contract("31", title="Contrat de test"), status="negotiating")
    assert any(url.endswith("/territoires/renovation/") for url in purged)
    assert any(url.endswith("/territoires/pacte-de-dijon/") for url in purged)


def test_contracts_and_protocols_are_open_data(client, contracts):
    response = client.get(
        "/api/v2/pages/",
        {"type": "measures.RenovationProtocolPage", "fields": "status,signature_date"},
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert {item["status"] for item in items} == {
        "signed",
        "negotiating",
        "not_engaged",
    }

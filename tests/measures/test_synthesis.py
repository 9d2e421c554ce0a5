"""The prefect's synthesis of a department: printable HTML and .docx."""

import datetime
import io

import pytest
from docx import Document

from django.urls import reverse

from measures.models import MeasurePage, PacteCommitment
from tests.factories import make_contract, make_protocol, make_referent

pytestmark = pytest.mark.django_db


@pytest.fixture
def referent(user_factory):
    return make_referent(user_factory, "referent-31", "31")


@pytest.fixture
def contract():
    contract = make_contract(
        "31",
        title="Contrat de ville de Toulouse Métropole",
        epci="Toulouse Métropole",
        steps_taken="Réunion des signataires le 4 février.",
        difficulties="Ingénierie intercommunale à renforcer.",
    )
    make_protocol(
        contract,
        status="signed",
        signature_date=datetime.date(2019, 9, 2),
        commitments=[
            {
                "party": "state",
                "description": "Ouvrir deux classes dédoublées de plus.",
                "pacte_commitment": PacteCommitment.objects.get(reference="JEU-E1"),
                "measures": [MeasurePage.objects.get(reference="J1")],
            }
        ],
    )
    draft = make_contract("31", title="Contrat pas encore publié")
    draft.unpublish()
    return contract


def docx_text(content):
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(paragraphs + cells), document


def test_synthesis_docx_holds_the_four_parts_from_the_data(client, referent, contract):
    client.force_login(referent)
    response = client.get(reverse("measures_admin:synthesis_docx", args=["31"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    text, document = docx_text(response.content)
    assert document.paragraphs[0].text == "République française"
    assert "Synthèse du préfet — Haute-Garonne (31)" in [
        p.text for p in document.paragraphs[:5]
    ]
    for expected in (
        "1. Démarches engagées",
        "Réunion des signataires le 4 février.",
        "2. Mesures de la feuille de route et engagements du pacte de Dijon",
        "Emplois francs",
        "JEU-E1 : Revoir en profondeur la politique de ressources humaines",
        "Ouvrir deux classes dédoublées de plus.",
        "3. Échéance de rénovation des contrats",
        "Protocole signé après l’échéance",
        "4. Difficultés rencontrées",
        "Ingénierie intercommunale à renforcer.",
        "1 contrat(s) de ville en cours de rédaction",
    ):
        assert expected in text, expected
    assert "Contrat pas encore publié" not in text


def test_synthesis_is_a_printable_html_page(client, referent, contract):
    client.force_login(referent)
    response = client.get(reverse("measures_admin:synthesis", args=["31"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert "@media print" in html
    assert "<h1>Synthèse du préfet — Haute-Garonne (31)</h1>" in html
    assert "Contrat de ville de Toulouse Métropole" in html
    assert "Ingénierie intercommunale à renforcer." in html
    assert reverse("measures_admin:synthesis_docx", args=["31"]) in html


def test_synthesis_of_a_department_without_contract_says_so(client, user_factory):
    client.force_login(user_factory("cget", "Administrateurs nationaux"))
    text, _ = docx_text(
        client.get(reverse("measures_admin:synthesis_docx", args=["01"])).content
    )
    assert "Aucun contrat de ville publié pour ce département." in text
    assert "Aucune difficulté signalée" in text


def test_unknown_department_is_404(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("measures_admin:synthesis", args=["99"]))
    assert response.status_code == 404


def test_the_admin_menu_offers_the_synthesis_to_referents_not_the_qpv_import(
    client, referent
):
    client.force_login(referent)
    html = client.get("/admin/").content.decode()
    assert reverse("measures_admin:synthesis_index") in html
    assert reverse("measures_admin:qpv_import") not in html

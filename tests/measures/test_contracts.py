"""A departmental referent writes a contrat de ville and its renovation protocol in
the admin, submits them, a national administrator approves, and the public pages
and the prefect's synthesis show them."""

import io

import pytest

from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from measures.models import (
    ContractPage,
    Indicator,
    MeasurePage,
    PacteCommitment,
    RenovationProtocolPage,
    Territory,
)
from tests.factories import department_page, make_referent

pytestmark = pytest.mark.django_db


def toulouse_qpvs():
    return list(
        Territory.objects.filter(
            kind="qpv", parent__code="31", qpv__communes="Toulouse"
        )
    )


def contract_form(**overrides):
    data = {
        "title": "Contrat de ville de Toulouse Métropole",
        "slug": "contrat-de-ville-de-toulouse-metropole",
        "summary": "",
        "epci": "Toulouse Métropole",
        "signature_date": "30/06/2015",
        "initial_end_date": "",
        "extended_to_2022": "on",
        "signatories": inline_formset(
            [
                {
                    "role": "prefect",
                    "name": "",
                    "organisation": "Préfecture de la Haute-Garonne",
                },
                {
                    "role": "epci_president",
                    "name": "",
                    "organisation": "Toulouse Métropole",
                },
                {"role": "mayor", "name": "", "organisation": "Ville de Toulouse"},
            ]
        ),
        "citizen_councils": inline_formset(
            [{"name": "Conseil citoyen de test", "qpv": "", "description": ""}]
        ),
        "body": rich_text("<p>Présentation du contrat.</p>"),
        "steps_taken": "Comité de pilotage de la rénovation réuni.",
        "difficulties": "Calendrier des signatures contraint.",
        "comments": inline_formset([]),
        "action-submit": "Soumettre",
    }
    data.update(overrides)
    form = nested_form_data(data)
    # Lists are multiple values of one field (nested_form_data would number them).
    form["qpvs"] = [qpv.pk for qpv in toulouse_qpvs()]
    return form


def protocol_form(pacte, measure, indicator, **overrides):
    data = {
        "title": "Protocole d’engagements renforcés et réciproques de Toulouse Métropole",
        "slug": "protocole",
        "summary": "",
        "status": "signed",
        "signature_date": "15/07/2019",
        "midterm_evaluation": rich_text(""),
        "global_approach": rich_text("<p>Mixité sociale dans le logement.</p>"),
        "territorial_differentiation": rich_text(
            "<p>Quartiers de grands ensembles.</p>"
        ),
        "accountability": rich_text("<p>Comité de suivi annuel.</p>"),
        "childhood_parenting": rich_text("<p>Lieux d’accueil parents-enfants.</p>"),
        "stakeholders": inline_formset(
            [{"kind": "association", "name": "Association de test", "role": ""}]
        ),
        "projects": inline_formset(
            [
                {
                    "kind": "education_city",
                    "name": "Cité éducative de test",
                    "qpv": "",
                    "description": "",
                }
            ]
        ),
        "commitments": inline_formset(
            [
                {
                    "party": "local_authority",
                    "description": "Ouvrir un lieu numérique dans le quartier.",
                    "due_date": "31/12/2020",
                    "indicator": indicator.pk,
                    "target_value": "2",
                    "target_territory": Territory.objects.get(
                        kind="department", code="31"
                    ).pk,
                    "pacte_commitment": pacte.pk,
                }
            ]
        ),
        "comments": inline_formset([]),
        "action-submit": "Soumettre",
    }
    data.update(overrides)
    form = nested_form_data(data)
    form["commitments-0-measures"] = [measure.pk]
    return form


def approve(client, page):
    workflow_state = page.current_workflow_state
    task_state = workflow_state.current_task_state
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=(page.pk, "approve", task_state.pk),
        ),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)


def test_referent_writes_submits_and_national_admin_publishes(client, user_factory):
    referent = make_referent(user_factory, "referent-31", "31")
    national = user_factory("cget-national", "Administrateurs nationaux")
    pacte = PacteCommitment.objects.get(reference="ECO-A5")
    measure = MeasurePage.objects.get(reference="J1")
    indicator = Indicator.objects.get(code="EMPLOIS-FRANCS")
    haute_garonne = department_page("31")

    client.force_login(referent)
    add_contract = f"/admin/pages/add/measures/contractpage/{haute_garonne.pk}/"
    assert client.get(add_contract).status_code == 200
    response = client.post(add_contract, contract_form())
    assert response.status_code == 302, response.context["form"].errors
    contract = ContractPage.objects.get(slug="contrat-de-ville-de-toulouse-metropole")
    assert not contract.live
    assert contract.workflow_in_progress
    assert set(contract.qpvs.all()) == set(toulouse_qpvs())
    assert contract.signatories.count() == 3

    add_protocol = f"/admin/pages/add/measures/renovationprotocolpage/{contract.pk}/"
    response = client.post(add_protocol, protocol_form(pacte, measure, indicator))
    assert response.status_code == 302, response.context["form"].errors
    protocol = RenovationProtocolPage.objects.get(slug="protocole")
    commitment = protocol.commitments.get()
    assert commitment.pacte_commitment == pacte
    assert list(commitment.measures.all()) == [measure.page_ptr.specific]
    assert protocol.workflow_in_progress
    # A second protocol cannot be added to the same contract.
    assert not RenovationProtocolPage.can_create_at(contract)

    # Not published yet: nothing public.
    client.logout()
    assert "Toulouse Métropole" not in client.get(haute_garonne.url).content.decode()

    client.force_login(national)
    approve(client, contract)
    approve(client, Page.objects.get(pk=protocol.pk))
    contract.refresh_from_db()
    protocol.refresh_from_db()
    assert contract.live and protocol.live
    client.logout()

    department = client.get(haute_garonne.url).content.decode()
    assert "Contrat de ville de Toulouse Métropole" in department
    assert "Protocole signé dans les délais" in department
    assert "15 juillet 2019" in department

    pacte_page = client.get("/territoires/pacte-de-dijon/").content.decode()
    assert "Décliné dans 1 protocole" in pacte_page
    assert protocol.title in pacte_page

    national_view = client.get("/territoires/renovation/").content.decode()
    assert "Contrat de ville de Toulouse Métropole" in national_view

    protocol_page = client.get(protocol.url).content.decode()
    assert "Ouvrir un lieu numérique dans le quartier." in protocol_page
    assert "Mixité sociale dans le logement." in protocol_page
    assert "Lieux d’accueil parents-enfants." in protocol_page
    assert "Cité éducative de test" in protocol_page
    assert "Association de test" in protocol_page
    assert measure.title in protocol_page
    assert pacte.display_text in protocol_page

    client.force_login(referent)
    response = client.get(reverse("measures_admin:synthesis_docx", args=["31"]))
    assert response.status_code == 200
    from docx import Document

    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text
        for table in document.tables
        for row in table.rows
        for cell in row.cells
    )
    assert "Contrat de ville de Toulouse Métropole" in text
    assert "Comité de pilotage de la rénovation réuni." in text
    assert "Calendrier des signatures contraint." in text
    assert pacte.display_text in text
    assert measure.title in text


def test_a_signed_protocol_without_date_is_refused_and_nothing_is_written(
    client, user_factory
):
    from tests.factories import make_contract

    referent = make_referent(user_factory, "referent-31", "31")
    contract = make_contract("31", title="Contrat de ville de test")
    client.force_login(referent)
    response = client.post(
        f"/admin/pages/add/measures/renovationprotocolpage/{contract.pk}/",
        protocol_form(
            PacteCommitment.objects.first(),
            MeasurePage.objects.get(reference="J1"),
            Indicator.objects.get(code="EMPLOIS-FRANCS"),
            signature_date="",
        ),
    )
    assert response.status_code == 200
    assert "Un protocole signé a une date de signature." in response.content.decode()
    assert not RenovationProtocolPage.objects.exists()


def test_a_target_without_indicator_is_refused(client, user_factory):
    from tests.factories import make_contract

    referent = make_referent(user_factory, "referent-31", "31")
    contract = make_contract("31", title="Contrat de ville de test")
    client.force_login(referent)
    form = protocol_form(
        PacteCommitment.objects.first(),
        MeasurePage.objects.get(reference="J1"),
        Indicator.objects.get(code="EMPLOIS-FRANCS"),
    )
    form["commitments-0-indicator"] = ""
    response = client.post(
        f"/admin/pages/add/measures/renovationprotocolpage/{contract.pk}/", form
    )
    assert response.status_code == 200
    assert "Une cible se rapporte à un indicateur : choisissez-le." in (
        response.content.decode()
    )
    assert not RenovationProtocolPage.objects.exists()


def test_a_contract_cannot_cover_a_qpv_of_another_department(client, user_factory):
    referent = make_referent(user_factory, "referent-31", "31")
    client.force_login(referent)
    form = contract_form()
    montpellier = Territory.objects.filter(kind="qpv", parent__code="34").first()
    form["qpvs"] = [montpellier.pk]
    response = client.post(
        f"/admin/pages/add/measures/contractpage/{department_page('31').pk}/", form
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not ContractPage.objects.exists()
    # The form offers only the department's own QPV.
    html = client.get(
        f"/admin/pages/add/measures/contractpage/{department_page('31').pk}/"
    ).content.decode()
    assert toulouse_qpvs()[0].name in html
    assert montpellier.name not in html


@pytest.mark.parametrize(
    "model",
    [
        "territoryindexpage",
        "departmentpage",
        "pactedijonpage",
        "contractpage",
        "renovationprotocolpage",
    ],
)
def test_territorial_page_types_open_in_the_editor(client, admin_user, model):
    from tests.factories import make_contract, make_protocol

    make_protocol(make_contract("31", title="Contrat de ville de test"))
    page = Page.objects.filter(content_type__model=model).first()
    client.force_login(admin_user)
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    draft = client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert draft.status_code == 200
    assert page.title in draft.content.decode()

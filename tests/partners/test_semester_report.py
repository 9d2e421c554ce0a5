"""The semester report of a department: aggregates, workflow, xlsx, national table."""

import io

import pytest
from openpyxl import load_workbook

from django.db.models import Sum

from measures.models import QPV
from partners.models import Company, Convention, SemesterReport

from .factories import CompanyFactory, ConventionFactory, KeyIndicatorFactory, axis
from .factories import department as get_department
from .forms import (
    COMPANY_URL,
    CONVENTION_URL,
    company_data,
    convention_data,
    objective,
    result,
)

pytestmark = pytest.mark.django_db

REPORT_ADD_URL = "/admin/snippets/partners/semesterreport/add/"


def report_data(department, **overrides):
    data = {
        "department": department.pk,
        "year": 2019,
        "half": 1,
        "referent_contact": "",
        "organisation": "",
        "partners": "",
        "examples": "Visites d’entreprises pour des collégiens de REP+.",
        "example_links-count": 0,
        "strategy": "",
        "qpv_count": "",
        "pru_count": "",
        "qpv_population": "",
        "qpv_jobseekers": "",
    }
    data.update(overrides)
    return data


def test_loire_atlantique_referent_reports_and_the_nation_receives_it(
    client, referent_44, national_admin
):
    loire_atlantique = get_department("44")
    stages = KeyIndicatorFactory(name="Stages de 3e proposés", unit="stages")
    client.force_login(referent_44)

    # A company: a wrong SIREN first, then the right one.
    refused = client.post(COMPANY_URL, company_data(loire_atlantique, siren="1"))
    assert "SIREN" in refused.content.decode()
    client.post(COMPANY_URL, company_data(loire_atlantique, name="Chantiers de test"))
    company = Company.objects.get(name="Chantiers de test")

    # A convention keeping two axes, with objectives and S1 2019 results.
    response = client.post(
        CONVENTION_URL,
        convention_data(
            company,
            [axis("sensibiliser"), axis("former")],
            objectives=[
                objective(axis("sensibiliser"), indicator=stages, target="30"),
                objective(axis("former"), label="Contrats d’alternance", target="6"),
            ],
            results=[
                result(axis("sensibiliser"), "14", indicator=stages),
                result(axis("former"), "2", label="Contrats d’alternance"),
            ],
        ),
    )
    assert response.status_code == 302
    other = ConventionFactory(axes=[axis("sensibiliser")])
    other.results.create(
        axis=axis("sensibiliser"), indicator=stages, year=2019, half=1, value=6
    )
    other.save()

    # The report, submitted to its workflow.
    response = client.post(
        REPORT_ADD_URL,
        report_data(loire_atlantique, referent_contact="Référente PAQTE, préfecture")
        | {"action-submit": "Soumettre"},
    )
    assert response.status_code == 302
    report = SemesterReport.objects.get()
    assert report.workflow_in_progress
    assert not report.live

    sections = report.sections()
    assert len(sections["companies"]) == 2
    by_indicator = {row["indicator"]: row for row in sections["results"]}
    assert by_indicator["Stages de 3e proposés"]["total"] == 20
    assert by_indicator["Stages de 3e proposés"]["companies"] == 2
    assert by_indicator["Contrats d’alternance"]["total"] == 2

    # The referent cannot approve its own report; the national administrator does.
    task_state = report.current_workflow_task_state
    task = task_state.task.specific
    assert task.get_actions(report, referent_44) == []
    client.force_login(national_admin)
    response = client.post(
        f"/admin/snippets/partners/semesterreport/workflow/action/{report.pk}/"
        f"approve/{task_state.pk}/",
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    report.refresh_from_db()
    assert report.live

    # The xlsx export, in the circular's format.
    client.force_login(referent_44)
    response = client.get(f"/admin/paqte/bilans/{report.pk}/xlsx/")
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [str(c) for row in workbook.active.values for c in row if c is not None]
    for title in (
        "1. Référent du PAQTE (coordonnées)",
        "2. Organisation retenue de suivi et d’animation du PAQTE",
        "3. Nombre et liste des entreprises signataires au niveau départemental",
        "4. Associations et autres acteurs partenaires du déploiement du PAQTE",
        "6. Éléments de contexte du département",
    ):
        assert title in cells
    assert "Référente PAQTE, préfecture" in cells
    assert "Chantiers de test" in cells
    assert "Stages de 3e proposés" in cells

    # The national table shows the report received, and the missing ones.
    client.force_login(national_admin)
    html = client.get("/admin/paqte/bilans/?annee=2019&semestre=1").content.decode()
    assert "1 bilan reçu</strong>, 100 manquants" in html
    assert "Reçu et validé" in html


def test_a_second_report_for_the_same_semester_is_refused(client, referent_44):
    loire_atlantique = get_department("44")
    client.force_login(referent_44)
    assert client.post(REPORT_ADD_URL, report_data(loire_atlantique)).status_code == 302
    response = client.post(REPORT_ADD_URL, report_data(loire_atlantique))
    assert response.status_code == 200
    assert "Un bilan existe déjà pour ce département et ce semestre" in (
        response.content.decode()
    )
    assert SemesterReport.objects.count() == 1


def test_a_draft_is_not_received(client, referent_44, national_admin):
    client.force_login(referent_44)
    client.post(REPORT_ADD_URL, report_data(get_department("44")))
    client.force_login(national_admin)
    html = client.get("/admin/paqte/bilans/?annee=2019&semestre=1").content.decode()
    assert "0 bilan reçu</strong>, 101 manquants" in html
    assert "Brouillon non transmis" in html


def test_context_is_computed_from_qpv_data_where_it_exists():
    haute_garonne = get_department("31")
    qpvs = QPV.objects.filter(territory__parent=haute_garonne)
    assert qpvs.exists()
    report = SemesterReport.objects.create(
        department=haute_garonne, year=2019, half=1, qpv_count=1
    )
    figures = report.context_figures()
    assert figures["qpv_count"]["value"] == qpvs.count()
    assert "calculé" in figures["qpv_count"]["origin"]
    if not qpvs.filter(population__isnull=True).exists():
        assert (
            figures["qpv_population"]["value"]
            == qpvs.aggregate(total=Sum("population"))["total"]
        )
    assert figures["pru_count"]["value"] is None
    assert figures["pru_count"]["origin"] == "à renseigner"


def test_context_is_entered_where_the_data_does_not_exist():
    report = SemesterReport.objects.create(
        department=get_department("44"), year=2019, half=2, qpv_count=15
    )
    figures = report.context_figures()
    assert figures["qpv_count"]["value"] == 15
    assert figures["qpv_count"]["origin"] == "saisi dans le bilan"
    assert figures["qpv_jobseekers"]["origin"] == "à renseigner"


def test_report_takes_referent_and_organisation_from_the_department():
    from partners.models import DepartmentOrganisation

    loire_atlantique = get_department("44")
    DepartmentOrganisation.objects.create(
        department=loire_atlantique,
        referent_name="Référent de test",
        referent_email="paqte44@example.org",
        prefect_delegate="Délégué de test",
    )
    report = SemesterReport.objects.create(
        department=loire_atlantique, year=2019, half=1
    )
    assert "paqte44@example.org" in report.get_referent_contact()
    assert "Délégué du préfet référent : Délégué de test" in report.get_organisation()


def test_only_signed_conventions_are_signatories():
    CompanyFactory()
    ConventionFactory(status="preparation")
    signed = ConventionFactory()
    report = SemesterReport.objects.create(
        department=get_department("44"), year=2019, half=1
    )
    assert [c.pk for c in report.signatory_conventions()] == [signed.pk]
    assert Convention.objects.count() == 2


def test_referent_records_its_departments_paqte_organisation(client, referent_44):
    from partners.models import ClubPage, DepartmentOrganisation

    face = ClubPage.objects.get(slug="face")
    client.force_login(referent_44)
    form = client.get("/admin/snippets/partners/departmentorganisation/add/")
    assert form.context["form"]["department"].initial == get_department("44").pk
    response = client.post(
        "/admin/snippets/partners/departmentorganisation/add/",
        {
            "department": get_department("44").pk,
            "referent_name": "Référente de test",
            "referent_role": "Sous-préfète chargée de la politique de la ville",
            "referent_email": "paqte@example.org",
            "referent_phone": "",
            "project_officer": "Chargé de mission de test",
            "prefect_delegate": "",
            "subsidised_partners": "",
            "follow_up": "",
            "steering_committee": "DIRECCTE, Pôle emploi, intercommunalités",
            "steering_clubs": [face.pk],
        },
    )
    assert response.status_code == 302
    organisation = DepartmentOrganisation.objects.get()
    assert list(organisation.steering_clubs.all()) == [face]
    report = SemesterReport.objects.create(
        department=get_department("44"), year=2019, half=1
    )
    assert "FACE" in report.get_partners()
    assert "Chargé de mission : Chargé de mission de test" in report.get_organisation()


def test_a_report_is_received_once_submitted_even_when_sent_back(
    client, referent_44, national_admin
):
    client.force_login(referent_44)
    client.post(
        REPORT_ADD_URL,
        report_data(get_department("44")) | {"action-submit": "Soumettre"},
    )
    report = SemesterReport.objects.get()
    assert report.received
    task_state = report.current_workflow_task_state
    client.force_login(national_admin)
    client.post(
        f"/admin/snippets/partners/semesterreport/workflow/action/{report.pk}/"
        f"reject/{task_state.pk}/",
        {"comment": "À compléter."},
    )
    report = SemesterReport.objects.with_workflow_states().get()
    assert report.current_workflow_state.status == "needs_changes"
    assert report.received
    html = client.get("/admin/paqte/bilans/?annee=2019&semestre=1").content.decode()
    assert "1 bilan reçu</strong>, 100 manquants" in html
    draft = SemesterReport.objects.create(
        department=get_department("31"), year=2019, half=1, live=False
    )
    assert not draft.received


def test_the_national_table_bounds_the_year_asked(client, national_admin):
    client.force_login(national_admin)
    response = client.get(f"/admin/paqte/bilans/?annee={10**12}&semestre=1")
    assert response.status_code == 200
    html = response.content.decode()
    assert "L’année doit être comprise entre 2018 et 2030" in html
    assert html.count('<option value="20') < 20  # years offered stay few

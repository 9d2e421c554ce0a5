"""Every PAQTE admin screen and page type opens for the people who use it."""

import pytest

from wagtail.models import Page

from partners.models import SemesterReport

from .factories import ConventionFactory, axis, department

pytestmark = pytest.mark.django_db

SCREENS = [
    "/admin/partners/company/",
    "/admin/partners/company/create/",
    "/admin/partners/convention/",
    "/admin/partners/convention/create/",
    "/admin/snippets/partners/semesterreport/",
    "/admin/snippets/partners/semesterreport/add/",
    "/admin/snippets/partners/departmentorganisation/",
    "/admin/snippets/partners/departmentorganisation/add/",
    "/admin/snippets/partners/association/",
    "/admin/snippets/partners/association/add/",
    "/admin/snippets/partners/axis/",
]


@pytest.mark.parametrize("url", SCREENS)
def test_referent_screens_answer(client, referent_44, url):
    client.force_login(referent_44)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", [*SCREENS, "/admin/paqte/bilans/"])
def test_national_administrator_screens_answer(client, national_admin, url):
    client.force_login(national_admin)
    assert client.get(url).status_code == 200


def test_convention_edit_and_report_edit_open(client, referent_44):
    convention = ConventionFactory(axes=[axis("former")])
    report = SemesterReport.objects.create(
        department=department("44"), year=2019, half=1
    )
    client.force_login(referent_44)
    html = client.get(f"/admin/partners/convention/edit/{convention.pk}/").content
    assert "Résultats semestriels".encode() in html
    html = client.get(f"/admin/snippets/partners/semesterreport/edit/{report.pk}/")
    assert html.status_code == 200
    assert b"Soumettre" in html.content


@pytest.mark.parametrize(
    "model",
    [
        "paqtepage",
        "mobilisationdayindexpage",
        "mobilisationdaypage",
        "networkindexpage",
        "clubpage",
    ],
)
def test_page_type_opens_in_editor_and_draft_renders(client, admin_user, model):
    page = Page.objects.filter(content_type__model=model).first()
    client.force_login(admin_user)
    edit = client.get(f"/admin/pages/{page.pk}/edit/")
    assert edit.status_code == 200
    draft = client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert draft.status_code == 200
    assert page.title in draft.content.decode()


def test_report_inspect_shows_the_circulars_sections(client, referent_44):
    convention = ConventionFactory(
        axes=[axis("former")], company__name="Signataire inspecté"
    )
    convention.results.create(
        axis=axis("former"), label="Alternants", year=2019, half=1, value=3
    )
    convention.save()
    report = SemesterReport.objects.create(
        department=department("44"), year=2019, half=1, pru_count=2
    )
    client.force_login(referent_44)
    response = client.get(
        f"/admin/snippets/partners/semesterreport/inspect/{report.pk}/"
    )
    html = response.content.decode()
    assert "3. Entreprises signataires (nombre et liste)" in html
    assert "Signataire inspecté" in html
    assert "Former · Alternants : 3" in html
    assert "Nombre de PRU d’intérêt national : 2 (saisi dans le bilan)" in html
    assert f"/admin/paqte/bilans/{report.pk}/xlsx/" in html

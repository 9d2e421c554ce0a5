"""The PAQTE admin listings share the measures' design: every column sorts,
search and the department filter answer (bad values too), rows link to their
object, exports carry labels."""

import csv
import io

import pytest
from openpyxl import load_workbook

from django.urls import reverse

from partners.models import DepartmentOrganisation, SemesterReport
from tests.factories import make_referent
from tests.partners.factories import CompanyFactory, ConventionFactory, department

pytestmark = pytest.mark.django_db

SNIPPET_SORTS = {
    "/admin/snippets/partners/semesterreport/": ["department__code", "year"],
    "/admin/snippets/partners/association/": ["name", "department__code", "website"],
    "/admin/snippets/partners/departmentorganisation/": [
        "department__code",
        "referent_name",
        "referent_email",
    ],
    "/admin/snippets/partners/axis/": ["number", "name", "definition"],
}
MODELADMIN_COLUMNS = {
    "/admin/partners/company/": 5,
    "/admin/partners/convention/": 7,
}


@pytest.fixture
def national(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def conventions():
    nantes = ConventionFactory(company=CompanyFactory(name="Chantiers de test"))
    toulouse = ConventionFactory(
        company=CompanyFactory(name="Aéro de test", department=department("31"))
    )
    return nantes, toulouse


@pytest.fixture
def department_objects():
    from partners.models import Association

    for code in ("44", "31"):
        SemesterReport.objects.create(department=department(code), year=2019, half=1)
        Association.objects.create(
            name=f"Association de test {code}", department=department(code)
        )
        DepartmentOrganisation.objects.create(
            department=department(code), referent_name=f"Référent {code}"
        )


@pytest.mark.parametrize(
    ("url", "key"),
    [(url, key) for url, keys in SNIPPET_SORTS.items() for key in keys],
)
def test_national_administrator_sorts_each_snippet_column_both_ways(
    national, department_objects, url, key
):
    assert f"ordering={key}" in national.get(url).content.decode()
    for ordering in (key, f"-{key}"):
        assert national.get(url, {"ordering": ordering}).status_code == 200


@pytest.mark.parametrize(
    ("url", "index"),
    [(url, i) for url, count in MODELADMIN_COLUMNS.items() for i in range(count)],
)
def test_national_administrator_sorts_each_modeladmin_column_both_ways(
    national, conventions, url, index
):
    for ordering in (str(index), f"-{index}"):
        assert national.get(url, {"o": ordering}).status_code == 200


def test_company_department_filter_is_one_select(national, conventions):
    html = national.get("/admin/partners/company/").content.decode()
    assert '<select id="filtre-departement" name="departement">' in html
    filtered = national.get(
        "/admin/partners/company/", {"departement": department("31").pk}
    ).content.decode()
    assert "Aéro de test" in filtered
    assert "Chantiers de test" not in filtered


def test_referent_department_filter_offers_only_their_departments(
    client, user_factory, conventions
):
    referent = make_referent(user_factory, "referent-44", "44")
    client.force_login(referent)
    html = client.get("/admin/partners/company/").content.decode()
    assert "Loire-Atlantique (44)" in html
    assert "Haute-Garonne (31)" not in html


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/admin/partners/company/", {"departement": "abc"}),
        ("/admin/partners/company/", {"departement": "9" * 40}),
        ("/admin/partners/convention/", {"departement": "<script>"}),
        ("/admin/snippets/partners/semesterreport/", {"department": "abc"}),
        ("/admin/snippets/partners/semesterreport/", {"year": "deux-mille"}),
        ("/admin/snippets/partners/association/", {"department": "-3"}),
        ("/admin/snippets/partners/departmentorganisation/", {"department": "x"}),
    ],
)
def test_bad_filter_values_answer_without_error(national, url, params):
    assert national.get(url, params).status_code in (200, 302)


@pytest.mark.parametrize(
    ("url", "query", "found", "absent"),
    [
        ("/admin/partners/company/", "Aéro", "Aéro de test", "Chantiers de test"),
        ("/admin/partners/convention/", "Chantiers", "Chantiers de test", "Aéro de"),
    ],
)
def test_national_administrator_searches_a_listing(
    national, conventions, url, query, found, absent
):
    html = national.get(url, {"q": query}).content.decode()
    assert found in html
    assert absent not in html


def test_semester_report_listing_filters_by_department_and_links_rows(national):
    report_44 = SemesterReport.objects.create(
        department=department("44"), year=2019, half=1
    )
    SemesterReport.objects.create(department=department("31"), year=2019, half=1)
    html = national.get(
        "/admin/snippets/partners/semesterreport/",
        {"department": department("44").pk},
    ).content.decode()
    assert (
        reverse("wagtailsnippets_partners_semesterreport:edit", args=[report_44.pk])
        in html
    )
    assert "Haute-Garonne (31)</a>" not in html


def test_organisation_rows_link_to_the_object(national):
    organisation = DepartmentOrganisation.objects.create(
        department=department("44"), referent_name="Camille Test"
    )
    html = national.get("/admin/snippets/partners/departmentorganisation/").content
    assert (
        reverse(
            "wagtailsnippets_partners_departmentorganisation:edit",
            args=[organisation.pk],
        )
        in html.decode()
    )


@pytest.mark.parametrize("export", ["xlsx", "csv"])
def test_convention_export_carries_labels(national, conventions, export):
    response = national.get("/admin/partners/convention/", {"export": export})
    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    if export == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(content), read_only=True).active
        rows = list(sheet.iter_rows(values_only=True))
    cells = {str(cell) for row in rows for cell in row if cell is not None}
    assert "Signée" in cells
    assert "signed" not in cells

"""A Référent départemental reaches the PAQTE objects of its department only
(listing, export, inspect, edit, delete, history: by listing and by URL);
partners see only what is published."""

import pytest

from partners.models import Association, DepartmentOrganisation, SemesterReport

from .factories import CompanyFactory, ConventionFactory, axis, department

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects():
    """The same objects in Loire-Atlantique (44) and in Haute-Garonne (31)."""
    result = {}
    for code in ("44", "31"):
        territory = department(code)
        company = CompanyFactory(name=f"Entreprise du {code}", department=territory)
        result[code] = {
            "company": company,
            "convention": ConventionFactory(company=company, axes=[axis("former")]),
            "report": SemesterReport.objects.create(
                department=territory, year=2019, half=1
            ),
            "association": Association.objects.create(
                name=f"Association du {code}", department=territory
            ),
            "organisation": DepartmentOrganisation.objects.create(
                department=territory, referent_name=f"Référent du {code}"
            ),
        }
    return result


def denied(response):
    """Wagtail answers a PermissionDenied with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url in ("/admin/", "/admin")
    )


MODELADMIN = {"company": "company", "convention": "convention"}
SNIPPETS = {
    "report": "semesterreport",
    "association": "association",
    "organisation": "departmentorganisation",
}


def modeladmin_urls(model, pk):
    base = f"/admin/partners/{model}"
    return [
        f"{base}/edit/{pk}/",
        f"{base}/inspect/{pk}/",
        f"{base}/delete/{pk}/",
        f"{base}/history/{pk}/",
    ]


def snippet_urls(model, pk):
    base = f"/admin/snippets/partners/{model}"
    return [
        f"{base}/edit/{pk}/",
        f"{base}/inspect/{pk}/",
        f"{base}/delete/{pk}/",
        f"{base}/history/{pk}/",
        f"{base}/usage/{pk}/",
    ]


@pytest.mark.parametrize("key", list(MODELADMIN))
def test_referent_reaches_its_own_objects_by_url(client, referent_44, objects, key):
    client.force_login(referent_44)
    for url in modeladmin_urls(MODELADMIN[key], objects["44"][key].pk):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("key", list(MODELADMIN))
def test_referent_cannot_reach_another_departments_objects_by_url(
    client, referent_44, objects, key
):
    client.force_login(referent_44)
    for url in modeladmin_urls(MODELADMIN[key], objects["31"][key].pk):
        assert denied(client.get(url)), url
    response = client.post(
        f"/admin/partners/{MODELADMIN[key]}/delete/{objects['31'][key].pk}/"
    )
    assert denied(response)
    assert type(objects["31"][key]).objects.filter(pk=objects["31"][key].pk).exists()


@pytest.mark.parametrize("key", list(SNIPPETS))
def test_referent_reaches_its_own_snippets_by_url(client, referent_44, objects, key):
    client.force_login(referent_44)
    for url in snippet_urls(SNIPPETS[key], objects["44"][key].pk):
        if url.split("/")[-3] == "delete" and key in ("organisation", "report"):
            continue  # referents delete neither reports nor the organisation
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("key", list(SNIPPETS))
def test_referent_cannot_reach_another_departments_snippets_by_url(
    client, referent_44, objects, key
):
    client.force_login(referent_44)
    for url in snippet_urls(SNIPPETS[key], objects["31"][key].pk):
        assert denied(client.get(url)), url
    edit = f"/admin/snippets/partners/{SNIPPETS[key]}/edit/{objects['31'][key].pk}/"
    assert denied(client.post(edit, {}))


def test_listings_and_exports_are_scoped_to_the_department(
    client, referent_44, objects
):
    client.force_login(referent_44)
    html = client.get("/admin/partners/company/").content.decode()
    assert "Entreprise du 44" in html
    assert "Entreprise du 31" not in html
    html = client.get("/admin/partners/convention/").content.decode()
    assert "Entreprise du 44" in html
    assert "Entreprise du 31" not in html
    for url in (
        "/admin/partners/company/?export=csv",
        "/admin/partners/convention/?export=csv",
    ):
        body = b"".join(client.get(url).streaming_content).decode()
        assert "Entreprise du 44" in body
        assert "Entreprise du 31" not in body
    html = client.get("/admin/snippets/partners/association/").content.decode()
    assert "Association du 44" in html
    assert "Association du 31" not in html
    body = b"".join(
        client.get("/admin/snippets/partners/association/?export=csv").streaming_content
    ).decode()
    assert "Association du 44" in body
    assert "Association du 31" not in body
    html = client.get("/admin/snippets/partners/semesterreport/").content.decode()
    assert "Loire-Atlantique" in html
    assert "Haute-Garonne" not in html
    html = client.get(
        "/admin/snippets/partners/departmentorganisation/"
    ).content.decode()
    assert "Loire-Atlantique" in html
    assert "Haute-Garonne" not in html


def test_report_xlsx_export_is_scoped(client, referent_44, objects):
    client.force_login(referent_44)
    assert (
        client.get(
            f"/admin/paqte/bilans/{objects['44']['report'].pk}/xlsx/"
        ).status_code
        == 200
    )
    assert denied(client.get(f"/admin/paqte/bilans/{objects['31']['report'].pk}/xlsx/"))


def test_referent_cannot_file_a_report_for_another_department(client, referent_44):
    client.force_login(referent_44)
    response = client.post(
        "/admin/snippets/partners/semesterreport/add/",
        {
            "department": department("31").pk,
            "year": 2019,
            "half": 2,
            "example_links-count": 0,
        },
    )
    assert response.status_code == 200
    assert not SemesterReport.objects.filter(half=2).exists()


def test_the_national_table_is_for_national_administrators(
    client, referent_44, national_admin
):
    client.force_login(referent_44)
    assert denied(client.get("/admin/paqte/bilans/"))
    client.force_login(national_admin)
    assert client.get("/admin/paqte/bilans/").status_code == 200


def test_national_administrator_sees_every_department(client, national_admin, objects):
    client.force_login(national_admin)
    html = client.get("/admin/partners/convention/").content.decode()
    assert "Entreprise du 44" in html
    assert "Entreprise du 31" in html
    for url in modeladmin_urls("convention", objects["31"]["convention"].pk):
        assert client.get(url).status_code == 200, url
    for url in snippet_urls("semesterreport", objects["31"]["report"].pk):
        assert client.get(url).status_code == 200, url


def test_a_referent_cannot_publish_a_report_without_the_workflow(referent_44):
    assert not referent_44.has_perm("partners.publish_semesterreport")
    assert referent_44.has_perm("partners.change_semesterreport")


def test_partners_have_no_access_to_the_paqte_admin(client, user_factory, objects):
    partner = user_factory("partenaire", "Partenaires")
    client.force_login(partner)
    for url in (
        "/admin/partners/convention/",
        "/admin/partners/company/",
        "/admin/snippets/partners/semesterreport/",
        f"/admin/paqte/bilans/{objects['44']['report'].pk}/xlsx/",
    ):
        assert client.get(url).status_code in (302, 403), url


def test_partners_and_visitors_see_only_signed_conventions(client, objects):
    draft = ConventionFactory(
        company=CompanyFactory(name="Entreprise en préparation"), status="preparation"
    )
    assert not draft.is_public
    for url in ("/paqte/", "/reseau/", "/reseau/?q=Entreprise"):
        html = client.get(url).content.decode()
        assert "Entreprise du 44" in html, url
        assert "Entreprise en préparation" not in html, url


def test_bulk_delete_cannot_reach_another_department(client, referent_44, objects):
    other = objects["31"]["association"]
    own = objects["44"]["association"]
    client.force_login(referent_44)
    client.post(f"/admin/bulk/partners/association/delete/?id={other.pk}&id={own.pk}")
    assert Association.objects.filter(pk=other.pk).exists()
    assert not Association.objects.filter(pk=own.pk).exists()

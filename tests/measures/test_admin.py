import io

import pytest
from openpyxl import load_workbook

from measures.models import Indicator, IndicatorValue, Ministry

pytestmark = pytest.mark.django_db


def test_admin_login_is_in_french(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="fr"' in html
    assert "Se connecter" in html or "Connexion" in html


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/snippets/measures/indicator/",
        "/admin/snippets/measures/ministry/",
        "/admin/measures/indicatorvalue/",
        "/admin/measures/indicatortarget/",
        "/admin/measures/territory/",
        "/admin/rapports/indicateurs-a-mettre-a-jour/",
        "/admin/pages/",
        "/admin/settings/home/sitesettings/",
    ],
)
def test_national_administrator_screens_answer(client, admin_user, url):
    client.force_login(admin_user)
    assert client.get(url, follow=True).status_code == 200


def test_dashboard_shows_roadmap_progress(client, admin_user):
    client.force_login(admin_user)
    html = client.get("/admin/").content.decode()
    assert "Avancement de la feuille de route" in html
    assert "18 mesures publiées" in html
    assert '<td>En cours de déploiement</td><td class="q-dash__num">13</td>' in html
    assert "indicateurs à mettre à jour" in html


def test_indicator_listing_filters_and_inspect(client, admin_user):
    client.force_login(admin_user)
    anru = Ministry.objects.get(name="ANRU")
    html = client.get(
        f"/admin/snippets/measures/indicator/?producer={anru.pk}"
    ).content.decode()
    assert "NPNRU-PROJETS-VALIDES" in html
    assert "EMPLOIS-FRANCS" not in html
    indicator = Indicator.objects.get(code="NPNRU-INVESTISSEMENT")
    inspect = client.get(f"/admin/snippets/measures/indicator/inspect/{indicator.pk}/")
    assert inspect.status_code == 200
    assert (
        "Investissement induit par les projets NPNRU validés"
        in inspect.content.decode()
    )


def test_indicator_admin_search_works_on_every_engine(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/snippets/measures/indicator/?q=emplois")
    assert response.status_code == 200
    html = response.content.decode()
    assert "EMPLOIS-FRANCS" in html
    assert "NPNRU-BUDGET" not in html


def test_indicator_export_is_xlsx_with_latest_values(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/snippets/measures/indicator/?export=xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.values)
    assert rows[0][0] == "Code"
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["QPV-NOMBRE"][9] == 1514
    assert by_code["QPV-NOMBRE"][5] == "Ponctuelle"


def test_admin_exports_neutralise_formulas(client, admin_user):
    client.force_login(admin_user)
    Ministry.objects.create(name='=HYPERLINK("http://evil")', full_name="@SUM(A1)")
    for export in ("xlsx", "csv"):
        response = client.get(f"/admin/snippets/measures/ministry/?export={export}")
        content = b"".join(response.streaming_content)
        if export == "csv":
            text = content.decode()
            assert "'=HYPERLINK" in text and "'@SUM(A1)" in text
        else:
            values = [
                cell
                for row in load_workbook(io.BytesIO(content)).active.values
                for cell in row
            ]
            assert '\'=HYPERLINK("http://evil")' in values
            assert "'@SUM(A1)" in values


def test_values_listing_exports_reimportable_columns(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/measures/indicatorvalue/?export=xlsx")
    assert response.status_code == 200
    content = (
        response.getvalue()
        if hasattr(response, "getvalue")
        else b"".join(response.streaming_content)
    )
    rows = list(load_workbook(io.BytesIO(content)).active.values)
    assert len(rows) == IndicatorValue.objects.count() + 1


def test_stale_indicators_report_lists_old_values(client, admin_user):
    client.force_login(admin_user)
    html = client.get("/admin/rapports/indicateurs-a-mettre-a-jour/").content.decode()
    assert "EMPLOIS-FRANCS" in html  # monthly, last value in January 2019
    assert "QPV-NOMBRE" not in html  # one-off


def test_groups_exist_with_their_roles():
    from django.contrib.auth.models import Group

    names = set(Group.objects.values_list("name", flat=True))
    assert {
        "Administrateurs nationaux",
        "Communication",
        "Modérateurs",
        "Référents départementaux",
        "Producteurs d’indicateurs",
        "Partenaires",
    } <= names
    assert not names & {"Editors", "Moderators"}


def test_indicator_producer_can_import_values_but_not_edit_pages(client, user_factory):
    producer = user_factory("producteur", "Producteurs d’indicateurs")
    assert producer.has_perm("measures.add_indicatorvalue")
    assert producer.has_perm("measures.change_indicatorvalue")
    assert not producer.has_perm("measures.delete_indicator")
    client.force_login(producer)
    assert client.get("/admin/measures/indicatorvalue/").status_code == 200
    assert client.get("/admin/rapports/indicateurs-a-mettre-a-jour/").status_code == 200
    assert client.get("/admin/pages/add/home/standardpage/3/").status_code in (
        302,
        403,
        404,
    )


def test_communication_officer_submits_but_cannot_publish(
    client, user_factory, home_page
):
    from wagtail.models import Page

    officer = user_factory("redaction", "Communication")
    perms = home_page.permissions_for_user(officer)
    assert perms.can_add_subpage()
    assert perms.can_edit()
    assert not perms.can_publish()
    assert not officer.has_perm("measures.change_indicatorvalue")
    client.force_login(officer)
    assert client.get(f"/admin/pages/{home_page.pk}/").status_code == 200
    assert Page.objects.filter(pk=home_page.pk).exists()


def test_partner_has_no_admin_access(client, user_factory):
    partner = user_factory("partenaire", "Partenaires")
    client.force_login(partner)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]

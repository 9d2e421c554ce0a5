"""QPV as data: the 105 Occitanie QPV of the reference files, the admin import of
the national file (all or nothing), and indicator values per QPV."""

import datetime
from decimal import Decimal

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from measures.imports import apply_import, parse_workbook
from measures.models import QPV, DepartmentPage, IndicatorValue, Territory
from measures.qpv_import import apply_qpv_import, parse_qpv_workbook
from tests.factories import xlsx_bytes

pytestmark = pytest.mark.django_db

LIST_HEADER = ["CODE_QP", "NOM_QP", "COMMUNE_QP", "DEP"]


xlsx = xlsx_bytes


def upload(content, name="qpv.xlsx"):
    return SimpleUploadedFile(
        name,
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def qpv_state():
    return (
        Territory.objects.filter(kind="qpv").count(),
        list(QPV.objects.values_list("territory__code", "population", "statistics")),
    )


# --- reference content --------------------------------------------------------


def test_reference_content_holds_regions_departments_and_the_105_occitanie_qpv():
    assert Territory.objects.filter(kind="region").count() == 18
    assert Territory.objects.filter(kind="department").count() == 101
    assert DepartmentPage.objects.live().count() == 101
    assert Territory.objects.filter(kind="qpv").count() == 105
    assert QPV.objects.count() == 105
    regions = set(
        Territory.objects.filter(kind="qpv").values_list(
            "parent__parent__name", flat=True
        )
    )
    assert regions == {"Occitanie"}


def test_a_qpv_has_its_insee_figures_and_its_contour():
    qpv = QPV.objects.get(territory__code="QP009001")
    assert qpv.name == "Coeur De Ville"
    assert qpv.communes == "Saint-Girons"
    assert qpv.department.code == "09"
    assert qpv.population == 1177
    assert qpv.jobseekers == 255
    assert qpv.statistics["tp60"] == 40.2
    assert qpv.statistics["part_chomprinc"] is None  # unknown stays empty
    assert qpv.geometry["type"] in {"Polygon", "MultiPolygon"}
    assert "INSEE" in qpv.statistics_source


def test_loading_the_reference_content_again_creates_no_qpv():
    before = qpv_state()
    call_command("load_reference_content", verbosity=0)
    assert qpv_state() == before


# --- import of the national file ------------------------------------------------


def good_file():
    return xlsx(
        {
            "QP": [
                LIST_HEADER,
                ["QP093001", "Quartier de test", "Saint-Denis", "93"],
                ["QP02A001", "Quartier corse de test", "Ajaccio", "2A"],
                ["QP009001", "Cœur de ville (nom revu)", "Saint-Girons", "09"],
            ],
            "statistiques": [
                ["CODE_QP", "pop_mun", "abcde", "tp60"],
                ["QP093001", 4321, 456, "38,5"],
                ["QP02A001", "s", None, None],
            ],
        }
    )


def test_a_valid_national_file_creates_and_updates_qpv():
    result = parse_qpv_workbook(good_file())
    assert result.errors == []
    counts = apply_qpv_import(result)
    assert (counts.created, counts.updated, counts.statistics) == (2, 1, 2)

    created = QPV.objects.get(territory__code="QP093001")
    assert created.department.code == "93"
    assert (created.population, created.jobseekers) == (4321, 456)
    assert created.statistics["tp60"] == 38.5
    corsica = QPV.objects.get(territory__code="QP02A001")
    assert corsica.department.code == "2A"
    assert corsica.population is None  # secret: stays unknown
    updated = QPV.objects.get(territory__code="QP009001")
    assert updated.name == "Cœur de ville (nom revu)"
    assert updated.population == 1177  # no statistics given: kept


@pytest.mark.parametrize(
    ("sheets", "message"),
    [
        (
            {"QP": [LIST_HEADER, ["QP099001", "Nulle part", "X", ""]]},
            "Feuille « QP », ligne 2, colonne « CODE_QP » (A) : le département « 99 » "
            "du code QP099001 est inconnu.",
        ),
        (
            {"QP": [LIST_HEADER, ["QX31", "Code faux", "Toulouse", ""]]},
            "Feuille « QP », ligne 2, colonne « CODE_QP » (A) : code « QX31 » invalide",
        ),
        (
            {"QP": [LIST_HEADER, ["QP093001", "", "Saint-Denis", ""]]},
            "Feuille « QP », ligne 2, colonne « NOM_QP » (B) : nom du quartier manquant.",
        ),
        (
            {
                "QP": [
                    LIST_HEADER,
                    ["QP093001", "A", "Saint-Denis", ""],
                    ["QP093001", "B", "Saint-Denis", ""],
                ]
            },
            "Feuille « QP », ligne 3, colonne « CODE_QP » (A) : le quartier QP093001 "
            "figure déjà ligne 2.",
        ),
        (
            {
                "QP": [LIST_HEADER, ["QP093001", "A", "Saint-Denis", ""]],
                "statistiques": [["CODE_QP", "pop_mun"], ["QP093001", "beaucoup"]],
            },
            "Feuille « statistiques », ligne 2, colonne « pop_mun » (B) : « beaucoup » "
            "n’est pas un nombre",
        ),
        (
            {
                "QP": [LIST_HEADER, ["QP093001", "A", "Saint-Denis", ""]],
                "statistiques": [["CODE_QP", "pop_mun"], ["QP093999", 12]],
            },
            "Feuille « statistiques », ligne 2, colonne « CODE_QP » (A) : quartier "
            "« QP093999 » inconnu",
        ),
        (
            {"Feuil1": [["CODE", "NOM"], ["QP093001", "A"]]},
            "Aucune feuille du classeur n’a en ligne 1 les colonnes CODE_QP, NOM_QP et "
            "COMMUNE_QP (feuilles trouvées : « Feuil1 »).",
        ),
    ],
    ids=[
        "unknown-department",
        "bad-code",
        "missing-name",
        "duplicate",
        "not-a-number",
        "unknown-qpv",
        "no-list-sheet",
    ],
)
def test_a_bad_file_is_refused_with_row_and_column_and_writes_nothing(
    client, admin_user, sheets, message
):
    before = qpv_state()
    # A valid row besides the bad one is not imported either.
    if "QP" in sheets:
        sheets["QP"].append(["QP093500", "Quartier valide", "Bobigny", ""])
    client.force_login(admin_user)
    response = client.post(
        reverse("measures_admin:qpv_import"), {"file": upload(xlsx(sheets))}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Le fichier a été refusé" in html
    assert any(message in error for error in response.context["result"].errors), (
        response.context["result"].errors
    )
    assert qpv_state() == before


def test_a_file_that_is_not_a_workbook_is_refused(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("measures_admin:qpv_import"),
        {"file": upload(b"CODE_QP;NOM_QP\n", name="qpv.csv")},
    )
    assert "n’est pas un classeur Excel .xlsx valide" in response.content.decode()
    assert not Territory.objects.filter(code="QP093001").exists()


def test_national_administrator_imports_from_the_admin(client, user_factory):
    national = user_factory("cget-national", "Administrateurs nationaux")
    client.force_login(national)
    assert client.get(reverse("measures_admin:qpv_import")).status_code == 200
    response = client.post(
        reverse("measures_admin:qpv_import"), {"file": upload(good_file())}, follow=True
    )
    assert "2 quartier(s) créé(s), 1 mis à jour" in response.content.decode()
    assert Territory.objects.filter(kind="qpv").count() == 107


def test_a_referent_cannot_import_qpv(client, user_factory):
    referent = user_factory("referent", "Référents départementaux")
    client.force_login(referent)
    response = client.post(
        reverse("measures_admin:qpv_import"), {"file": upload(good_file())}
    )
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert not Territory.objects.filter(code="QP093001").exists()


# --- indicator values per QPV ---------------------------------------------------


def values_file(rows):
    return xlsx(
        {
            "valeurs": [
                ["code_indicateur", "niveau", "code_territoire", "date", "valeur"],
                *rows,
            ]
        }
    )


def test_indicator_values_can_be_imported_per_qpv(client):
    result = parse_workbook(
        values_file([["EMPLOIS-FRANCS", "qpv", "qp031001", "30/06/2019", 12]])
    )
    assert result.errors == []
    apply_import(result)
    value = IndicatorValue.objects.get(territory__code="QP031001")
    assert value.value == Decimal("12")
    assert value.date == datetime.date(2019, 6, 30)
    html = client.get("/territoires/haute-garonne/").content.decode()
    assert "Emplois francs signés" in html
    assert value.territory.name in html


def test_an_unknown_qpv_code_is_refused_in_the_indicator_import():
    result = parse_workbook(
        values_file([["EMPLOIS-FRANCS", "qpv", "QP031999", "30/06/2019", 12]])
    )
    assert result.errors == [
        "Feuille « valeurs », ligne 2, colonne « code_territoire » (C) : territoire "
        "« QP031999 » inconnu pour le niveau « qpv »."
    ]
    assert not IndicatorValue.objects.filter(territory__kind="qpv").exists()


def test_qpv_are_listed_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/snippets/measures/qpv/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "QP009001" in html and "Saint-Girons" in html

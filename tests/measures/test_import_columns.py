"""Imports never erase what the file did not mention, name the file they refuse,
and report a formula where a value was expected (indicator values and QPV)."""

import datetime
from decimal import Decimal

import pytest

from django.urls import reverse

from measures.imports import TEMPLATE_HEADERS, apply_import, parse_workbook
from measures.models import QPV
from measures.models.indicators import Approximation
from measures.qpv_import import apply_qpv_import, parse_qpv_workbook
from tests.factories import xlsx_bytes

from .import_files import make_xlsx, upload

pytestmark = pytest.mark.django_db

UPDATE = ["TEST-EMPLOIS", "national", "FR", "31/12/2023", 45, "environ", "révisé"]


@pytest.fixture
def about(existing):
    existing.approximation = Approximation.ABOUT
    existing.save()
    return existing


@pytest.mark.parametrize(
    ("absent", "kept"),
    [
        (["commentaire"], {"comment": "avant"}),
        (["precision"], {"approximation": Approximation.ABOUT}),
        (
            ["precision", "commentaire"],
            {"comment": "avant", "approximation": Approximation.ABOUT},
        ),
    ],
)
def test_a_file_without_an_optional_column_keeps_its_stored_values(about, absent, kept):
    headers = [name for name in TEMPLATE_HEADERS if name not in absent]
    row = [UPDATE[TEMPLATE_HEADERS.index(name)] for name in headers]
    result = parse_workbook(upload(make_xlsx([row], headers=headers)))
    assert result.errors == []
    assert result.absent_columns == absent

    apply_import(result)

    about.refresh_from_db()
    assert about.value == Decimal("45")
    for name, value in kept.items():
        assert getattr(about, name) == value


def test_an_empty_cell_of_a_column_the_file_has_empties_the_stored_value(about):
    row = [*UPDATE[:5], "", ""]
    result = parse_workbook(upload(make_xlsx([row])))
    assert result.absent_columns == []
    apply_import(result)
    about.refresh_from_db()
    assert (about.comment, about.approximation) == ("", Approximation.EXACT)


def test_the_preview_lists_the_absent_columns(
    admin_client, existing, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    headers = TEMPLATE_HEADERS[:6]
    response = admin_client.post(
        reverse("measures_admin:indicator_import"),
        {"file": upload(make_xlsx([UPDATE[:6]], headers=headers))},
    )
    html = admin_client.get(response.url).content.decode()
    assert "Colonne absente du fichier : commentaire." in html
    assert "ne seront pas modifiées" in html


@pytest.mark.parametrize("column", ["valeur", "date", "commentaire"])
def test_a_formula_where_a_value_is_expected_is_reported_as_a_formula(existing, column):
    row = list(UPDATE)
    row[TEMPLATE_HEADERS.index(column)] = "=40+5"
    result = parse_workbook(upload(make_xlsx([row])))
    letter = "ABCDEFG"[TEMPLATE_HEADERS.index(column)]
    assert result.errors == [
        f"Feuille « valeurs », ligne 2, colonne « {column} » ({letter}) : la cellule "
        "contient une formule (« =40+5 ») : remplacez-la par sa valeur (copier, puis "
        "collage spécial « valeurs »)."
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"pas un classeur", "Fichier « valeurs.xlsx » : Le fichier n’est pas"),
        (
            make_xlsx([UPDATE], sheet="Feuil2", headers=["x"]),
            "Fichier « valeurs.xlsx » : Le classeur ne contient pas de feuille "
            "« valeurs » (feuilles trouvées : « Feuil2 »)",
        ),
        (
            make_xlsx([]),
            "Fichier « valeurs.xlsx » : La feuille « valeurs » ne contient aucune "
            "ligne de données",
        ),
    ],
)
def test_a_refused_indicator_file_is_named(existing, content, expected):
    result = parse_workbook(upload(content))
    assert result.errors[0].startswith(expected)


# --- QPV ---------------------------------------------------------------------

QPV_LIST = [["CODE_QP", "NOM_QP", "COMMUNE_QP"], ["QP031001", "Quartier", "Toulouse"]]


def qpv_file(statistics):
    return upload(
        xlsx_bytes({"liste": QPV_LIST, "statistiques": statistics}), name="qpv.xlsx"
    )


def test_a_qpv_file_without_a_figure_keeps_its_stored_value():
    qpv = QPV.objects.get(territory__code="QP031001")
    population, jobseekers = qpv.population, qpv.jobseekers
    assert population is not None
    result = parse_qpv_workbook(qpv_file([["CODE_QP", "abcde"], ["QP031001", 321]]))
    assert result.errors == []
    assert result.absent_columns == ["pop_mun"]

    apply_qpv_import(result)

    qpv.refresh_from_db()
    assert qpv.population == population
    assert qpv.jobseekers == 321 != jobseekers


def test_the_qpv_import_says_which_figures_were_absent(admin_client):
    response = admin_client.post(
        reverse("measures_admin:qpv_import"),
        {"file": qpv_file([["CODE_QP", "abcde"], ["QP031001", 321]])},
        follow=True,
    )
    messages = [str(message) for message in response.context["messages"]]
    assert any("Colonnes absentes du fichier : pop_mun." in text for text in messages)


def test_a_formula_in_a_qpv_figure_is_reported_as_a_formula():
    result = parse_qpv_workbook(
        qpv_file([["CODE_QP", "pop_mun"], ["QP031001", "=1+1"]])
    )
    assert result.errors == [
        "Feuille « statistiques », ligne 2, colonne « pop_mun » (B) : la cellule "
        "contient une formule (« =1+1 ») : remplacez-la par sa valeur (copier, puis "
        "collage spécial « valeurs »)."
    ]


def test_a_refused_qpv_file_is_named():
    result = parse_qpv_workbook(
        upload(xlsx_bytes({"Feuil1": [["x"]]}), name="qpv.xlsx")
    )
    assert result.errors[0].startswith("Fichier « qpv.xlsx » : Aucune feuille")
    assert "« Feuil1 »" in result.errors[0]


def test_the_reader_still_takes_plain_values(existing):
    result = parse_workbook(upload(make_xlsx([UPDATE])))
    assert result.errors == []
    assert result.rows[0].date == datetime.date(2023, 12, 31)

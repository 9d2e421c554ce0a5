import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from django.contrib.auth.models import Permission
from django.urls import reverse

from measures.exports import export_indicators, export_values
from measures.imports import (
    EXAMPLE_COMMENT,
    TEMPLATE_HEADERS,
    build_template,
    parse_workbook,
)
from measures.models import Indicator, IndicatorValue, Territory
from tests.factories import (
    DepartmentFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MinistryFactory,
    NationalFactory,
    RegionFactory,
)

# The admin URLs, mounted as wagtail_hooks.py will do (see test_indicator_import.py).

DANGEROUS = ["=1+1", "+33 1 23", "-5 % sur un an", "@SOMME(A1)", "\tcaché", "\rretour"]


def read(content):
    """{sheet title: list of rows (tuples of values)}."""
    workbook = load_workbook(io.BytesIO(content))
    return {
        sheet.title: list(sheet.iter_rows(values_only=True))
        for sheet in workbook.worksheets
    }


@pytest.fixture
def data(db):
    france = NationalFactory()
    region = RegionFactory(code="11", name="Île-de-France")
    department = DepartmentFactory(code="2A", name="Corse-du-Sud")
    indicator = IndicatorFactory(
        code="TEST-EXPORT",
        name='=HYPERLINK("http://example.org")',
        unit="-%",
        producer=MinistryFactory(name="@Ministère de test"),
        national_target=Decimal("1500.5000"),
        national_target_date=datetime.date(2025, 12, 31),
    )
    values = [
        IndicatorValueFactory(
            indicator=indicator,
            territory=france,
            date=datetime.date(2024, 12, 31),
            value=Decimal("1234.5000"),
            approximation="about",
            comment=DANGEROUS[0],
        ),
        IndicatorValueFactory(
            indicator=indicator,
            territory=region,
            date=datetime.date(2024, 6, 30),
            value=Decimal("-12.0000"),
            comment=DANGEROUS[1],
        ),
        IndicatorValueFactory(
            indicator=indicator,
            territory=department,
            date=datetime.date(2024, 6, 30),
            value=Decimal("7"),
            approximation="more_than",
            comment=DANGEROUS[2],
        ),
    ]
    more = IndicatorFactory(code="TEST-EXPORT-2", name=DANGEROUS[3])
    values += [
        IndicatorValueFactory(
            indicator=more,
            territory=france,
            date=datetime.date(2023, 1, 1),
            value=Decimal("0.1250"),
            comment=comment,
        )
        for comment in DANGEROUS[3:4]
    ]
    return {"indicator": indicator, "more": more, "values": values}


def test_values_export_neutralises_text_and_keeps_types(data):
    queryset = IndicatorValue.objects.filter(indicator__code__startswith="TEST-EXPORT")
    sheets = read(export_values(queryset))

    assert list(sheets) == ["valeurs"]
    header, *rows = sheets["valeurs"]
    assert list(header) == TEMPLATE_HEADERS
    assert rows == [
        (
            "TEST-EXPORT",
            "national",
            "FR",
            datetime.datetime(2024, 12, 31),
            1234.5,
            "environ",
            "'=1+1",
        ),
        (
            "TEST-EXPORT",
            "region",
            "11",
            datetime.datetime(2024, 6, 30),
            -12,
            None,
            "'+33 1 23",
        ),
        (
            "TEST-EXPORT",
            "departement",
            "2A",
            datetime.datetime(2024, 6, 30),
            7,
            "plus de",
            "'-5 % sur un an",
        ),
        (
            "TEST-EXPORT-2",
            "national",
            "FR",
            datetime.datetime(2023, 1, 1),
            0.125,
            None,
            "'@SOMME(A1)",
        ),
    ]
    assert isinstance(rows[0][4], float)
    assert isinstance(rows[1][4], int)


def test_values_export_dates_are_date_cells(data):
    queryset = IndicatorValue.objects.filter(indicator=data["indicator"])
    workbook = load_workbook(io.BytesIO(export_values(queryset)))
    cell = workbook["valeurs"]["D2"]

    assert cell.is_date
    assert cell.number_format == "DD/MM/YYYY"
    assert workbook["valeurs"]["E2"].data_type == "n"


def test_values_export_formats_every_date_and_leaves_empty_text_out(data):
    queryset = IndicatorValue.objects.filter(indicator__code__startswith="TEST-EXPORT")
    sheet = load_workbook(io.BytesIO(export_values(queryset)))["valeurs"]

    dates = [row[3] for row in sheet.iter_rows(min_row=2)]
    assert len(dates) == 4
    assert all(cell.is_date and cell.number_format == "DD/MM/YYYY" for cell in dates)
    assert sheet["F3"].value is None  # no precision: an empty cell, not ""


@pytest.mark.parametrize("text", DANGEROUS)
def test_every_formula_prefix_is_neutralised(text, data):
    # As stored before input was cleaned (a tab or a carriage return in a one-line
    # field is now a space): ``update`` sends no signal.
    IndicatorValue.objects.filter(pk=data["values"][0].pk).update(comment=text)

    rows = read(export_values(IndicatorValue.objects.filter(pk=data["values"][0].pk)))

    # Without lxml, XML turns a carriage return into a line feed; with lxml
    # (installed with python-docx) openpyxl keeps it: compare after the prefix.
    assert rows["valeurs"][1][6] in {"'" + text, "'" + text.replace("\r", "\n")}


def test_export_can_be_reimported_unchanged(data):
    queryset = IndicatorValue.objects.filter(indicator__code__startswith="TEST-EXPORT")
    before = list(queryset.values_list("pk", "value", "approximation", "comment"))

    result = parse_workbook(export_values(queryset))

    assert result.errors == []
    assert (result.to_create, result.to_update) == (0, 4)
    assert [row.comment for row in result.rows] == [
        "=1+1",
        "+33 1 23",
        "-5 % sur un an",
        "@SOMME(A1)",
    ]
    assert sorted(
        (row.existing_id, row.value, row.approximation, row.comment)
        for row in result.rows
    ) == sorted(before)


def test_indicators_export(data):
    sheets = read(export_indicators(Indicator.objects.none()))
    assert len(sheets["indicateurs"]) == 1  # headers only

    sheets = read(
        export_indicators(Indicator.objects.filter(code__startswith="TEST-EXPORT"))
    )
    header, first, second = sheets["indicateurs"]
    assert header[:3] == ("code_indicateur", "nom", "unite")
    row = dict(zip(header, first, strict=True))
    assert row["code_indicateur"] == "TEST-EXPORT"
    assert row["nom"] == '\'=HYPERLINK("http://example.org")'
    assert row["unite"] == "'-%"
    assert row["ministere_producteur"] == "'@Ministère de test"
    assert row["periodicite"] == "Annuelle"
    assert row["cible_nationale"] == 1500.5
    assert row["echeance_cible"] == datetime.datetime(2025, 12, 31)
    assert row["nombre_valeurs"] == 3
    assert row["derniere_valeur_nationale"] == 1234.5
    assert row["date_derniere_valeur_nationale"] == datetime.datetime(2024, 12, 31)
    assert dict(zip(header, second, strict=True))["nom"] == "'@SOMME(A1)"


def test_full_indicators_export_lists_every_indicator(data):
    sheets = read(export_indicators())

    assert len(sheets["indicateurs"]) == Indicator.objects.count() + 1


# --- import template -------------------------------------------------------------


def test_template_has_the_two_sheets_and_real_examples(data):
    workbook = load_workbook(io.BytesIO(build_template()))

    assert workbook.sheetnames == ["valeurs", "aide"]
    header, *examples = workbook["valeurs"].iter_rows(values_only=True)
    assert list(header) == TEMPLATE_HEADERS
    assert [row[1] for row in examples] == ["national", "region", "departement"]
    assert all(row[6] == EXAMPLE_COMMENT for row in examples)
    for row in examples:
        assert Territory.objects.filter(
            kind={"national": "national", "region": "region"}.get(row[1], "department"),
            code=row[2],
        ).exists()
    assert isinstance(examples[0][3], datetime.datetime)
    assert isinstance(examples[0][4], int | float)


def test_template_help_lists_columns_indicators_and_levels(data):
    workbook = load_workbook(io.BytesIO(build_template()))
    cells = [
        value
        for row in workbook["aide"].iter_rows(values_only=True)
        for value in row
        if value is not None
    ]

    for header in TEMPLATE_HEADERS:
        assert header in cells
    assert {"code_indicateur", "nom", "unité", "périodicité"} <= set(cells)
    assert "TEST-EXPORT" in cells
    assert '\'=HYPERLINK("http://example.org")' in cells  # neutralised name
    assert "'@SOMME(A1)" in cells
    assert {"national", "region", "departement"} <= set(cells)
    assert "Corse-du-Sud" in cells


# --- admin views -------------------------------------------------------------------


def test_export_views(admin_client, data):
    response = admin_client.get(reverse("measures_admin:indicator_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="indicateurs-' in response["Content-Disposition"]
    assert "indicateurs" in read(response.content)

    response = admin_client.get(
        reverse("measures_admin:indicator_value_export"),
        {"indicateur": "test-export", "niveau": "region"},
    )
    assert response.status_code == 200
    assert 'filename="valeurs-indicateurs-' in response["Content-Disposition"]
    rows = read(response.content)["valeurs"]
    assert rows[1:] == [
        (
            "TEST-EXPORT",
            "region",
            "11",
            datetime.datetime(2024, 6, 30),
            -12,
            None,
            "'+33 1 23",
        ),
    ]


def test_export_views_need_the_permission(client, django_user_model, data):
    user = django_user_model.objects.create_user("lecteur", password="x" * 12)
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    client.force_login(user)

    for name in ("indicator_export", "indicator_value_export"):
        response = client.get(reverse(f"measures_admin:{name}"))
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")

    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="measures", codename="change_indicatorvalue"
        )
    )
    user = django_user_model.objects.get(pk=user.pk)  # reset the permission cache
    client.force_login(user)
    assert client.get(reverse("measures_admin:indicator_export")).status_code == 200

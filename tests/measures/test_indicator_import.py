import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from wagtail.log_actions import LogActionRegistry
from wagtail.models import ModelLogEntry

from measures.imports import (
    IMPORT_LOG_ACTION,
    MAX_ERRORS,
    TEMPLATE_HEADERS,
    apply_import,
    build_template,
    normalise_territory_code,
    parse_date,
    parse_number,
    parse_workbook,
    register_import_log_actions,
)
from measures.models import IndicatorValue, Territory
from tests.factories import (
    IndicatorValueFactory,
)
from tests.measures.import_files import (
    BAD_FILES,
    DATE,
    VALID_ROWS,
    make_xlsx,
    test_values,
    upload,
)

# --- parsing helpers -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (12, Decimal("12")),
        (3.25, Decimal("3.25")),
        ("1 234,5", Decimal("1234.5")),
        ("1\u00a0234\u202f567,25", Decimal("1234567.25")),
        ("-0,5", Decimal("-0.5")),
        ("+12", Decimal("12")),
        ("12.5", Decimal("12.5")),
        ("abc", None),
        ("1.234,5", None),
        ("12 %", None),
        ("", None),
        (True, None),
        (datetime.date(2024, 1, 1), None),
    ],
)
def test_parse_number(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (datetime.datetime(2024, 3, 1, 0, 0), datetime.date(2024, 3, 1)),
        (datetime.date(2024, 3, 1), datetime.date(2024, 3, 1)),
        ("01/03/2024", datetime.date(2024, 3, 1)),
        ("1/3/2024", datetime.date(2024, 3, 1)),
        ("2024-03-01", datetime.date(2024, 3, 1)),
        ("31/02/2024", None),
        ("03/2024", None),
        ("demain", None),
        (45000, None),
    ],
)
def test_parse_date(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        ("fr", Territory.Kind.NATIONAL, "FR"),
        (1, Territory.Kind.REGION, "01"),
        (1.0, Territory.Kind.DEPARTMENT, "01"),
        ("1", Territory.Kind.DEPARTMENT, "01"),
        (976, Territory.Kind.DEPARTMENT, "976"),
        ("2a", Territory.Kind.DEPARTMENT, "2A"),
        (" 93 ", Territory.Kind.DEPARTMENT, "93"),
        (1.5, Territory.Kind.DEPARTMENT, ""),
    ],
)
def test_normalise_territory_code(raw, kind, expected):
    assert normalise_territory_code(raw, kind) == expected


# --- valid files -----------------------------------------------------------------


def test_valid_file_creates_values(territories, indicators):
    result = parse_workbook(upload(make_xlsx(VALID_ROWS)))

    assert result.errors == []
    assert result.sheet_name == "valeurs"
    assert [row.row_number for row in result.rows] == [2, 3, 4, 5, 6]
    assert (result.to_create, result.to_update) == (5, 0)
    first = result.rows[0]
    assert first.territory == territories["FR"]
    assert first.value == Decimal("12500")
    assert first.approximation == "about"
    assert result.rows[2].territory == territories["01"]
    assert result.rows[3].territory == territories["2A"]
    assert result.rows[3].approximation == "nearly"
    assert result.rows[4].territory == territories["976"]

    counts = apply_import(result)

    assert counts == (5, 0)
    assert test_values().count() == 5
    region = test_values().get(territory=territories["11"])
    assert region.value == Decimal("1234.5")
    assert region.date == DATE
    assert region.approximation == ""
    department = test_values().get(territory=territories["01"])
    assert department.value == Decimal("1000")
    assert department.approximation == "more_than"
    national = test_values().get(territory=territories["FR"])
    assert national.comment == "Source : DARES"


def test_second_import_updates_without_duplicates(territories, indicators):
    apply_import(parse_workbook(upload(make_xlsx(VALID_ROWS))))
    before = test_values().get(territory=territories["FR"])

    changed = [list(row) for row in VALID_ROWS]
    changed[0][4] = 13000
    changed[0][5] = ""
    changed[0][6] = "révisé"
    result = parse_workbook(upload(make_xlsx(changed)))

    assert (result.to_create, result.to_update) == (0, 5)
    assert result.rows[0].previous_value == Decimal("12500")
    assert apply_import(result) == (0, 5)
    assert test_values().count() == 5
    after = test_values().get(territory=territories["FR"])
    assert after.pk == before.pk
    assert after.value == Decimal("13000")
    assert after.approximation == ""
    assert after.comment == "révisé"
    assert after.updated_at > before.updated_at


def test_mixed_create_and_update(existing, territories):
    rows = [
        ["TEST-EMPLOIS", "national", "FR", "31/12/2023", 50, "", ""],
        ["TEST-EMPLOIS", "national", "FR", "31/12/2024", 60, "", ""],
    ]
    result = parse_workbook(upload(make_xlsx(rows)))

    assert (result.to_create, result.to_update) == (1, 1)
    assert apply_import(result) == (1, 1)
    existing.refresh_from_db()
    assert existing.value == Decimal("50")
    assert test_values().count() == 2


def test_blank_rows_are_skipped(territories, indicators):
    rows = [
        VALID_ROWS[0],
        [None] * 7,
        ["", "  ", None, None, None, None, None],
        VALID_ROWS[1],
    ]
    result = parse_workbook(upload(make_xlsx(rows)))

    assert result.errors == []
    assert [row.row_number for row in result.rows] == [2, 5]


def test_headers_in_any_order_case_and_accents(territories, indicators):
    headers = ["Valeur", "Date", "Code territoire", "NIVEAU", "code-indicateur"]
    rows = [[10, DATE, "93", "departement", "TEST-EMPLOIS"]]
    result = parse_workbook(upload(make_xlsx(rows, headers=headers)))

    assert result.errors == []
    assert result.rows[0].territory == territories["93"]
    assert result.rows[0].approximation == ""
    assert result.rows[0].comment == ""


def test_first_sheet_used_when_no_valeurs_sheet_but_headers(territories, indicators):
    content = make_xlsx(VALID_ROWS[:1], sheet="Feuil1")
    result = parse_workbook(upload(content))

    assert result.errors == []
    assert result.sheet_name == "Feuil1"
    assert len(result.rows) == 1


def test_valeurs_sheet_found_when_not_first(territories, indicators):
    workbook = Workbook()
    workbook.active.title = "notes"
    workbook.active.append(["rien à voir"])
    sheet = workbook.create_sheet("Valeurs")
    sheet.append(TEMPLATE_HEADERS)
    sheet.append(VALID_ROWS[0])
    output = io.BytesIO()
    workbook.save(output)

    result = parse_workbook(upload(output.getvalue()))

    assert result.errors == []
    assert len(result.rows) == 1


def test_neutralised_comment_is_restored(territories, indicators):
    rows = [["TEST-EMPLOIS", "national", "FR", DATE, 1, "", "'=-5 % sur un an"]]
    result = parse_workbook(upload(make_xlsx(rows)))

    assert result.rows[0].comment == "=-5 % sur un an"


def test_values_are_rounded_to_four_decimals(territories, indicators):
    rows = [["TEST-EMPLOIS", "national", "FR", DATE, 0.1 + 0.2, "", ""]]
    result = parse_workbook(upload(make_xlsx(rows)))

    assert result.rows[0].value == Decimal("0.3000")


# --- refused files ---------------------------------------------------------------


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_is_refused_and_nothing_changes(case, existing):
    content, expected = BAD_FILES[case]
    count = IndicatorValue.objects.count()

    result = parse_workbook(upload(content, name="valeurs.xlsx"))

    assert result.rows == []
    assert any(expected in error for error in result.errors), result.errors
    with pytest.raises(ValueError):
        apply_import(result)
    assert IndicatorValue.objects.count() == count
    existing.refresh_from_db()
    assert existing.value == Decimal("42.5")
    assert existing.comment == "avant"


def test_too_big_file_is_refused(existing):
    result = parse_workbook(upload(make_xlsx(VALID_ROWS)), max_size=1000)

    assert result.errors == [
        "Fichier « valeurs.xlsx » : Le fichier dépasse la taille maximale autorisée "
        "(1000\xa0octets)."
    ]
    assert result.rows == []


def test_every_error_of_a_row_is_reported(territories, indicators):
    rows = [["INCONNU", "region", "99", "hier", "n/a", "bof", ""]]
    result = parse_workbook(upload(make_xlsx(rows)))

    assert [error.split(" : ")[0] for error in result.errors] == [
        "Feuille « valeurs », ligne 2, colonne « code_indicateur » (A)",
        "Feuille « valeurs », ligne 2, colonne « code_territoire » (C)",
        "Feuille « valeurs », ligne 2, colonne « date » (D)",
        "Feuille « valeurs », ligne 2, colonne « valeur » (E)",
        "Feuille « valeurs », ligne 2, colonne « precision » (F)",
    ]


def test_errors_are_capped(territories, indicators):
    rows = [
        [
            "TEST-EMPLOIS",
            "national",
            "FR",
            DATE - datetime.timedelta(days=n),
            "x",
            "",
            "",
        ]
        for n in range(250)
    ]
    result = parse_workbook(upload(make_xlsx(rows)))

    assert result.error_count == 250
    assert len(result.errors) == MAX_ERRORS + 1
    assert result.errors[0].startswith("Feuille « valeurs », ligne 2,")
    assert result.errors[-1] == "… et 50 autres erreurs."


def test_example_rows_of_the_template_are_refused(territories, indicators):
    result = parse_workbook(upload(build_template()))

    assert len(result.errors) == 3
    assert all("ligne d’exemple du modèle" in error for error in result.errors)


# --- queries -----------------------------------------------------------------------


@pytest.mark.parametrize("repeat", [1, 60])
def test_parse_queries_do_not_grow_with_rows(
    repeat, territories, indicators, django_assert_max_num_queries
):
    codes = [("national", "FR"), ("region", "11"), ("departement", "93")]
    rows = [
        [
            "TEST-EMPLOIS",
            level,
            code,
            DATE - datetime.timedelta(days=day),
            day,
            "",
            "",
        ]
        for day in range(repeat)
        for level, code in codes
    ]
    IndicatorValueFactory(
        indicator=indicators["TEST-EMPLOIS"], territory=territories["FR"], date=DATE
    )
    content = make_xlsx(rows)

    with django_assert_max_num_queries(3):
        result = parse_workbook(upload(content))

    assert result.errors == []
    assert len(result.rows) == 3 * repeat
    assert result.to_update == 1


# --- audit log ---------------------------------------------------------------------


def test_apply_import_logs_one_entry_per_indicator(territories, indicators, admin_user):
    result = parse_workbook(upload(make_xlsx(VALID_ROWS), name="mars.xlsx"))
    apply_import(result, user=admin_user)

    entries = ModelLogEntry.objects.filter(action=IMPORT_LOG_ACTION).order_by(
        "object_id"
    )
    assert entries.count() == 2
    by_indicator = {entry.object_id: entry for entry in entries}
    entry = by_indicator[str(indicators["TEST-EMPLOIS"].pk)]
    assert entry.user == admin_user
    assert entry.data["created"] == 3
    assert entry.data["updated"] == 0
    assert entry.data["filename"] == "mars.xlsx"
    assert entry.data["first_date"] == "2024-12-31"


def test_hooks_register_the_import_log_action():
    registry = LogActionRegistry()
    registry.scan_for_actions()  # runs every register_log_actions hook

    assert registry.action_exists(IMPORT_LOG_ACTION)


def test_log_action_registration():
    registry = LogActionRegistry()
    registry.has_scanned_for_actions = True  # do not run the project's hooks
    register_import_log_actions(registry)

    assert registry.action_exists(IMPORT_LOG_ACTION)
    formatter = registry.formatters[IMPORT_LOG_ACTION]
    entry = ModelLogEntry(action=IMPORT_LOG_ACTION, data={"created": 2, "updated": 1})
    assert formatter.format_message(entry) == (
        "Import de valeurs : 2 valeurs créées, 1 mise à jour"
    )
    assert formatter.format_message(ModelLogEntry(data={})) == "Import de valeurs"

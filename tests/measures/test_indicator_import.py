import datetime
import io
import os
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.log_actions import LogActionRegistry
from wagtail.models import ModelLogEntry

from measures import views
from measures.imports import (
    EXAMPLE_COMMENT,
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
    DepartmentFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    NationalFactory,
    RegionFactory,
)

DATE = datetime.date(2024, 12, 31)


def test_values():
    """The values of the test indicators (the database holds the reference content)."""
    return IndicatorValue.objects.filter(indicator__code__startswith="TEST-")


test_values.__test__ = False


def make_xlsx(rows, headers=TEMPLATE_HEADERS, sheet="valeurs", extra_sheets=()):
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    if headers is not None:
        worksheet.append(list(headers))
    for row in rows:
        worksheet.append(list(row))
    for name in extra_sheets:
        workbook.create_sheet(name)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def upload(content, name="valeurs.xlsx"):
    return SimpleUploadedFile(
        name,
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@pytest.fixture
def territories(db):
    france = NationalFactory()
    idf = RegionFactory(code="11", name="Île-de-France")
    ara = RegionFactory(code="84", name="Auvergne-Rhône-Alpes")
    corse = RegionFactory(code="94", name="Corse")
    return {
        "FR": france,
        "11": idf,
        "84": ara,
        "93": DepartmentFactory(code="93", name="Seine-Saint-Denis", parent=idf),
        "01": DepartmentFactory(code="01", name="Ain", parent=ara),
        "2A": DepartmentFactory(code="2A", name="Corse-du-Sud", parent=corse),
        "976": DepartmentFactory(code="976", name="Mayotte", parent=None),
    }


@pytest.fixture
def indicators(db):
    return {
        "TEST-EMPLOIS": IndicatorFactory(
            code="TEST-EMPLOIS", name="Emplois francs (test)"
        ),
        "TEST-CITES": IndicatorFactory(
            code="TEST-CITES", name="Cités éducatives (test)"
        ),
    }


@pytest.fixture
def existing(territories, indicators):
    """One value that must survive every refused import unchanged."""
    return IndicatorValueFactory(
        indicator=indicators["TEST-EMPLOIS"],
        territory=territories["FR"],
        date=datetime.date(2023, 12, 31),
        value=Decimal("42.5"),
        comment="avant",
    )


VALID_ROWS = [
    ["TEST-EMPLOIS", "national", "FR", DATE, 12500, "environ", "Source : DARES"],
    ["TEST-EMPLOIS", "region", "11", "31/12/2024", "1 234,5", "", None],
    ["TEST-EMPLOIS", "departement", 1, "2024-12-31", "1\u00a0000", "plus de", ""],
    ["TEST-CITES", "Département", "2a", DATE, 3.25, "Près de", None],
    ["TEST-CITES", "departement", 976, DATE, -7, None, None],
]


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


def _zip_without_workbook():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("hello.txt", "bonjour")
    return output.getvalue()


def _damaged_sheet():
    source = zipfile.ZipFile(io.BytesIO(make_xlsx(VALID_ROWS)))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            archive.writestr(info, data)
    return output.getvalue()


def _rows_with(**changes):
    """VALID_ROWS[:2] with cells of the second row (line 3) replaced."""
    rows = [list(VALID_ROWS[0]), list(VALID_ROWS[1])]
    for header, value in changes.items():
        rows[1][TEMPLATE_HEADERS.index(header)] = value
    return make_xlsx(rows)


BAD_FILES = {
    "pdf": (b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF", "n’est pas un classeur Excel"),
    "text": (b"code;valeur\nA;1\n", "n’est pas un classeur Excel"),
    "xls": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
        "Excel 97-2003 (.xls)",
    ),
    "zip": (_zip_without_workbook(), "n’est pas un classeur Excel"),
    "truncated xlsx": (make_xlsx(VALID_ROWS)[:300], "n’est pas un classeur Excel"),
    "empty file": (b"", "Le fichier est vide"),
    "damaged sheet": (_damaged_sheet(), "La feuille « valeurs » est endommagée"),
    "no valeurs sheet": (
        make_xlsx([["a", "b"]], headers=["x", "y"], sheet="Feuil1"),
        "ne contient pas de feuille « valeurs » (feuilles trouvées : « Feuil1 »)",
    ),
    "no headers": (
        make_xlsx([], headers=None),
        "La feuille « valeurs » n’a pas d’en-têtes en ligne 1",
    ),
    "missing header": (
        make_xlsx(
            [["TEST-EMPLOIS", "national", "FR", 1]],
            headers=TEMPLATE_HEADERS[:3] + ["valeur"],
        ),
        "Feuille « valeurs », ligne 1 : colonne obligatoire « date » absente.",
    ),
    "unknown header": (
        make_xlsx([], headers=[*TEMPLATE_HEADERS[:6], "commentaires"]),
        "Feuille « valeurs », ligne 1, colonne « commentaires » (G) : en-tête inconnu",
    ),
    "duplicated header": (
        make_xlsx([], headers=[*TEMPLATE_HEADERS, "Valeur"]),
        "Feuille « valeurs », ligne 1 : la colonne « valeur » apparaît plusieurs fois "
        "(E, H).",
    ),
    "empty": (
        make_xlsx([[None] * 7, [None] * 7]),
        "La feuille « valeurs » ne contient aucune ligne de données",
    ),
    "unknown indicator": (
        _rows_with(code_indicateur="INCONNU"),
        "Feuille « valeurs », ligne 3, colonne « code_indicateur » (A) : "
        "indicateur « INCONNU » inconnu",
    ),
    "missing indicator": (
        _rows_with(code_indicateur=None),
        "ligne 3, colonne « code_indicateur » (A) : code d’indicateur manquant.",
    ),
    "unknown level": (
        _rows_with(niveau="commune"),
        "Feuille « valeurs », ligne 3, colonne « niveau » (B) : niveau « commune » "
        "inconnu",
    ),
    "unknown territory": (
        _rows_with(code_territoire="99"),
        "Feuille « valeurs », ligne 3, colonne « code_territoire » (C) : territoire "
        "« 99 » inconnu pour le niveau « region ».",
    ),
    "territory of another level": (
        _rows_with(code_territoire="2a"),
        "ligne 3, colonne « code_territoire » (C) : territoire « 2A » inconnu pour le "
        "niveau « region ».",
    ),
    "non-numeric value": (
        _rows_with(valeur="beaucoup"),
        "Feuille « valeurs », ligne 3, colonne « valeur » (E) : « beaucoup » n’est pas "
        "un nombre",
    ),
    "missing value": (
        _rows_with(valeur=None),
        "ligne 3, colonne « valeur » (E) : valeur manquante.",
    ),
    "bad date": (
        _rows_with(date="31/02/2024"),
        "Feuille « valeurs », ligne 3, colonne « date » (D) : date « 31/02/2024 » "
        "invalide",
    ),
    "number as date": (
        _rows_with(date=2024),
        "ligne 3, colonne « date » (D) : date « 2024 » invalide",
    ),
    "missing date": (
        _rows_with(date=None),
        "Feuille « valeurs », ligne 3, colonne « date » (D) : date manquante.",
    ),
    "bad precision": (
        _rows_with(precision="à peu près"),
        "Feuille « valeurs », ligne 3, colonne « precision » (F) : précision « à peu "
        "près » inconnue",
    ),
    "comment too long": (
        _rows_with(commentaire="x" * 501),
        "ligne 3, colonne « commentaire » (G) : le commentaire dépasse 500 caractères",
    ),
    "example row left": (
        _rows_with(commentaire=EXAMPLE_COMMENT),
        "ligne 3, colonne « commentaire » (G) : ligne d’exemple du modèle",
    ),
    "duplicate row": (
        make_xlsx(
            [
                VALID_ROWS[0],
                VALID_ROWS[1],
                ["test-emplois", "national", "fr", "31/12/2024", 1, "", ""],
            ]
        ),
        "Feuille « valeurs », ligne 4 : doublon de la ligne 2 (même indicateur, "
        "territoire et date, colonnes A, B, C, D).",
    ),
}


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
        "Le fichier dépasse la taille maximale autorisée (1000\xa0octets)."
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


# --- admin views -------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_uploads(media):
    return (
        sorted((media / "imports").glob("*.xlsx"))
        if (media / "imports").exists()
        else []
    )


@pytest.fixture
def editor(django_user_model):
    """An admin user who may only add indicator values."""
    user = django_user_model.objects.create_user("editrice", password="x" * 12)
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ),
        Permission.objects.get(
            content_type__app_label="measures", codename="add_indicatorvalue"
        ),
    )
    return user


@pytest.fixture
def reader(django_user_model):
    """An admin user without the indicator value permissions."""
    user = django_user_model.objects.create_user("lecteur", password="x" * 12)
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ),
        Permission.objects.get(
            content_type__app_label="measures", codename="view_indicatorvalue"
        ),
    )
    return user


def test_admin_flow_upload_preview_confirm(admin_client, media, existing, territories):
    rows = [
        *VALID_ROWS,
        ["TEST-EMPLOIS", "national", "FR", "31/12/2023", 45, "", "révisé"],
    ]
    response = admin_client.get(reverse("measures_admin:indicator_import"))
    assert response.status_code == 200
    assert "Import de valeurs d’indicateurs" in response.content.decode()

    response = admin_client.post(
        reverse("measures_admin:indicator_import"), {"file": upload(make_xlsx(rows))}
    )
    assert response.status_code == 302
    preview_url = response.url
    assert len(stored_uploads(media)) == 1
    assert test_values().count() == 1

    response = admin_client.get(preview_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "5 valeurs à créer" in html
    assert "1 valeur à mettre à jour" in html
    assert "Seine-Saint-Denis" not in html  # not in this file
    assert "Corse-du-Sud" in html
    assert "Mise à jour (était 42,5)" in html
    assert test_values().count() == 1

    response = admin_client.post(preview_url, {"confirm": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("measures_admin:indicator_import")
    messages = [str(message).strip() for message in response.context["messages"]]
    assert "5 valeurs créées, 1 mise à jour." in messages
    assert test_values().count() == 6
    existing.refresh_from_db()
    assert existing.value == Decimal("45")
    assert existing.comment == "révisé"
    assert stored_uploads(media) == []
    assert ModelLogEntry.objects.filter(action=IMPORT_LOG_ACTION).count() == 2

    # The token cannot be used twice.
    assert admin_client.post(preview_url, {"confirm": "1"}).status_code == 404


def test_admin_upload_with_errors_shows_them_and_stores_nothing(
    admin_client, media, existing
):
    response = admin_client.post(
        reverse("measures_admin:indicator_import"),
        {"file": upload(_rows_with(valeur="beaucoup"))},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Le fichier a été refusé : 1 erreur." in html
    assert "ligne 3, colonne « valeur » (E)" in html
    assert stored_uploads(media) == []
    assert test_values().count() == 1


def test_admin_upload_refuses_a_pdf(admin_client, media, existing):
    response = admin_client.post(
        reverse("measures_admin:indicator_import"),
        {"file": upload(BAD_FILES["pdf"][0], name="valeurs.xlsx")},
    )

    assert response.status_code == 200
    assert "n’est pas un classeur Excel .xlsx valide" in response.content.decode()
    assert stored_uploads(media) == []


def test_admin_upload_refuses_a_too_big_file(admin_client, media, settings, existing):
    settings.QUARTIERS_IMPORT_MAX_SIZE = 100
    response = admin_client.post(
        reverse("measures_admin:indicator_import"),
        {"file": upload(make_xlsx(VALID_ROWS))},
    )

    assert response.status_code == 200
    assert "taille maximale" in response.content.decode()
    assert stored_uploads(media) == []


def test_admin_cancel_deletes_the_upload(admin_client, media, territories, indicators):
    response = admin_client.post(
        reverse("measures_admin:indicator_import"),
        {"file": upload(make_xlsx(VALID_ROWS))},
    )
    preview_url = response.url

    response = admin_client.post(preview_url, {"cancel": "1"})

    assert response.status_code == 302
    assert stored_uploads(media) == []
    assert test_values().count() == 0
    assert admin_client.get(preview_url).status_code == 404


def test_admin_preview_shows_new_errors_and_forgets_the_file(
    admin_client, media, territories, indicators
):
    response = admin_client.post(
        reverse("measures_admin:indicator_import"),
        {"file": upload(make_xlsx(VALID_ROWS))},
    )
    preview_url = response.url
    indicators["TEST-CITES"].delete()  # deleted between upload and confirm

    response = admin_client.post(preview_url, {"confirm": "1"})

    assert response.status_code == 200
    assert "indicateur « TEST-CITES » inconnu" in response.content.decode()
    assert test_values().count() == 0
    assert stored_uploads(media) == []


def test_confirming_someone_elses_token_fails(
    client, admin_client, editor, media, existing, territories
):
    response = admin_client.post(
        reverse("measures_admin:indicator_import"),
        {"file": upload(make_xlsx(VALID_ROWS))},
    )
    preview_url = response.url
    client.force_login(editor)

    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url, {"confirm": "1"}).status_code == 404
    assert client.post(preview_url, {"cancel": "1"}).status_code == 404

    assert test_values().count() == 1
    assert len(stored_uploads(media)) == 1
    # The owner still can.
    assert admin_client.post(preview_url, {"confirm": "1"}).status_code == 302
    assert test_values().count() == 6


def test_unknown_token_is_404(admin_client, media):
    url = reverse(
        "measures_admin:indicator_import_preview",
        kwargs={"token": "5f0c6a52-7a0e-4c1e-9b8e-3f1c2d4e5a6b"},
    )
    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url, {"confirm": "1"}).status_code == 404


def test_user_with_add_permission_can_import(client, editor, media, existing):
    client.force_login(editor)
    response = client.post(
        reverse("measures_admin:indicator_import"),
        {"file": upload(make_xlsx(VALID_ROWS))},
    )
    assert response.status_code == 302
    response = client.post(response.url, {"confirm": "1"})
    assert response.status_code == 302
    assert test_values().count() == 6


ALL_VIEWS = [
    ("get", "measures_admin:indicator_import"),
    ("post", "measures_admin:indicator_import"),
    ("get", "measures_admin:indicator_import_template"),
    ("get", "measures_admin:indicator_export"),
    ("get", "measures_admin:indicator_value_export"),
]


@pytest.mark.parametrize(("method", "name"), ALL_VIEWS)
def test_user_without_permission_is_refused(client, reader, media, method, name):
    client.force_login(reader)
    url = reverse(name)
    response = getattr(client, method)(url)

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.url == reverse("wagtailadmin_home")


def test_user_without_permission_cannot_confirm(
    client, admin_client, reader, media, existing
):
    response = admin_client.post(
        reverse("measures_admin:indicator_import"),
        {"file": upload(make_xlsx(VALID_ROWS))},
    )
    client.force_login(reader)

    response = client.post(response.url, {"confirm": "1"})

    assert response.status_code in (302, 403)
    assert test_values().count() == 1


@pytest.mark.parametrize(("method", "name"), ALL_VIEWS)
def test_anonymous_is_sent_to_login(client, db, method, name):
    response = getattr(client, method)(reverse(name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


def test_template_download(admin_client, territories, indicators):
    response = admin_client.get(reverse("measures_admin:indicator_import_template"))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "modele-import-valeurs.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["valeurs", "aide"]


def test_stale_uploads_are_purged(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    folder = tmp_path / "imports"
    folder.mkdir()
    old, recent = folder / "old.xlsx", folder / "recent.xlsx"
    old.write_bytes(b"x")
    recent.write_bytes(b"x")
    two_days_ago = datetime.datetime.now().timestamp() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))

    views.purge_stale_uploads()

    assert not old.exists()
    assert recent.exists()

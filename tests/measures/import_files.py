"""Files and rows of the indicator import tests (tests/measures/test_indicator_import*.py)."""

import datetime
import io
import zipfile

from openpyxl import Workbook

from django.core.files.uploadedfile import SimpleUploadedFile

from measures.imports import EXAMPLE_COMMENT, TEMPLATE_HEADERS
from measures.models import IndicatorValue

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


VALID_ROWS = [
    ["TEST-EMPLOIS", "national", "FR", DATE, 12500, "environ", "Source : DARES"],
    ["TEST-EMPLOIS", "region", "11", "31/12/2024", "1 234,5", "", None],
    ["TEST-EMPLOIS", "departement", 1, "2024-12-31", "1\u00a0000", "plus de", ""],
    ["TEST-CITES", "Département", "2a", DATE, 3.25, "Près de", None],
    ["TEST-CITES", "departement", 976, DATE, -7, None, None],
]


def zip_without_workbook():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("hello.txt", "bonjour")
    return output.getvalue()


def damaged_sheet():
    source = zipfile.ZipFile(io.BytesIO(make_xlsx(VALID_ROWS)))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            archive.writestr(info, data)
    return output.getvalue()


def rows_with(**changes):
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
    "zip": (zip_without_workbook(), "n’est pas un classeur Excel"),
    "truncated xlsx": (make_xlsx(VALID_ROWS)[:300], "n’est pas un classeur Excel"),
    "empty file": (b"", "Le fichier est vide"),
    "damaged sheet": (damaged_sheet(), "La feuille « valeurs » est endommagée"),
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
        rows_with(code_indicateur="INCONNU"),
        "Feuille « valeurs », ligne 3, colonne « code_indicateur » (A) : "
        "indicateur « INCONNU » inconnu",
    ),
    "missing indicator": (
        rows_with(code_indicateur=None),
        "ligne 3, colonne « code_indicateur » (A) : code d’indicateur manquant.",
    ),
    "unknown level": (
        rows_with(niveau="commune"),
        "Feuille « valeurs », ligne 3, colonne « niveau » (B) : niveau « commune » "
        "inconnu",
    ),
    "unknown territory": (
        rows_with(code_territoire="99"),
        "Feuille « valeurs », ligne 3, colonne « code_territoire » (C) : territoire "
        "« 99 » inconnu pour le niveau « region ».",
    ),
    "territory of another level": (
        rows_with(code_territoire="2a"),
        "ligne 3, colonne « code_territoire » (C) : territoire « 2A » inconnu pour le "
        "niveau « region ».",
    ),
    "non-numeric value": (
        rows_with(valeur="beaucoup"),
        "Feuille « valeurs », ligne 3, colonne « valeur » (E) : « beaucoup » n’est pas "
        "un nombre",
    ),
    "missing value": (
        rows_with(valeur=None),
        "ligne 3, colonne « valeur » (E) : valeur manquante.",
    ),
    "bad date": (
        rows_with(date="31/02/2024"),
        "Feuille « valeurs », ligne 3, colonne « date » (D) : date « 31/02/2024 » "
        "invalide",
    ),
    "number as date": (
        rows_with(date=2024),
        "ligne 3, colonne « date » (D) : date « 2024 » invalide",
    ),
    "missing date": (
        rows_with(date=None),
        "Feuille « valeurs », ligne 3, colonne « date » (D) : date manquante.",
    ),
    "bad precision": (
        rows_with(precision="à peu près"),
        "Feuille « valeurs », ligne 3, colonne « precision » (F) : précision « à peu "
        "près » inconnue",
    ),
    "comment too long": (
        rows_with(commentaire="x" * 501),
        "ligne 3, colonne « commentaire » (G) : le commentaire dépasse 500 caractères",
    ),
    "example row left": (
        rows_with(commentaire=EXAMPLE_COMMENT),
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

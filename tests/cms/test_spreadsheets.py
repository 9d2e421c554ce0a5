"""The shared spreadsheet reader and writer (``cms.spreadsheets``)."""

import io
from decimal import Decimal

from openpyxl import load_workbook

from cms.spreadsheets import (
    SheetErrors,
    column_letter,
    download_response,
    header_columns,
    table_xlsx,
)


def test_column_letters_go_beyond_the_last_excel_column():
    assert [column_letter(index) for index in (1, 26, 27, 16384, 18279)] == [
        "A",
        "Z",
        "AA",
        "XFD",
        "AAAA",
    ]


def test_a_repeated_header_keeps_its_first_column():
    assert header_columns(["Code QP", None, "code_qp", " Nom-QP "]) == {
        "code_qp": 1,
        "nom_qp": 4,
    }


def test_errors_of_a_second_sheet_are_listed_after_the_first_sheets():
    first, second = SheetErrors("liste"), SheetErrors("statistiques")
    first.add("b.", row=9, column=2, header="NOM_QP")
    second.add("a.", row=2)
    first.add("c.", row=3)
    first.extend(second)
    assert first.render() == [
        "Feuille « liste », ligne 3 : c.",
        "Feuille « liste », ligne 9, colonne « NOM_QP » (B) : b.",
        "Feuille « statistiques », ligne 2 : a.",
    ]


def test_a_table_neutralises_formulas_and_keeps_numbers():
    content = table_xlsx("t", ["nom", "valeur"], [["=1+1", Decimal("2.50")]], (10,))
    rows = list(load_workbook(io.BytesIO(content)).active.values)
    assert rows == [("nom", "valeur"), ("'=1+1", 2.5)]


def test_a_download_names_its_file_and_may_forbid_storing_it():
    response = download_response(b"x", "a.xlsx", no_store=True)
    assert response["Content-Disposition"] == 'attachment; filename="a.xlsx"'
    assert response["Cache-Control"] == "no-store"

"""Writing spreadsheets: every .xlsx the site produces goes through here.

Every text cell, .xlsx or CSV, goes through one rule (``neutralise``): its
control characters are stripped (``cms.text``: openpyxl refuses them, and a text
stored before they were cleaned on input must not break an export), and a value
that a spreadsheet would read as a formula is written as text. Numbers stay numbers (a ``Decimal`` as an
int or a float), dates stay dates (shown DD/MM/YYYY). Exports use write-only
workbooks (constant memory, fast); the download response is ``download_response``.

openpyxl is imported inside the functions: it is heavy, and most requests never
write a spreadsheet.
"""

import csv
import datetime
import io
import re
from decimal import Decimal

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from cms.text import strip_control_characters

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
DATE_FORMAT = "DD/MM/YYYY"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A character that ``strip_control_characters`` changes (checked first: most
# cells have none, and exports write many cells).
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def neutralise(value):
    """Return ``value`` safe to write in a spreadsheet cell (.xlsx or CSV).

    A text loses its control characters (line breaks and tabs kept), and a text
    that a spreadsheet would read as a formula (it starts with ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return, before or after that cleaning) is prefixed
    with an apostrophe, so it is shown as text and never evaluated. Numbers and
    dates pass unchanged.
    """
    if not isinstance(value, str):
        return value
    text = value
    if CONTROL_RE.search(text):
        text = strip_control_characters(text, multiline=True)
    if value.startswith(FORMULA_PREFIXES) or text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class SafeSpreadsheetExportMixin:
    """For Wagtail views with ``list_export`` (``SpreadsheetExportMixin``): every
    cell, headings included, written by ``neutralise``."""

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(super().preprocess_field_value(field, value, export_format))

    def get_heading(self, queryset, field):
        return neutralise(super().get_heading(queryset, field))


def csv_text(headers, rows):
    """A CSV text (``;``-separated, with a BOM for Excel), every cell neutralised."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(str(header)) for header in headers])
    for row in rows:
        writer.writerow(["" if value is None else cell_value(value) for value in row])
    return "\ufeff" + output.getvalue()


def column_letter(index):
    """1 → A, 27 → AA.

    Not openpyxl's ``get_column_letter``: that one refuses a column beyond XFD,
    which a hostile upload can reach (cells without references), and an error
    message must still name it.
    """
    letters = ""
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def excel_number(value):
    """A Decimal as an int or a float: openpyxl writes both as numbers."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    return value


def cell_value(value):
    """A value as written: text neutralised, Decimal as a number, dates kept.

    Anything else (a lazy translation, a model) is written as its text.
    """
    if value is None or isinstance(value, int | float | datetime.date):
        return value
    if isinstance(value, Decimal):
        return excel_number(value)
    return neutralise(str(value))


def cell(sheet, value, *, bold=False):
    """A write-only cell for ``value`` (see ``cell_value``): a date is shown
    DD/MM/YYYY, ``bold`` for headings. A plain value when no style is needed."""
    value = cell_value(value)
    if not bold and not isinstance(value, datetime.date):
        return value
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    written = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime.date):
        written.number_format = DATE_FORMAT
    if bold:
        written.font = Font(bold=True)
    return written


def row_values(sheet, row, date_cells):
    """A row as openpyxl takes it fastest: plain values, not one cell object each.

    Same result as ``cell`` for every value: text neutralised (only a text that
    starts with a formula character is touched), an empty text left out, a Decimal
    written as a number, a date in DD/MM/YYYY. A date goes through one styled cell
    per column (``date_cells``, {column: cell}), reused from row to row: write-only
    sheets serialise a row as soon as it is appended, so the cell is free again for
    the next one.
    """
    values = []
    for index, value in enumerate(row):
        kind = type(value)
        if kind is str:
            value = neutralise(value) if value else None
        elif kind is Decimal:
            value = excel_number(value)
        elif kind is datetime.date or kind is datetime.datetime:
            date_cell = date_cells.get(index)
            if date_cell is None:
                date_cell = date_cells[index] = cell(sheet, value)
            date_cell.value = value
            value = date_cell
        elif value is not None and kind not in (int, float, bool):
            value = cell(sheet, value)
        values.append(value)
    return values


def new_workbook(*, write_only=True):
    """An empty openpyxl workbook, write-only unless the caller styles cells after
    writing them (the import template)."""
    from openpyxl import Workbook

    return Workbook(write_only=write_only)


def set_widths(sheet, widths):
    """Column widths, from column A."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[column_letter(index)].width = width


def add_table(workbook, title, headers, rows, widths=()):
    """A sheet ``title`` in a write-only ``workbook``: bold headers frozen on
    line 1, then ``rows`` (iterables of values, see ``row_values``)."""
    sheet = workbook.create_sheet(title)
    set_widths(sheet, widths)
    sheet.freeze_panes = "A2"
    sheet.append([cell(sheet, header, bold=True) for header in headers])
    date_cells = {}
    for row in rows:
        sheet.append(row_values(sheet, row, date_cells))
    return sheet


def workbook_bytes(workbook):
    """The saved workbook, as bytes."""
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def table_xlsx(title, headers, rows, widths=()):
    """Bytes of a one-sheet .xlsx (see ``add_table``)."""
    workbook = new_workbook()
    add_table(workbook, title, headers, rows, widths)
    return workbook_bytes(workbook)


def download_response(
    content, filename, *, content_type=XLSX_CONTENT_TYPE, no_store=False
):
    """The response that downloads ``content`` (bytes or text) as ``filename``:
    every generated file of the site (.xlsx, .csv, .docx) goes out through it.
    ``no_store`` for files only their requester may see.

    An ``HttpResponse`` rather than a ``FileResponse``: the file is built in
    memory anyway, so streaming it would save nothing (and callers and tests read
    ``response.content``, which a streaming response does not have). Its
    ``Content-Disposition`` is written by Django's own function, as
    ``FileResponse`` does (a name with accents or quotes is encoded, RFC 6266).
    """
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    if no_store:
        response["Cache-Control"] = "no-store"
    return response

"""Exports of indicators and indicator values to .xlsx (openpyxl, write-only).

Every text cell goes through ``cms.spreadsheets.neutralise``; numbers stay numbers
and dates stay dates. The values export has exactly the columns of the import
template (sheet « valeurs »), so that an export can be edited and re-imported.
"""

import datetime
import io
from decimal import Decimal

from django.db.models import Case, Count, Value, When
from django.utils.translation import gettext as _

from cms.spreadsheets import FORMULA_PREFIXES, neutralise
from measures.imports import (
    LEVEL_LABELS,
    PRECISION_LABELS,
    SHEET_NAME,
    TEMPLATE_HEADERS,
)
from measures.models import Indicator, IndicatorValue

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"


def _number(value):
    """A Decimal as an int or a float: openpyxl writes both as numbers."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    return value


def _cell(sheet, value, *, bold=False):
    """A cell value: text neutralised, Decimal as a number, dates formatted."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    if isinstance(value, str) and not bold:
        return neutralise(value)
    if isinstance(value, int | float) or value is None:
        return value
    if isinstance(value, Decimal) and not bold:
        return _number(value)
    if isinstance(value, Decimal):
        value = _number(value)
    elif isinstance(value, str):
        value = neutralise(value)
    elif value is not None and not isinstance(
        value, int | float | datetime.date | datetime.datetime
    ):
        value = neutralise(str(value))
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    if bold:
        cell.font = Font(bold=True)
    return cell


def _workbook(title, headers, rows, widths):
    """Bytes of a one-sheet .xlsx: bold headers, then ``rows`` through ``_values``."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for index, width in enumerate(widths):
        sheet.column_dimensions[_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, header, bold=True) for header in headers])
    date_cells = {}
    for row in rows:
        sheet.append(_values(sheet, row, date_cells))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _values(sheet, row, date_cells):
    """A row as openpyxl takes it fastest: plain values, not one cell object each.

    Same result as ``_cell`` for every value: text neutralised (only a text that
    starts with a formula character is touched), an empty text left out, a Decimal
    written as a number, a date in DD/MM/YYYY. A date goes through one styled cell
    per column, reused from row to row: write-only sheets serialise a row as soon as
    it is appended, so the cell is free again for the next one.
    """
    values = []
    for index, value in enumerate(row):
        kind = type(value)
        if kind is str:
            if not value:
                value = None
            elif value.startswith(FORMULA_PREFIXES):
                value = "'" + value
        elif kind is Decimal:
            value = _number(value)
        elif kind is datetime.date or kind is datetime.datetime:
            cell = date_cells.get(index)
            if cell is None:
                cell = date_cells[index] = _cell(sheet, value)
            cell.value = value
            value = cell
        elif value is not None and kind not in (int, float, bool):
            value = _cell(sheet, value)
        values.append(value)
    return values


def _letter(index):
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


INDICATOR_HEADERS = [
    "code_indicateur",
    "nom",
    "unite",
    "ministere_producteur",
    "periodicite",
    "sens_souhaite",
    "cible_nationale",
    "echeance_cible",
    "source",
    "adresse_source",
    "definition",
    "nombre_valeurs",
    "derniere_valeur_nationale",
    "date_derniere_valeur_nationale",
]


def export_indicators(queryset=None):
    """Bytes of an .xlsx listing the indicators (sheet « indicateurs »)."""
    if queryset is None:
        queryset = Indicator.objects.all()
    queryset = (
        queryset.select_related("producer")
        .with_latest()
        .annotate(values_count=Count("values"))
        .order_by("code")
    )

    def rows():
        for indicator in queryset:
            yield [
                indicator.code,
                indicator.name,
                indicator.unit,
                indicator.producer.name if indicator.producer else "",
                str(indicator.get_periodicity_display()),
                str(indicator.get_direction_display()),
                indicator.national_target,
                indicator.national_target_date,
                indicator.source,
                indicator.source_url,
                indicator.definition,
                indicator.values_count,
                indicator.latest_value,
                indicator.latest_date,
            ]

    return _workbook(
        _("indicateurs"),
        INDICATOR_HEADERS,
        rows(),
        (22, 48, 12, 30, 14, 20, 14, 14, 30, 30, 60, 14, 16, 16),
    )


def export_values(queryset=None):
    """Bytes of an .xlsx of indicator values, re-importable (sheet « valeurs »)."""
    if queryset is None:
        queryset = IndicatorValue.objects.all()
    level_order = Case(
        *(
            When(territory__kind=kind, then=Value(index))
            for index, kind in enumerate(LEVEL_LABELS)
        ),
        default=Value(len(LEVEL_LABELS)),
    )
    queryset = queryset.select_related("indicator", "territory").order_by(
        "indicator__code", level_order, "territory__code", "date"
    )

    def rows():
        # Plain tuples, not model instances: 100,000 rows stay fast and small.
        for (
            code,
            kind,
            territory,
            date,
            value,
            approximation,
            comment,
        ) in queryset.values_list(
            "indicator__code",
            "territory__kind",
            "territory__code",
            "date",
            "value",
            "approximation",
            "comment",
        ).iterator(chunk_size=5000):
            yield [
                code,
                LEVEL_LABELS.get(kind, kind),
                territory,
                date,
                value,
                PRECISION_LABELS.get(approximation, ""),
                comment,
            ]

    return _workbook(SHEET_NAME, TEMPLATE_HEADERS, rows(), (22, 14, 16, 13, 14, 12, 48))


RENOVATION_HEADERS = [
    "code_region",
    "region",
    "code_departement",
    "departement",
    "contrat_de_ville",
    "epci",
    "etat_du_protocole",
    "date_de_signature",
    "etat_de_la_renovation",
    "adresse",
]


def export_renovation(summary):
    """Bytes of an .xlsx: one row per live contrat de ville, and counts by department.

    ``summary`` is ``measures.models.territorial.renovation_summary()``.
    """
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("contrats"))
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, header, bold=True) for header in RENOVATION_HEADERS])
    for contract in sorted(
        summary["rows"],
        key=lambda c: (c.department.parent.name, c.department.code, c.title),
    ):
        protocol = contract.protocol
        sheet.append(
            [
                _cell(sheet, value)
                for value in (
                    contract.department.parent.code,
                    contract.department.parent.name,
                    contract.department.code,
                    contract.department.name,
                    contract.title,
                    contract.epci,
                    str(protocol.get_status_display()) if protocol else _("aucun"),
                    protocol.signature_date if protocol else None,
                    str(contract.renovation_label),
                    contract.full_url or "",
                )
            ]
        )
    counts = workbook.create_sheet(_("departements"))
    counts.freeze_panes = "A2"
    counts.append(
        [
            _cell(counts, header, bold=True)
            for header in [
                _("region"),
                _("code_departement"),
                _("departement"),
                *[str(state["label"]) for state in summary["states"]],
                _("total"),
            ]
        ]
    )
    for region in summary["regions"]:
        for item in region["departments"]:
            counts.append(
                [
                    _cell(counts, value)
                    for value in (
                        region["region"].name,
                        item["department"].code,
                        item["department"].name,
                        *item["counts"],
                        item["total"],
                    )
                ]
            )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()

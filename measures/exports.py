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

from cms.spreadsheets import neutralise
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
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

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
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for index, width in enumerate(widths):
        sheet.column_dimensions[_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, header, bold=True) for header in headers])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


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
        for value in queryset.iterator(chunk_size=2000):
            yield [
                value.indicator.code,
                LEVEL_LABELS.get(value.territory.kind, value.territory.kind),
                value.territory.code,
                value.date,
                value.value,
                PRECISION_LABELS.get(value.approximation, ""),
                value.comment,
            ]

    return _workbook(SHEET_NAME, TEMPLATE_HEADERS, rows(), (22, 14, 16, 13, 14, 12, 48))

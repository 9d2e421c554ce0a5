"""Import of priority neighbourhoods (QPV) from the national .xlsx file.

The list sheet is the first sheet whose first row holds the columns ``CODE_QP``,
``NOM_QP`` and ``COMMUNE_QP`` (case, accents and spaces ignored; other columns
are ignored, as the national file carries more). An optional sheet
« statistiques » gives figures per QPV: a ``CODE_QP`` column, then one column per
INSEE figure (``pop_mun`` is the population, ``abcde`` the jobseekers DEFM, any
other column is kept in the QPV's statistics). Empty cells and the INSEE marks of
statistical secrecy (``s``, ``ns``, ``nd``, ``ss``) stay unknown.

The department of a QPV comes from its code (``QP031001`` → 31, ``QP02A001`` → 2A,
``QP971001`` → 971). As for the indicator import (``measures.imports``), the file
is read by ``cms.spreadsheets``, everything is validated first, every error is
reported with its sheet, row and column, and a file with errors writes nothing.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.spreadsheets import (
    MAX_ERRORS,
    SheetErrors,
    UnreadableFileError,
    cell_text,
    excel_number,
    file_error,
    first_row,
    formula_message,
    header_columns,
    is_blank,
    is_blank_row,
    is_formula,
    iter_rows,
    opened_workbook,
    parse_number,
    sheet_named,
    shown,
    upload_name,
)
from measures.models import QPV, Territory

LIST_HEADERS = ["code_qp", "nom_qp", "commune_qp"]
STATISTICS_SHEET = "statistiques"
SECRET_MARKS = {"s", "ns", "nd", "ss", "secret"}
CODE_RE = re.compile(r"^QP(\d{3}|02[AB])\d{3}$")
MAX_ROWS = 10_000
NAME_MAX = Territory._meta.get_field("name").max_length
COMMUNES_MAX = QPV._meta.get_field("communes").max_length
POPULATION_COLUMN = "pop_mun"
JOBSEEKERS_COLUMN = "abcde"


@dataclass
class QPVRow:
    row_number: int
    code: str
    name: str
    communes: str
    department: Territory
    statistics: dict = field(default_factory=dict)


@dataclass
class QPVImportResult:
    rows: list[QPVRow] = field(default_factory=list)
    statistics: dict = field(default_factory=dict)  # code → {column: value}
    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    filename: str = ""
    # Figures of the statistics sheet that the file does not have: their stored
    # values are kept (``apply_qpv_import`` merges), and the admin says so.
    absent_columns: list[str] = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.errors


def department_code(qpv_code):
    part = qpv_code[2:5]
    return part[1:] if part.startswith("0") else part


def _fail(message, filename=""):
    return QPVImportResult(
        errors=[file_error(message, filename)], error_count=1, filename=filename
    )


def parse_qpv_workbook(file, *, max_size=None):
    """Read and validate a QPV file; nothing is written."""
    filename = upload_name(file)
    try:
        with opened_workbook(file, max_size=max_size) as workbook:
            result = _parse(workbook, filename)
    except UnreadableFileError as error:
        return _fail(str(error), filename)
    result.filename = filename
    return result


def _find_list_sheet(workbook):
    for worksheet in workbook.worksheets:
        if worksheet.title.strip().lower() == STATISTICS_SHEET:
            continue
        if set(LIST_HEADERS) <= set(header_columns(first_row(worksheet))):
            return worksheet
    return None


def _parse(workbook, filename):
    list_sheet = _find_list_sheet(workbook)
    if list_sheet is None:
        return _fail(
            _(
                "Aucune feuille du classeur n’a en ligne 1 les colonnes CODE_QP, "
                "NOM_QP et COMMUNE_QP (feuilles trouvées : %(sheets)s)."
            )
            % {"sheets": ", ".join(f"« {name} »" for name in workbook.sheetnames)},
            filename,
        )
    errors = SheetErrors(list_sheet.title, filename)
    departments = {
        territory.code: territory
        for territory in Territory.objects.filter(kind=Territory.Kind.DEPARTMENT)
    }
    rows = _parse_list(list_sheet, departments, errors)

    statistics = {}
    stats_sheet = sheet_named(workbook, STATISTICS_SHEET)
    if stats_sheet is not None:
        known = {row.code for row in rows} | set(
            Territory.objects.filter(kind=Territory.Kind.QPV).values_list(
                "code", flat=True
            )
        )
        stats_errors = SheetErrors(stats_sheet.title, filename)
        statistics, figures = _parse_statistics(stats_sheet, known, stats_errors)
        errors.extend(stats_errors)  # listed after the list sheet's
    else:
        figures = set()
    result = QPVImportResult(
        rows=rows,
        statistics=statistics,
        absent_columns=[
            name
            for name in (POPULATION_COLUMN, JOBSEEKERS_COLUMN)
            if name not in figures
        ],
    )
    result.error_count = len(errors)
    result.errors = errors.render(MAX_ERRORS)
    if result.errors:
        result.rows, result.statistics = [], {}
    elif not rows and not statistics:
        return _fail(_("Le fichier ne contient aucune ligne de données."), filename)
    return result


def _parse_list(worksheet, departments, errors):
    rows_iter = iter_rows(worksheet)
    header = next(rows_iter, ())
    columns = header_columns(header)
    rows = []
    seen = {}
    for row_number, cells in enumerate(rows_iter, start=2):
        if is_blank_row(cells):
            continue
        if len(rows) >= MAX_ROWS:
            errors.add(
                _("La feuille dépasse %(max)d lignes : découpez le fichier.")
                % {"max": MAX_ROWS}
            )
            break

        formulas = set()

        def cell(name, cells=cells, formulas=formulas, row_number=row_number):
            """The cell of ``name``; a formula is reported, and read as None."""
            index = columns[name]
            value = cells[index - 1] if index <= len(cells) else None
            if is_formula(value):
                formulas.add(name)
                errors.add(
                    formula_message(value),
                    row=row_number,
                    column=index,
                    header=name.upper(),
                )
                return None
            return value

        def add(name, message, row_number=row_number, formulas=formulas):
            if name not in formulas:  # the formula is the error of that cell
                errors.add(
                    message, row=row_number, column=columns[name], header=name.upper()
                )

        raw_code = cell("code_qp")
        code = re.sub(r"\s+", "", cell_text(raw_code)).upper()
        name = cell_text(cell("nom_qp"))
        communes = cell_text(cell("commune_qp"))
        department = None
        if not code:
            add("code_qp", _("code du quartier manquant."))
        elif not CODE_RE.match(code):
            add(
                "code_qp",
                _(
                    "code « %(value)s » invalide : un code de QPV s’écrit QP suivi "
                    "de 6 caractères (ex. QP031001, QP02A001, QP971001)."
                )
                % {"value": shown(raw_code)},
            )
        else:
            department = departments.get(department_code(code))
            if department is None:
                add(
                    "code_qp",
                    _("le département « %(department)s » du code %(code)s est inconnu.")
                    % {"department": department_code(code), "code": code},
                )
            elif code in seen:
                add(
                    "code_qp",
                    _("le quartier %(code)s figure déjà ligne %(first)d.")
                    % {"code": code, "first": seen[code]},
                )
                department = None
            else:
                seen[code] = row_number
        if not name:
            add("nom_qp", _("nom du quartier manquant."))
        elif len(name) > NAME_MAX:
            add(
                "nom_qp",
                _("le nom dépasse %(max)d caractères.") % {"max": NAME_MAX},
            )
        if not communes:
            add("commune_qp", _("commune manquante."))
        elif len(communes) > COMMUNES_MAX:
            add(
                "commune_qp",
                _("la liste des communes dépasse %(max)d caractères.")
                % {"max": COMMUNES_MAX},
            )
        if department is not None and name and communes:
            rows.append(QPVRow(row_number, code, name, communes, department))
    return rows


def _parse_statistics(worksheet, known_codes, errors):
    """({code: {figure: value}}, the figures the sheet has)."""
    rows_iter = iter_rows(worksheet)
    header = next(rows_iter, ())
    columns = header_columns(header)
    statistics = {}
    if "code_qp" not in columns:
        errors.add(
            _("colonne obligatoire « CODE_QP » absente de la feuille « %(sheet)s ».")
            % {"sheet": worksheet.title},
            row=1,
        )
        return statistics, set()
    figure_columns = {
        name: index for name, index in columns.items() if name != "code_qp"
    }
    seen = {}
    for row_number, cells in enumerate(rows_iter, start=2):
        if is_blank_row(cells):
            continue
        code_index = columns["code_qp"]
        raw_code = cells[code_index - 1] if code_index <= len(cells) else None
        code = re.sub(r"\s+", "", cell_text(raw_code)).upper()
        if not code:
            errors.add(
                _("code du quartier manquant."),
                row=row_number,
                column=code_index,
                header="CODE_QP",
            )
            continue
        if code not in known_codes:
            errors.add(
                _(
                    "quartier « %(code)s » inconnu : il n’est ni dans la liste du "
                    "fichier ni déjà enregistré."
                )
                % {"code": shown(raw_code)},
                row=row_number,
                column=code_index,
                header="CODE_QP",
            )
            continue
        if code in seen:
            errors.add(
                _("le quartier %(code)s figure déjà ligne %(first)d.")
                % {"code": code, "first": seen[code]},
                row=row_number,
                column=code_index,
                header="CODE_QP",
            )
            continue
        seen[code] = row_number
        values = {}
        for name, index in figure_columns.items():
            value = cells[index - 1] if index <= len(cells) else None
            if is_formula(value):
                errors.add(
                    formula_message(value),
                    row=row_number,
                    column=index,
                    header=shown(header[index - 1]),
                )
                continue
            if is_blank(value) or cell_text(value).lower() in SECRET_MARKS:
                values[name] = None
                continue
            number = parse_number(value)
            if number is None:
                errors.add(
                    _(
                        "« %(value)s » n’est pas un nombre (laissez vide, ou « s » "
                        "pour une donnée secrétisée)."
                    )
                    % {"value": shown(value)},
                    row=row_number,
                    column=index,
                    header=shown(header[index - 1]),
                )
                continue
            values[name] = excel_number(number)
        for name in (POPULATION_COLUMN, JOBSEEKERS_COLUMN):
            value = values.get(name)
            if value is not None and (value < 0 or value != int(value)):
                errors.add(
                    _("« %(value)s » doit être un nombre entier positif.")
                    % {"value": value},
                    row=row_number,
                    column=figure_columns[name],
                    header=name,
                )
        statistics[code] = values
    return statistics, set(figure_columns)


@dataclass
class QPVImportCounts:
    created: int = 0
    updated: int = 0
    statistics: int = 0


def apply_qpv_import(result, user=None):
    """Write a valid result, all or nothing; return ``QPVImportCounts``."""
    if result.errors:
        raise ValueError("An import with errors cannot be applied.")
    counts = QPVImportCounts()
    source = _("Import du fichier « %(name)s » le %(date)s") % {
        "name": result.filename or _("sans nom"),
        "date": timezone.localdate().strftime("%d/%m/%Y"),
    }
    with transaction.atomic():
        existing = {
            territory.code: territory
            for territory in Territory.objects.filter(
                kind=Territory.Kind.QPV,
                code__in=[row.code for row in result.rows] + list(result.statistics),
            ).select_related("qpv")
        }
        for row in result.rows:
            territory = existing.get(row.code)
            if territory is None:
                territory = Territory.objects.create(
                    kind=Territory.Kind.QPV,
                    code=row.code,
                    name=row.name,
                    parent=row.department,
                )
                existing[row.code] = territory
                QPV.objects.create(territory=territory, communes=row.communes)
                counts.created += 1
            else:
                territory.name = row.name
                territory.parent = row.department
                territory.save(update_fields=["name", "parent"])
                QPV.objects.update_or_create(
                    territory=territory, defaults={"communes": row.communes}
                )
                counts.updated += 1
        for code, values in result.statistics.items():
            qpv, _created = QPV.objects.get_or_create(territory=existing[code])
            qpv.statistics = {**(qpv.statistics or {}), **values}
            if POPULATION_COLUMN in values:
                qpv.population = values[POPULATION_COLUMN]
            if JOBSEEKERS_COLUMN in values:
                qpv.jobseekers = values[JOBSEEKERS_COLUMN]
            qpv.statistics_source = source
            qpv.save()
            counts.statistics += 1
    return counts

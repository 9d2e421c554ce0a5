"""Reading and validating an indicator values file (openpyxl, read-only).

The workbook holds a sheet « valeurs » whose first row carries the headers of
``TEMPLATE_HEADERS`` (any order; case, accents, spaces and hyphens are ignored, so
« Code indicateur » matches ``code_indicateur``). ``precision`` and ``commentaire``
are optional columns; any other non-empty header is refused, so that a misspelt
optional column is not silently ignored.

Sheet choice: the sheet named « valeurs » (case and surrounding spaces ignored). If
there is none, the *first* sheet is used when its first row has every required
header (a user who built the file from scratch and left « Feuil1 »); otherwise the
workbook is refused. Messages always name the sheet actually read.

``parse_workbook`` validates everything and collects every error (in French, with
sheet, row and column as Excel shows them); nothing is written (``apply`` writes).
Database queries do not depend on the number of rows: one for the indicators, one
for the territories, one for the existing values. The file itself is opened and
its cells read by ``cms.spreadsheets``.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from cms.spreadsheets import (
    SPACES_RE,
    SheetErrors,
    UnreadableFileError,
    cell_text,
    column_letter,
    file_error,
    first_row,
    formula_message,
    header_columns,
    is_blank,
    is_blank_row,
    is_formula,
    iter_rows,
    normalise_header,
    normalise_word,
    opened_workbook,
    parse_date,
    parse_number,
    sheet_named,
    shown,
    upload_name,
)
from measures.models import Indicator, IndicatorValue, Territory
from measures.models.indicators import Approximation

from .columns import (
    EXAMPLE_COMMENT,
    LEVEL_ALIASES,
    LEVEL_LABELS,
    OPTIONAL_HEADERS,
    PRECISION_ALIASES,
    REQUIRED_HEADERS,
    SHEET_NAME,
    TEMPLATE_HEADERS,
)

# Rows read at most (beyond, the file is refused: split it).
MAX_ROWS = getattr(settings, "QUARTIERS_IMPORT_MAX_ROWS", 50_000)

MAX_COMMENT_LENGTH = IndicatorValue._meta.get_field("comment").max_length
VALUE_QUANTUM = Decimal("0.0001")
VALUE_LIMIT = Decimal(10) ** 16  # Decimal(max_digits=20, decimal_places=4)

DIGITS_RE = re.compile(r"^\d+$")


@dataclass
class ImportRow:
    """A validated row, ready to be written."""

    row_number: int
    indicator: Indicator
    territory: Territory
    date: datetime.date
    value: Decimal
    approximation: str = Approximation.EXACT
    comment: str = ""
    existing_id: int | None = None
    previous_value: Decimal | None = None

    @property
    def creates(self):
        """True when the row creates a value, False when it updates one."""
        return self.existing_id is None

    @property
    def key(self):
        return (self.indicator.pk, self.territory.pk, self.date)


@dataclass
class ImportResult:
    """What ``parse_workbook`` found: rows to write, or errors (never both used)."""

    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sheet_name: str = SHEET_NAME
    filename: str = ""
    error_count: int = 0
    # The optional columns the file has: an absent one leaves stored values as
    # they are (``apply_import``), and the preview says so.
    optional_columns: tuple = ()

    @property
    def is_valid(self):
        return not self.errors

    @property
    def absent_columns(self):
        return [name for name in OPTIONAL_HEADERS if name not in self.optional_columns]

    @property
    def to_create(self):
        return sum(1 for row in self.rows if row.creates)

    @property
    def to_update(self):
        return len(self.rows) - self.to_create


# --- reading -----------------------------------------------------------------


def normalise_territory_code(value, kind):
    """The territory code as stored: « 2a » → « 2A », 1 → « 01 », « fr » → « FR »."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, float):
        if not value.is_integer():
            return ""
        value = int(value)
    text = SPACES_RE.sub("", str(value) if value is not None else "").upper()
    if kind in (Territory.Kind.REGION, Territory.Kind.DEPARTMENT) and DIGITS_RE.match(
        text
    ):
        text = text.zfill(2)
    return text


def _fail(message, filename=""):
    return ImportResult(
        errors=[file_error(message, filename)], filename=filename, error_count=1
    )


def _find_sheet(workbook):
    """The sheet to read, or None (see the module docstring)."""
    worksheet = sheet_named(workbook, SHEET_NAME)
    if worksheet is not None or not workbook.worksheets:
        return worksheet
    first = workbook.worksheets[0]
    if set(REQUIRED_HEADERS) <= set(header_columns(first_row(first))):
        return first
    return None


def _read_headers(header_row, errors):
    """{header: column index (1-based)}; adds the header errors."""
    columns = {}
    seen = defaultdict(list)
    for index, cell in enumerate(header_row, start=1):
        if is_blank(cell):
            continue
        name = normalise_header(cell)
        seen[name].append(index)
        if name not in TEMPLATE_HEADERS:
            errors.add(
                _("en-tête inconnu « %(header)s ». En-têtes attendus : %(expected)s.")
                % {"header": shown(cell), "expected": ", ".join(TEMPLATE_HEADERS)},
                row=1,
                column=index,
                header=shown(cell),
            )
        else:
            columns.setdefault(name, index)
    for name, indexes in seen.items():
        if name in TEMPLATE_HEADERS and len(indexes) > 1:
            errors.add(
                _("la colonne « %(header)s » apparaît plusieurs fois (%(letters)s).")
                % {
                    "header": name,
                    "letters": ", ".join(column_letter(index) for index in indexes),
                },
                row=1,
            )
    for name in REQUIRED_HEADERS:
        if name not in columns:
            errors.add(
                _("colonne obligatoire « %(header)s » absente.") % {"header": name},
                row=1,
            )
    return columns


@dataclass
class _RawRow:
    row_number: int
    indicator_code: str = ""
    kind: str | None = None
    territory_code: str = ""
    date: datetime.date | None = None
    value: Decimal | None = None
    approximation: str = Approximation.EXACT
    comment: str = ""


def _parse_cells(row_number, cells, columns, errors):
    """First pass, without the database: types and formats."""
    raw = _RawRow(row_number)
    formulas = set()

    def cell(name):
        """The cell of column ``name``; a formula is reported, and read as None."""
        index = columns.get(name)
        if index is None or index > len(cells):
            return None
        value = cells[index - 1]
        if is_formula(value):
            formulas.add(name)
            errors.add(
                formula_message(value), row=row_number, column=index, header=name
            )
            return None
        return value

    def add(name, message):
        if name not in formulas:  # the formula is the error of that cell
            errors.add(message, row=row_number, column=columns[name], header=name)

    # code_indicateur
    value = cell("code_indicateur")
    raw.indicator_code = cell_text(value).upper()
    if not raw.indicator_code:
        add("code_indicateur", _("code d’indicateur manquant."))

    # niveau
    value = cell("niveau")
    level = normalise_word(cell_text(value))
    raw.kind = LEVEL_ALIASES.get(level)
    if not level:
        add(
            "niveau",
            _("niveau manquant : indiquez national, region, departement ou qpv."),
        )
    elif raw.kind is None:
        add(
            "niveau",
            _(
                "niveau « %(value)s » inconnu : indiquez national, region, "
                "departement ou qpv."
            )
            % {"value": shown(value)},
        )

    # code_territoire
    value = cell("code_territoire")
    raw.territory_code = normalise_territory_code(value, raw.kind)
    if is_blank(value):
        add("code_territoire", _("code de territoire manquant (FR pour la France)."))
    elif not raw.territory_code:
        add(
            "code_territoire",
            _("code de territoire « %(value)s » invalide.") % {"value": shown(value)},
        )

    # date
    value = cell("date")
    raw.date = parse_date(value)
    if is_blank(value):
        add("date", _("date manquante."))
    elif raw.date is None:
        add(
            "date",
            _(
                "date « %(value)s » invalide : saisissez une date Excel ou un texte "
                "JJ/MM/AAAA ou AAAA-MM-JJ."
            )
            % {"value": shown(value)},
        )

    # valeur
    value = cell("valeur")
    number = parse_number(value)
    if is_blank(value):
        add("valeur", _("valeur manquante."))
    elif number is None:
        add(
            "valeur",
            _("« %(value)s » n’est pas un nombre (exemple : 1234,5).")
            % {"value": shown(value)},
        )
    elif abs(number) >= VALUE_LIMIT:
        add(
            "valeur",
            _("la valeur « %(value)s » est trop grande.") % {"value": shown(value)},
        )
    else:
        raw.value = number.quantize(VALUE_QUANTUM, rounding=ROUND_HALF_UP)

    # precision
    if "precision" in columns:
        value = cell("precision")
        approximation = PRECISION_ALIASES.get(normalise_word(cell_text(value)))
        if approximation is None:
            add(
                "precision",
                _(
                    "précision « %(value)s » inconnue : laissez vide ou indiquez "
                    "« environ », « près de » ou « plus de »."
                )
                % {"value": shown(value)},
            )
        else:
            raw.approximation = approximation

    # commentaire
    if "commentaire" in columns:
        raw.comment = cell_text(cell("commentaire"))
        if raw.comment == EXAMPLE_COMMENT:
            add(
                "commentaire",
                _("ligne d’exemple du modèle : supprimez-la avant l’import."),
            )
        elif len(raw.comment) > MAX_COMMENT_LENGTH:
            add(
                "commentaire",
                _("le commentaire dépasse %(max)d caractères (%(length)d).")
                % {"max": MAX_COMMENT_LENGTH, "length": len(raw.comment)},
            )
    return raw


def parse_workbook(file, *, max_size=None):
    """Read and validate an import file; return an ``ImportResult``.

    ``file`` is an uploaded file (or any binary file object), a path or bytes.
    Nothing is written. Every error found is collected (capped at ``MAX_ERRORS``
    lines plus a « … et N autres erreurs » line).
    """
    filename = upload_name(file)
    try:
        with opened_workbook(file, max_size=max_size) as workbook:
            return _parse_loaded_workbook(workbook, filename)
    except UnreadableFileError as error:
        return _fail(str(error), filename)


def _parse_loaded_workbook(workbook, filename):
    worksheet = _find_sheet(workbook)
    if worksheet is None:
        return _fail(
            _(
                "Le classeur ne contient pas de feuille « %(sheet)s » (feuilles "
                "trouvées : %(sheets)s). Partez du modèle d’import."
            )
            % {
                "sheet": SHEET_NAME,
                "sheets": ", ".join(f"« {name} »" for name in workbook.sheetnames),
            },
            filename,
        )
    sheet_name = worksheet.title
    errors = SheetErrors(sheet_name, filename)
    result = ImportResult(sheet_name=sheet_name, filename=filename)

    worksheet.reset_dimensions()  # some producers write wrong dimensions
    rows = iter_rows(worksheet)
    header_row = next(rows, ())
    if is_blank_row(header_row):
        errors.add(
            _(
                "La feuille « %(sheet)s » n’a pas d’en-têtes en ligne 1 : partez du "
                "modèle d’import."
            )
            % {"sheet": sheet_name}
        )
        return _finish(result, errors)
    columns = _read_headers(header_row, errors)
    if errors:
        return _finish(result, errors)
    result.optional_columns = tuple(
        name for name in OPTIONAL_HEADERS if name in columns
    )

    raw_rows = []
    for row_number, cells in enumerate(rows, start=2):
        if is_blank_row(cells):
            continue
        if len(raw_rows) >= MAX_ROWS:
            errors.add(
                _(
                    "La feuille « %(sheet)s » dépasse %(max)d lignes de données : "
                    "découpez le fichier."
                )
                % {"sheet": sheet_name, "max": MAX_ROWS}
            )
            return _finish(result, errors)
        raw_rows.append(_parse_cells(row_number, cells, columns, errors))

    if not raw_rows:
        errors.add(
            _(
                "La feuille « %(sheet)s » ne contient aucune ligne de données (à "
                "partir de la ligne 2)."
            )
            % {"sheet": sheet_name}
        )
        return _finish(result, errors)

    result.rows = _resolve(raw_rows, columns, errors)
    return _finish(result, errors)


def _resolve(raw_rows, columns, errors):
    """Second pass: indicators, territories, duplicates, existing values.

    Three queries whatever the number of rows.
    """
    codes = {raw.indicator_code for raw in raw_rows if raw.indicator_code}
    indicators = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(code__in=codes)
    }
    territory_codes = {raw.territory_code for raw in raw_rows if raw.territory_code}
    territories = {
        (territory.kind, territory.code): territory
        for territory in Territory.objects.filter(code__in=territory_codes)
    }

    rows = []
    first_seen = {}
    for raw in raw_rows:
        indicator = indicators.get(raw.indicator_code)
        if raw.indicator_code and indicator is None:
            errors.add(
                _(
                    "indicateur « %(code)s » inconnu (les codes existants sont "
                    "listés dans l’onglet « aide » du modèle)."
                )
                % {"code": raw.indicator_code},
                row=raw.row_number,
                column=columns["code_indicateur"],
                header="code_indicateur",
            )
        territory = None
        if raw.kind and raw.territory_code:
            territory = territories.get((raw.kind, raw.territory_code))
            if territory is None:
                errors.add(
                    _("territoire « %(code)s » inconnu pour le niveau « %(level)s ».")
                    % {"code": raw.territory_code, "level": LEVEL_LABELS[raw.kind]},
                    row=raw.row_number,
                    column=columns["code_territoire"],
                    header="code_territoire",
                )
        if indicator is None or territory is None or raw.date is None:
            continue
        key = (indicator.pk, territory.pk, raw.date)
        if key in first_seen:
            letters = ", ".join(
                column_letter(columns[name])
                for name in ("code_indicateur", "niveau", "code_territoire", "date")
            )
            errors.add(
                _(
                    "doublon de la ligne %(first)d (même indicateur, territoire et "
                    "date, colonnes %(letters)s)."
                )
                % {"first": first_seen[key], "letters": letters},
                row=raw.row_number,
            )
            continue
        first_seen[key] = raw.row_number
        if raw.value is None:
            continue
        rows.append(
            ImportRow(
                row_number=raw.row_number,
                indicator=indicator,
                territory=territory,
                date=raw.date,
                value=raw.value,
                approximation=raw.approximation,
                comment=raw.comment,
            )
        )

    if rows and not errors:
        existing = existing_values(rows)
        for row in rows:
            if found := existing.get(row.key):
                row.existing_id, row.previous_value = found
    return rows


def existing_values(rows):
    """{(indicator_id, territory_id, date): (pk, value)} for the rows, one query."""
    keys = {row.key for row in rows}
    dates = [row.date for row in rows]
    queryset = IndicatorValue.objects.filter(
        indicator_id__in={key[0] for key in keys},
        territory_id__in={key[1] for key in keys},
        date__range=(min(dates), max(dates)),
    ).values_list("indicator_id", "territory_id", "date", "pk", "value")
    return {
        (indicator_id, territory_id, date): (pk, value)
        for indicator_id, territory_id, date, pk, value in queryset
        if (indicator_id, territory_id, date) in keys
    }


def _finish(result, errors):
    result.error_count = len(errors)
    result.errors = errors.render()
    if result.errors:
        result.rows = []
    return result

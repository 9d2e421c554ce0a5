"""Import of indicator values from an .xlsx workbook (openpyxl).

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
sheet, row and column as Excel shows them); ``apply_import`` writes a valid result
all-or-nothing. Database queries do not depend on the number of rows: one for the
indicators, one for the territories, one for the existing values.
"""

import datetime
import io
import re
import unicodedata
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wagtail.log_actions import LogFormatter
from wagtail.log_actions import log as log_action

from cms.cache import content_changed
from cms.spreadsheets import FORMULA_PREFIXES, neutralise
from measures.models import Indicator, IndicatorValue, Territory
from measures.models.indicators import Approximation

SHEET_NAME = "valeurs"
HELP_SHEET_NAME = "aide"

TEMPLATE_HEADERS = [
    "code_indicateur",
    "niveau",
    "code_territoire",
    "date",
    "valeur",
    "precision",
    "commentaire",
]
REQUIRED_HEADERS = TEMPLATE_HEADERS[:5]
OPTIONAL_HEADERS = TEMPLATE_HEADERS[5:]

# Level labels written in files, and the spellings accepted on import.
LEVEL_LABELS = {
    Territory.Kind.NATIONAL: "national",
    Territory.Kind.REGION: "region",
    Territory.Kind.DEPARTMENT: "departement",
    Territory.Kind.QPV: "qpv",
}
LEVEL_ALIASES = {
    "national": Territory.Kind.NATIONAL,
    "nationale": Territory.Kind.NATIONAL,
    "france": Territory.Kind.NATIONAL,
    "region": Territory.Kind.REGION,
    "regional": Territory.Kind.REGION,
    "departement": Territory.Kind.DEPARTMENT,
    "departemental": Territory.Kind.DEPARTMENT,
    "department": Territory.Kind.DEPARTMENT,
    "qpv": Territory.Kind.QPV,
    "quartier": Territory.Kind.QPV,
    "quartier prioritaire": Territory.Kind.QPV,
}

# Precision labels written in files, and the spellings accepted on import.
PRECISION_LABELS = {
    Approximation.EXACT: "",
    Approximation.ABOUT: "environ",
    Approximation.NEARLY: "près de",
    Approximation.MORE_THAN: "plus de",
}
PRECISION_ALIASES = {
    "": Approximation.EXACT,
    "exact": Approximation.EXACT,
    "exacte": Approximation.EXACT,
    "valeur exacte": Approximation.EXACT,
    "environ": Approximation.ABOUT,
    "pres de": Approximation.NEARLY,
    "plus de": Approximation.MORE_THAN,
}

# The comment of the template's example rows: such a row is refused, so that an
# example left in the file is never imported.
EXAMPLE_COMMENT = "EXEMPLE : ligne à supprimer avant l’import"

MAX_ERRORS = 200
# Rows read at most (beyond, the file is refused: split it).
MAX_ROWS = getattr(settings, "QUARTIERS_IMPORT_MAX_ROWS", 50_000)
# Uncompressed size of the workbook at most (protects against zip bombs).
MAX_UNCOMPRESSED_SIZE = 200 * 1024 * 1024

MAX_COMMENT_LENGTH = IndicatorValue._meta.get_field("comment").max_length
VALUE_QUANTUM = Decimal("0.0001")
VALUE_LIMIT = Decimal(10) ** 16  # Decimal(max_digits=20, decimal_places=4)

IMPORT_LOG_ACTION = "quartiers.indicator_import"

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

SPACES_RE = re.compile(r"[\s\u00a0\u202f\u2007\u2009]+")
NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
FRENCH_DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
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

    @property
    def is_valid(self):
        return not self.errors

    @property
    def to_create(self):
        return sum(1 for row in self.rows if row.creates)

    @property
    def to_update(self):
        return len(self.rows) - self.to_create


class ImportCounts(NamedTuple):
    created: int
    updated: int


class UnreadableFileError(Exception):
    """The file cannot be read at all (not an xlsx, too big...)."""


# --- helpers -----------------------------------------------------------------


def column_letter(index):
    """1 → A, 27 → AA."""
    letters = ""
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _strip_accents(text):
    return "".join(
        char
        for char in unicodedata.normalize("NFKD", text)
        if not unicodedata.combining(char)
    )


def _normalise_header(value):
    text = _strip_accents(str(value)).strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def _normalise_word(value):
    """Lower case, no accents, single spaces: « Près  de » → « pres de »."""
    return SPACES_RE.sub(" ", _strip_accents(str(value)).strip().lower())


def _unneutralise(text):
    """Undo ``cms.spreadsheets.neutralise`` so that an export re-imports unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def _cell_text(value):
    """The cell as stripped text ("" for an empty cell); numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _unneutralise(str(value).strip())


def _shown(value):
    """A cell value as quoted in a message."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    text = _cell_text(value)
    if len(text) > 60:
        text = text[:57] + "…"
    return text


def _is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def parse_number(value):
    """A Decimal from a number cell or a French text (« 1 234,5 »); None if invalid."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        text = SPACES_RE.sub("", value)
        if "," in text:
            if "." in text:
                return None  # « 1.234,5 »: ambiguous, refused
            text = text.replace(",", ".")
        if not NUMBER_RE.match(text):
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
    else:
        return None
    if not number.is_finite():
        return None
    return number


def parse_date(value):
    """A date from a date cell or a text JJ/MM/AAAA or AAAA-MM-JJ; None if invalid."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if match := FRENCH_DATE_RE.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := ISO_DATE_RE.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


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


class _Errors:
    """Collects (row, column, message) and renders them sorted and capped."""

    def __init__(self, sheet_name):
        self.sheet_name = sheet_name
        self.items = []

    def add(self, message, row=None, column=None, header=None):
        if row is None:
            where = ""
        elif column is None:
            where = _("Feuille « %(sheet)s », ligne %(row)d : ") % {
                "sheet": self.sheet_name,
                "row": row,
            }
        else:
            where = _(
                "Feuille « %(sheet)s », ligne %(row)d, colonne « %(header)s » "
                "(%(letter)s) : "
            ) % {
                "sheet": self.sheet_name,
                "row": row,
                "header": header,
                "letter": column_letter(column),
            }
        self.items.append((row or 0, column or 0, len(self.items), where + message))

    def __bool__(self):
        return bool(self.items)

    def __len__(self):
        return len(self.items)

    def render(self, limit=MAX_ERRORS):
        messages = [item[3] for item in sorted(self.items)]
        if len(messages) > limit:
            hidden = len(messages) - limit
            messages = messages[:limit] + [
                ngettext(
                    "… et %(count)d autre erreur.",
                    "… et %(count)d autres erreurs.",
                    hidden,
                )
                % {"count": hidden}
            ]
        return messages


def _fail(message, filename=""):
    return ImportResult(errors=[message], filename=filename, error_count=1)


def _read_bytes(file, max_size):
    """The uploaded content (file-like, path or bytes); raises if too big."""
    if isinstance(file, bytes | bytearray):
        content = bytes(file)
    elif hasattr(file, "read"):
        if hasattr(file, "seek"):
            file.seek(0)
        content = file.read(max_size + 1)
    else:
        with open(file, "rb") as handle:
            content = handle.read(max_size + 1)
    if len(content) > max_size:
        raise UnreadableFileError(
            _("Le fichier dépasse la taille maximale autorisée (%(size)s).")
            % {"size": filesizeformat(max_size)}
        )
    return content


def _load_workbook(content):
    """An openpyxl read-only workbook; UnreadableFileError when it is not an xlsx."""
    from openpyxl import load_workbook

    not_xlsx = _(
        "Le fichier n’est pas un classeur Excel .xlsx valide. Enregistrez-le au "
        "format « Classeur Excel (.xlsx) » puis recommencez."
    )
    if not content:
        raise UnreadableFileError(_("Le fichier est vide."))
    if content.startswith(OLE_SIGNATURE):
        raise UnreadableFileError(
            _(
                "Le fichier est au format Excel 97-2003 (.xls) ou protégé par un mot "
                "de passe : enregistrez-le au format .xlsx, sans mot de passe."
            )
        )
    if not content.startswith(ZIP_SIGNATURE):
        raise UnreadableFileError(not_xlsx)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            uncompressed = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise UnreadableFileError(not_xlsx) from error
    if uncompressed > MAX_UNCOMPRESSED_SIZE:
        raise UnreadableFileError(
            _("Le classeur est trop volumineux une fois décompressé : découpez-le.")
        )
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors
        raise UnreadableFileError(not_xlsx) from error


def _iter_rows(worksheet, **kwargs):
    """``worksheet.iter_rows(values_only=True)``; a damaged sheet raises
    UnreadableFileError (read-only sheets are only parsed while iterated)."""
    rows = worksheet.iter_rows(values_only=True, **kwargs)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as error:  # XML, zip or openpyxl errors
            raise UnreadableFileError(
                _(
                    "La feuille « %(sheet)s » est endommagée et ne peut pas être lue "
                    ": ouvrez le fichier dans Excel ou LibreOffice et enregistrez-le "
                    "à nouveau au format .xlsx."
                )
                % {"sheet": worksheet.title}
            ) from error
        yield row


def _find_sheet(workbook):
    """The sheet to read, or None (see the module docstring)."""
    for worksheet in workbook.worksheets:
        if worksheet.title.strip().lower() == SHEET_NAME:
            return worksheet
    if not workbook.worksheets:
        return None
    first = workbook.worksheets[0]
    first.reset_dimensions()
    header = next(_iter_rows(first, min_row=1, max_row=1), ())
    found = {_normalise_header(cell) for cell in header if not _is_blank(cell)}
    if set(REQUIRED_HEADERS) <= found:
        return first
    return None


def _read_headers(header_row, errors):
    """{header: column index (1-based)}; adds the header errors."""
    columns = {}
    seen = defaultdict(list)
    for index, cell in enumerate(header_row, start=1):
        if _is_blank(cell):
            continue
        name = _normalise_header(cell)
        seen[name].append(index)
        if name not in TEMPLATE_HEADERS:
            errors.add(
                _("en-tête inconnu « %(header)s ». En-têtes attendus : %(expected)s.")
                % {"header": _shown(cell), "expected": ", ".join(TEMPLATE_HEADERS)},
                row=1,
                column=index,
                header=_shown(cell),
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

    def cell(name):
        index = columns.get(name)
        if index is None or index > len(cells):
            return None
        return cells[index - 1]

    def add(name, message):
        errors.add(message, row=row_number, column=columns[name], header=name)

    # code_indicateur
    value = cell("code_indicateur")
    raw.indicator_code = _cell_text(value).upper()
    if not raw.indicator_code:
        add("code_indicateur", _("code d’indicateur manquant."))

    # niveau
    value = cell("niveau")
    level = _normalise_word(_cell_text(value))
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
            % {"value": _shown(value)},
        )

    # code_territoire
    value = cell("code_territoire")
    raw.territory_code = normalise_territory_code(value, raw.kind)
    if _is_blank(value):
        add("code_territoire", _("code de territoire manquant (FR pour la France)."))
    elif not raw.territory_code:
        add(
            "code_territoire",
            _("code de territoire « %(value)s » invalide.") % {"value": _shown(value)},
        )

    # date
    value = cell("date")
    raw.date = parse_date(value)
    if _is_blank(value):
        add("date", _("date manquante."))
    elif raw.date is None:
        add(
            "date",
            _(
                "date « %(value)s » invalide : saisissez une date Excel ou un texte "
                "JJ/MM/AAAA ou AAAA-MM-JJ."
            )
            % {"value": _shown(value)},
        )

    # valeur
    value = cell("valeur")
    number = parse_number(value)
    if _is_blank(value):
        add("valeur", _("valeur manquante."))
    elif number is None:
        add(
            "valeur",
            _("« %(value)s » n’est pas un nombre (exemple : 1234,5).")
            % {"value": _shown(value)},
        )
    elif abs(number) >= VALUE_LIMIT:
        add(
            "valeur",
            _("la valeur « %(value)s » est trop grande.") % {"value": _shown(value)},
        )
    else:
        raw.value = number.quantize(VALUE_QUANTUM, rounding=ROUND_HALF_UP)

    # precision
    if "precision" in columns:
        value = cell("precision")
        approximation = PRECISION_ALIASES.get(_normalise_word(_cell_text(value)))
        if approximation is None:
            add(
                "precision",
                _(
                    "précision « %(value)s » inconnue : laissez vide ou indiquez "
                    "« environ », « près de » ou « plus de »."
                )
                % {"value": _shown(value)},
            )
        else:
            raw.approximation = approximation

    # commentaire
    if "commentaire" in columns:
        raw.comment = _cell_text(cell("commentaire"))
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
    if max_size is None:
        max_size = settings.QUARTIERS_IMPORT_MAX_SIZE
    filename = getattr(file, "name", "") or ""
    if not isinstance(filename, str):
        filename = ""
    try:
        content = _read_bytes(file, max_size)
        workbook = _load_workbook(content)
    except UnreadableFileError as error:
        return _fail(str(error), filename)

    try:
        return _parse_loaded_workbook(workbook, filename)
    except UnreadableFileError as error:
        return _fail(str(error), filename)
    finally:
        workbook.close()


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
    errors = _Errors(sheet_name)
    result = ImportResult(sheet_name=sheet_name, filename=filename)

    worksheet.reset_dimensions()  # some producers write wrong dimensions
    rows = _iter_rows(worksheet)
    header_row = next(rows, ())
    if all(_is_blank(cell) for cell in header_row):
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

    raw_rows = []
    for row_number, cells in enumerate(rows, start=2):
        if all(_is_blank(cell) for cell in cells):
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
        existing = _existing_values(rows)
        for row in rows:
            if found := existing.get(row.key):
                row.existing_id, row.previous_value = found
    return rows


def _existing_values(rows):
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


# --- writing -----------------------------------------------------------------


def apply_import(result, user=None):
    """Write every row of a valid ``ImportResult``, all or nothing.

    Creates the new values and updates the existing ones (same indicator, territory
    and date), then logs one ``quartiers.indicator_import`` entry per indicator in
    Wagtail's audit log. Raises ``ValueError`` if the result has errors: nothing is
    written then. Returns ``ImportCounts(created, updated)``.
    """
    if result.errors:
        raise ValueError("An import with errors cannot be applied.")
    if not result.rows:
        return ImportCounts(0, 0)

    with transaction.atomic():
        # Existing values are read again: the file may have been previewed a while
        # ago. The unique constraint refuses a value created in between.
        existing = _existing_values(result.rows)
        now = timezone.now()
        to_create, to_update = [], []
        per_indicator = defaultdict(Counter)
        for row in result.rows:
            found = existing.get(row.key)
            fields = {
                "value": row.value,
                "approximation": row.approximation,
                "comment": row.comment,
            }
            if found:
                to_update.append(IndicatorValue(pk=found[0], updated_at=now, **fields))
                per_indicator[row.indicator]["updated"] += 1
            else:
                to_create.append(
                    IndicatorValue(
                        indicator=row.indicator,
                        territory=row.territory,
                        date=row.date,
                        **fields,
                    )
                )
                per_indicator[row.indicator]["created"] += 1
        IndicatorValue.objects.bulk_create(to_create, batch_size=500)
        IndicatorValue.objects.bulk_update(
            to_update,
            ["value", "approximation", "comment", "updated_at"],
            batch_size=500,
        )

        dates = defaultdict(list)
        for row in result.rows:
            dates[row.indicator].append(row.date)
        for indicator, counts in per_indicator.items():
            log_action(
                instance=indicator,
                action=IMPORT_LOG_ACTION,
                user=user,
                data={
                    "created": counts["created"],
                    "updated": counts["updated"],
                    "first_date": min(dates[indicator]).isoformat(),
                    "last_date": max(dates[indicator]).isoformat(),
                    "filename": result.filename,
                },
            )
        transaction.on_commit(lambda: refresh_pages_showing(list(per_indicator)))
    return ImportCounts(len(to_create), len(to_update))


def refresh_pages_showing(indicators):
    """After an import: forget cached fragments and purge, from the HTTP cache,
    the measure pages that show these indicators (and the pages listing them)."""
    from wagtail.models import Site

    from .models import MeasurePage

    pages = list(
        MeasurePage.objects.filter(measure_indicators__indicator__in=indicators)
        .live()
        .distinct()
    )
    pages += [site.root_page for site in Site.objects.select_related("root_page")]
    content_changed(pages=pages)


class IndicatorImportLogFormatter(LogFormatter):
    label = gettext_lazy("Import de valeurs (xlsx)")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        try:
            created, updated = int(data["created"]), int(data["updated"])
        except (KeyError, TypeError, ValueError):
            return _("Import de valeurs")
        return _("Import de valeurs : %(created)s, %(updated)s") % {
            "created": ngettext(
                "%(count)d valeur créée", "%(count)d valeurs créées", created
            )
            % {"count": created},
            "updated": ngettext(
                "%(count)d mise à jour", "%(count)d mises à jour", updated
            )
            % {"count": updated},
        }

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("filename", "")


def register_import_log_actions(actions):
    """For the ``register_log_actions`` hook: label the import entries."""
    actions.register_action(IMPORT_LOG_ACTION)(IndicatorImportLogFormatter)


# --- template ----------------------------------------------------------------

HEADER_HELP = [
    (
        "code_indicateur",
        True,
        gettext_lazy(
            "Code de l’indicateur, tel que listé ci-dessous (ex. EMPLOIS-FRANCS)."
        ),
    ),
    ("niveau", True, gettext_lazy("national, region, departement ou qpv.")),
    (
        "code_territoire",
        True,
        gettext_lazy(
            "FR pour le niveau national ; sinon le code INSEE de la région (ex. 11, "
            "76) ou du département (ex. 01, 2A, 93, 971). Saisissez-le de préférence "
            "en texte ; un nombre comme 1 est lu « 01 ». Pour un quartier "
            "prioritaire, son code (ex. QP031001)."
        ),
    ),
    (
        "date",
        True,
        gettext_lazy(
            "Date de la valeur : cellule au format date, ou texte JJ/MM/AAAA ou "
            "AAAA-MM-JJ."
        ),
    ),
    (
        "valeur",
        True,
        gettext_lazy(
            "Nombre, dans l’unité de l’indicateur : 1234,5 ou 1 234,5 (4 décimales "
            "au plus, au-delà la valeur est arrondie)."
        ),
    ),
    (
        "precision",
        False,
        gettext_lazy(
            "Vide pour une valeur exacte, ou « environ », « près de », « plus de »."
        ),
    ),
    ("commentaire", False, gettext_lazy("Texte libre, 500 caractères au plus.")),
]


def _example_rows(indicator=None):
    """One example row per level, with codes that exist when possible (and the
    code of ``indicator`` when the template is pre-set for it)."""
    indicator = indicator or Indicator.objects.order_by("code").first()
    indicator_code = indicator.code if indicator else "CODE-INDICATEUR"

    def pick(kind, preferred, fallback):
        territories = Territory.objects.filter(kind=kind)
        territory = (
            territories.filter(code=preferred).first()
            or territories.order_by("code").first()
        )
        return territory.code if territory else fallback

    year = timezone.localdate().year - 1
    date = datetime.date(year, 12, 31)
    return [
        [
            indicator_code,
            "national",
            pick(Territory.Kind.NATIONAL, "FR", "FR"),
            date,
            12500,
            "environ",
            EXAMPLE_COMMENT,
        ],
        [
            indicator_code,
            "region",
            pick(Territory.Kind.REGION, "11", "11"),
            date,
            1234.5,
            "",
            EXAMPLE_COMMENT,
        ],
        [
            indicator_code,
            "departement",
            pick(Territory.Kind.DEPARTMENT, "93", "93"),
            date,
            321,
            "plus de",
            EXAMPLE_COMMENT,
        ],
    ]


def build_template(indicator=None):
    """The import template: .xlsx bytes with the « valeurs » and « aide » sheets.

    With ``indicator``, the template is pre-set for it: its example rows carry its
    code, and the « aide » sheet names it first.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    example_font = Font(italic=True, color="808080")
    header_fill = PatternFill("solid", fgColor="DDE5F4")

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    sheet.append(TEMPLATE_HEADERS)
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = header_fill
    for row in _example_rows(indicator):
        sheet.append([neutralise(value) for value in row])
        for cell in sheet[sheet.max_row]:
            cell.font = example_font
    # Territory codes as text (« 01 » stays « 01 »), dates shown JJ/MM/AAAA, for
    # the example cells and the rows the user adds.
    sheet.column_dimensions["C"].number_format = "@"
    sheet.column_dimensions["D"].number_format = "DD/MM/YYYY"
    for cell in sheet["C"]:
        cell.number_format = "@"
    for cell in sheet["D"][1:]:
        cell.number_format = "DD/MM/YYYY"
    for letter, width in zip("ABCDEFG", (24, 14, 16, 13, 14, 12, 48), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"

    levels = DataValidation(
        type="list", formula1='"national,region,departement,qpv"', allow_blank=False
    )
    precisions = DataValidation(
        type="list", formula1='"environ,près de,plus de"', allow_blank=True
    )
    levels.error = _("Indiquez national, region, departement ou qpv.")
    precisions.error = _("Laissez vide ou indiquez environ, près de ou plus de.")
    sheet.add_data_validation(levels)
    sheet.add_data_validation(precisions)
    levels.add("B2:B10000")
    precisions.add("F2:F10000")

    help_sheet = workbook.create_sheet(HELP_SHEET_NAME)
    help_sheet.column_dimensions["A"].width = 24
    help_sheet.column_dimensions["B"].width = 60
    help_sheet.column_dimensions["C"].width = 16
    help_sheet.column_dimensions["D"].width = 20

    def title(text):
        help_sheet.append([])
        help_sheet.append([text])
        help_sheet.cell(help_sheet.max_row, 1).font = Font(bold=True, size=13)

    help_sheet.append([_("Import des valeurs d’indicateurs")])
    help_sheet.cell(1, 1).font = Font(bold=True, size=14)
    if indicator is not None:
        help_sheet.append(
            [
                neutralise(
                    _("Modèle pré-rempli pour l’indicateur %(code)s : %(name)s")
                    % {"code": indicator.code, "name": indicator.name}
                )
            ]
        )
    for line in (
        _(
            "Saisissez une valeur par ligne dans la feuille « valeurs », à partir de "
            "la ligne 2, sans modifier la ligne d’en-têtes."
        ),
        _(
            "Les lignes grises sont des exemples : supprimez-les avant l’import "
            "(elles seraient refusées)."
        ),
        _(
            "Une valeur existante (même indicateur, territoire et date) est mise à "
            "jour ; sinon elle est créée. Les lignes vides sont ignorées."
        ),
        _(
            "Le fichier est entièrement vérifié avant tout enregistrement : en cas "
            "d’erreur, rien n’est importé."
        ),
    ):
        help_sheet.append([line])

    title(_("Colonnes"))
    help_sheet.append([_("colonne"), _("description"), _("saisie")])
    for cell in help_sheet[help_sheet.max_row]:
        cell.font = bold
    for header, required, description in HEADER_HELP:
        status = _("obligatoire") if required else _("facultatif")
        help_sheet.append([header, str(description), status])

    title(_("Niveaux de territoire"))
    help_sheet.append([_("niveau"), _("codes de territoire")])
    for cell in help_sheet[help_sheet.max_row]:
        cell.font = bold
    help_sheet.append(["national", _("FR (la France entière)")])
    help_sheet.append(["region", _("code INSEE de la région : 11, 76, 94…")])
    help_sheet.append(["departement", _("code INSEE du département : 01, 2A, 971…")])
    help_sheet.append(["qpv", _("code du quartier prioritaire : QP031001…")])

    title(_("Indicateurs"))
    help_sheet.append([_("code_indicateur"), _("nom"), _("unité"), _("périodicité")])
    for cell in help_sheet[help_sheet.max_row]:
        cell.font = bold
    for listed in Indicator.objects.order_by("code"):
        help_sheet.append(
            [
                neutralise(listed.code),
                neutralise(listed.name),
                neutralise(listed.unit),
                neutralise(str(listed.get_periodicity_display())),
            ]
        )

    title(_("Territoires"))
    help_sheet.append([_("niveau"), _("nom"), _("code_territoire")])
    for cell in help_sheet[help_sheet.max_row]:
        cell.font = bold
    level_order = list(LEVEL_LABELS)
    territories = sorted(
        Territory.objects.all(),
        key=lambda territory: (level_order.index(territory.kind), territory.code),
    )
    for territory in territories:
        help_sheet.append(
            [
                LEVEL_LABELS.get(territory.kind, territory.kind),
                neutralise(territory.name),
                neutralise(territory.code),
            ]
        )
        help_sheet.cell(help_sheet.max_row, 3).number_format = "@"

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()

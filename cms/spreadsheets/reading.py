"""Reading uploaded spreadsheets: every import of the site goes through here.

``opened_workbook`` reads an upload (size capped), checks that it is an .xlsx (not
an .xls, not a zip bomb) and opens it read-only; ``iter_rows`` reads a sheet and
turns a damaged one into ``UnreadableFileError``. Cells are read as people type
them: ``cell_text`` (numbers without « .0 », exports' neutralisation undone),
``parse_number`` (« 1 234,5 »), ``parse_date`` (JJ/MM/AAAA or AAAA-MM-JJ),
``normalise_header`` (« Code indicateur » → ``code_indicateur``). ``SheetErrors``
collects the errors, each naming its sheet, row and column as Excel shows them.
Every message is in French.
"""

import datetime
import io
import re
import unicodedata
import zipfile
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms.text import strip_control_characters

from .writing import FORMULA_PREFIXES, column_letter

MAX_ERRORS = 200
# Uncompressed size of the workbook at most (protects against zip bombs).
MAX_UNCOMPRESSED_SIZE = 200 * 1024 * 1024

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

SPACES_RE = re.compile(r"[\s\u00a0\u202f\u2007\u2009]+")
NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
FRENCH_DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class UnreadableFileError(Exception):
    """The file cannot be read at all (not an xlsx, too big...)."""


# --- the file ----------------------------------------------------------------


def upload_name(file):
    """The name of the uploaded file, "" when it has none."""
    name = getattr(file, "name", "") or ""
    return name if isinstance(name, str) else ""


def read_upload(file, max_size):
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


def open_workbook(content, *, formulas=True):
    """An openpyxl read-only workbook; UnreadableFileError when it is not an xlsx.

    A formula cell reads as its formula (``is_formula``), not as the value Excel
    last computed: an import reports it rather than take a value that may be
    stale or absent (a file written by a program is never computed). With
    ``formulas=False``, its cached value is read instead."""
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
        return load_workbook(
            io.BytesIO(content), read_only=True, data_only=not formulas
        )
    except Exception as error:  # openpyxl raises many kinds of errors
        raise UnreadableFileError(not_xlsx) from error


@contextmanager
def opened_workbook(file, *, max_size=None, formulas=True):
    """The upload ``file`` opened read-only (``read_upload``, ``open_workbook``),
    closed on leaving. ``max_size`` defaults to ``QUARTIERS_IMPORT_MAX_SIZE``."""
    if max_size is None:
        max_size = settings.QUARTIERS_IMPORT_MAX_SIZE
    workbook = open_workbook(read_upload(file, max_size), formulas=formulas)
    try:
        yield workbook
    finally:
        workbook.close()


# --- sheets and headers --------------------------------------------------------


def sheet_named(workbook, name):
    """The sheet called ``name`` (case and surrounding spaces ignored), or None."""
    for worksheet in workbook.worksheets:
        if worksheet.title.strip().lower() == name:
            return worksheet
    return None


def iter_rows(worksheet, **kwargs):
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


def first_row(worksheet):
    """The cells of line 1 (dimensions reset: some producers write wrong ones)."""
    worksheet.reset_dimensions()
    return next(iter_rows(worksheet, min_row=1, max_row=1), ())


def strip_accents(text):
    return "".join(
        char
        for char in unicodedata.normalize("NFKD", text)
        if not unicodedata.combining(char)
    )


def normalise_header(value):
    """« Code indicateur » → ``code_indicateur`` (case, accents, spaces, hyphens)."""
    text = strip_accents(str(value)).strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def header_columns(row):
    """{normalised header: column index (1-based)} of a header row; blank cells
    are left out and a repeated header keeps its first column."""
    return {
        normalise_header(value): index
        for index, value in reversed(list(enumerate(row, start=1)))
        if not is_blank(value)
    }


# --- cells -------------------------------------------------------------------


def normalise_word(value):
    """Lower case, no accents, single spaces: « Près  de » → « pres de »."""
    return SPACES_RE.sub(" ", strip_accents(str(value)).strip().lower())


def unneutralise(text):
    """Undo ``cms.spreadsheets.neutralise`` so that an export re-imports unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def cell_text(value):
    """The cell as stripped text ("" for an empty cell); numbers without ".0";
    control characters removed (``cms.text``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unneutralise(strip_control_characters(str(value)).strip())


def is_formula(value):
    """True for a formula cell, as ``open_workbook`` reads it."""
    if isinstance(value, str):
        return len(value) > 1 and value.startswith("=")
    return type(value).__name__ in ("ArrayFormula", "DataTableFormula")


def formula_message(value):
    """The error of a formula found where a value was expected."""
    return _(
        "la cellule contient une formule (« %(formula)s ») : remplacez-la par sa "
        "valeur (copier, puis collage spécial « valeurs »)."
    ) % {"formula": shown(str(getattr(value, "text", value)))}


def shown(value):
    """A cell value as quoted in a message."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    text = cell_text(value)
    if len(text) > 60:
        text = text[:57] + "…"
    return text


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def is_blank_row(cells):
    return all(is_blank(value) for value in cells)


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


# --- errors ------------------------------------------------------------------


def file_error(message, filename):
    """A refusal of the whole file, naming it (when it has a name)."""
    if not filename:
        return message
    return _("Fichier « %(file)s » : %(message)s") % {
        "file": filename,
        "message": message,
    }


class SheetErrors:
    """Collects the errors of a sheet and renders them sorted (file-level errors
    first, then by row and column) and capped, each naming where it was found."""

    def __init__(self, sheet_name, filename=""):
        self.sheet_name = sheet_name
        self.filename = filename
        # (sheet rank, row, column, order of arrival, message)
        self.items = []

    def add(self, message, row=None, column=None, header=None):
        if row is None:
            text = file_error(message, self.filename)
        elif column is None:
            text = _("Feuille « %(sheet)s », ligne %(row)d : ") % {
                "sheet": self.sheet_name,
                "row": row,
            }
            text += message
        else:
            text = _(
                "Feuille « %(sheet)s », ligne %(row)d, colonne « %(header)s » "
                "(%(letter)s) : "
            ) % {
                "sheet": self.sheet_name,
                "row": row,
                "header": header,
                "letter": column_letter(column),
            }
            text += message
        self.items.append((0, row or 0, column or 0, len(self.items), text))

    def extend(self, other):
        """Add the errors of another sheet, listed after this one's."""
        rank = max((item[0] for item in self.items), default=0) + 1
        self.items += [(rank + item[0], *item[1:]) for item in other.items]

    def __bool__(self):
        return bool(self.items)

    def __len__(self):
        return len(self.items)

    def render(self, limit=MAX_ERRORS):
        messages = [item[-1] for item in sorted(self.items)]
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

"""Import of indicator values from an .xlsx workbook.

``columns``: the file's sheets, headers and words; ``parse``: reading and
validating a file (``parse_workbook``); ``apply``: writing a valid result
(``apply_import``) and its audit log entries; ``template``: the template to fill
(``build_template``). The workbook is opened and read by ``cms.spreadsheets``.
"""

from cms.spreadsheets import MAX_ERRORS, UnreadableFileError, parse_date, parse_number

from .apply import (
    IMPORT_LOG_ACTION,
    ImportCounts,
    IndicatorImportLogFormatter,
    apply_import,
    refresh_pages_showing,
    register_import_log_actions,
)
from .columns import (
    EXAMPLE_COMMENT,
    HELP_SHEET_NAME,
    LEVEL_ALIASES,
    LEVEL_LABELS,
    OPTIONAL_HEADERS,
    PRECISION_ALIASES,
    PRECISION_LABELS,
    REQUIRED_HEADERS,
    SHEET_NAME,
    TEMPLATE_HEADERS,
)
from .parse import (
    MAX_COMMENT_LENGTH,
    MAX_ROWS,
    ImportResult,
    ImportRow,
    normalise_territory_code,
    parse_workbook,
)
from .template import HEADER_HELP, build_template

__all__ = [
    "EXAMPLE_COMMENT",
    "HEADER_HELP",
    "HELP_SHEET_NAME",
    "IMPORT_LOG_ACTION",
    "LEVEL_ALIASES",
    "LEVEL_LABELS",
    "MAX_COMMENT_LENGTH",
    "MAX_ERRORS",
    "MAX_ROWS",
    "OPTIONAL_HEADERS",
    "PRECISION_ALIASES",
    "PRECISION_LABELS",
    "REQUIRED_HEADERS",
    "SHEET_NAME",
    "TEMPLATE_HEADERS",
    "ImportCounts",
    "ImportResult",
    "ImportRow",
    "IndicatorImportLogFormatter",
    "UnreadableFileError",
    "apply_import",
    "build_template",
    "normalise_territory_code",
    "parse_date",
    "parse_number",
    "parse_workbook",
    "refresh_pages_showing",
    "register_import_log_actions",
]

"""Spreadsheet helpers shared by every export: formula neutralisation."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Return ``value`` safe to write in a spreadsheet cell.

    A text that a spreadsheet would read as a formula (it starts with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return) is prefixed with an apostrophe, so
    it is shown as text and never evaluated. Numbers and dates pass unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin:
    """For Wagtail index views with ``list_export``: neutralise every text cell."""

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(super().preprocess_field_value(field, value, export_format))

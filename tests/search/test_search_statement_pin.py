"""search/statement.py reads modelsearch's tables in raw SQL: these tests fail
loudly when the installed modelsearch or its index columns change."""

from importlib.metadata import version

import pytest

from django.db import connection

from search import checks
from search.statement import INDEX_COLUMNS, MODELSEARCH_VERSION


def test_installed_modelsearch_is_the_version_the_sql_was_written_for():
    assert version("modelsearch") == MODELSEARCH_VERSION


@pytest.mark.django_db
def test_index_table_has_the_columns_the_sql_reads():
    from modelsearch.conf import get_app_config

    table = get_app_config().get_model("IndexEntry")._meta.db_table
    with connection.cursor() as cursor:
        described = connection.introspection.get_table_description(cursor, table)
    assert {column.name for column in described} == INDEX_COLUMNS[connection.vendor]


def test_system_check_passes_as_installed():
    assert checks.check_index_statement() == []


def test_system_check_reports_another_version(monkeypatch):
    monkeypatch.setattr(checks, "MODELSEARCH_VERSION", "0.0")
    assert [error.id for error in checks.check_index_statement()] == ["search.E001"]


def test_system_check_reports_changed_columns(monkeypatch):
    monkeypatch.setattr(checks, "index_columns", lambda: {"id", "vector"})
    assert [error.id for error in checks.check_index_statement()] == ["search.E001"]

"""System check ``search.E001``: ``statement`` reads ``modelsearch``'s index tables
in raw SQL, written for one version of ``modelsearch`` and its columns. Another
version, or other columns, must be read again before the site serves searches."""

from importlib.metadata import version

from django.core import checks
from django.db import connection

from .statement import INDEX_COLUMNS, MODELSEARCH_VERSION


def index_columns():
    from modelsearch.conf import get_app_config

    model = get_app_config().get_model("IndexEntry")
    return {field.column for field in model._meta.concrete_fields}


@checks.register(checks.Tags.database, checks.Tags.models)
def check_index_statement(app_configs=None, **kwargs):
    errors = []
    installed = version("modelsearch")
    if installed != MODELSEARCH_VERSION:
        errors.append(
            checks.Error(
                f"modelsearch {installed} est installé ; search/statement.py est "
                f"écrit pour {MODELSEARCH_VERSION}.",
                hint="Relire le SQL de search/statement.py sur les tables de cette "
                "version, puis mettre à jour MODELSEARCH_VERSION et INDEX_COLUMNS.",
                id="search.E001",
            )
        )
    expected = INDEX_COLUMNS.get(connection.vendor)
    if expected is not None and index_columns() != expected:
        errors.append(
            checks.Error(
                "Les colonnes de l’index de recherche ont changé : "
                f"{sorted(index_columns())} au lieu de {sorted(expected)}.",
                hint="Relire le SQL de search/statement.py sur ces colonnes.",
                id="search.E001",
            )
        )
    return errors

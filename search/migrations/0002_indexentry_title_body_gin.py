"""A GIN index on ``title || body`` of the search index, on PostgreSQL.

Wagtail's database backend filters on ``(title || body) @@ query``; the separate GIN
indexes on ``title`` and ``body`` cannot serve that expression, so without this
index every search reads and concatenates every index entry (a sequential scan that
grows with the content). Other engines skip this migration's SQL.
"""

from django.db import migrations

INDEX = "search_indexentry_title_body_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS {INDEX} ON "{table}" USING gin ((title || body))'
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_french_unaccent"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]

"""The editors (national administrators and communication) manage the search's
synonyms; PostgreSQL gets ``pg_trgm`` for the « Vouliez-vous dire » suggestions
(other engines skip that SQL: ``search.spelling`` uses difflib there)."""

from django.db import migrations

GROUPS = ["Administrateurs nationaux", "Communication"]
ACTIONS = ["add", "change", "delete", "view"]


def groups_and_permissions(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="search",
        codename__in=[f"{action}_synonymset" for action in ACTIONS],
    )
    return Group.objects.filter(name__in=GROUPS), list(permissions)


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("search")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    groups, permissions = groups_and_permissions(apps)
    for group in groups:
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    groups, permissions = groups_and_permissions(apps)
    for group in groups:
        group.permissions.remove(*permissions)


def trigram(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_synonymset"),
        ("measures", "0003_territorial_role_permissions"),
    ]
    operations = [
        migrations.RunPython(grant, revoke),
        migrations.RunPython(trigram, migrations.RunPython.noop),
    ]

"""The home app's permissions for the platform's groups (created by
``measures.0003_territorial_role_permissions``): the national administrators
change the site settings.

Until December 2026 this migration created the groups; a database migrated then
already holds them, and this migration, already applied there, does not run again.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {"Administrateurs nationaux": ["change_sitesettings"]}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("home")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="home", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("measures", "0003_territorial_role_permissions"),
        ("auth", "__latest__"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("measures")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Administrateurs nationaux").first()
    if group is None:
        return
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="measures",
            codename__in=[
                f"{action}_territorialrole" for action in ("add", "change", "delete", "view")
            ],
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0002_territorial_roles"),
        ("home", "0002_groups"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

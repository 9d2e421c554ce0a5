from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Administrateurs nationaux": [
        (model, action)
        for model in ("pactecommitment", "qpv")
        for action in ("add", "change", "delete", "view")
    ],
    "Référents départementaux": [("pactecommitment", "view"), ("qpv", "view")],
    "Communication": [("pactecommitment", "view"), ("qpv", "view")],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("measures")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="measures",
                codename__in=[f"{action}_{model}" for model, action in grants],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0005_territorial_pages_contracts_pacte"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

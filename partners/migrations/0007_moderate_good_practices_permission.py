"""Moderating good practices becomes a permission, so that data setup finds the
moderators' group without reading its name: given here to the group created by
``measures.0003_territorial_role_permissions``, found by its name as that
migration created it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {"Modérateurs": ["moderate_good_practices"]}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("partners")
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
                    content_type__app_label="partners", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0003_territorial_role_permissions"),
        ("partners", "0006_partner_space_permission"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="goodpracticemoderationtask",
            options={
                "permissions": [
                    ("moderate_good_practices", "Modérer les bonnes pratiques")
                ],
                "verbose_name": "modération des bonnes pratiques",
                "verbose_name_plural": "modérations des bonnes pratiques",
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]

"""Promoted search results ("Résultats de recherche améliorés") are managed by the
editors: Wagtail 8 checks the permissions of ``SearchPromotion``, not of ``Query``
(which ``measures.0003_territorial_role_permissions`` granted)."""

from django.db import migrations

GROUPS = ["Administrateurs nationaux", "Communication"]
ACTIONS = ["add", "change", "delete", "view"]


def groups_and_permissions(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailsearchpromotions",
        codename__in=[f"{action}_searchpromotion" for action in ACTIONS],
    )
    return Group.objects.filter(name__in=GROUPS), list(permissions)


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("wagtailsearchpromotions")
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


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_groups"),
        ("wagtailsearchpromotions", "__latest__"),
    ]
    operations = [migrations.RunPython(grant, revoke)]

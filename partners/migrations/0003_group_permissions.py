"""Permissions of the PAQTE models for the platform's groups.

Référents départementaux manage companies, conventions, associations, the
departmental organisation and the semester reports (of their own departments: the
admin scopes every view, see ``partners.admin``); they do not publish a report,
they submit it to the « Bilan semestriel PAQTE » workflow. Administrateurs
nationaux have every permission. Partenaires get none: they see only what is
published on the public site.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ("add", "change", "delete", "view")
NATIONAL = {
    "axis": ALL,
    "company": ALL,
    "convention": ALL,
    "association": ALL,
    "departmentorganisation": ALL,
    "semesterreport": ALL + ("publish", "lock", "unlock"),
}
REFERENT = {
    "axis": ("view",),
    "company": ALL,
    "convention": ALL,
    "association": ALL,
    "departmentorganisation": ("add", "change", "view"),
    "semesterreport": ("add", "change", "view", "lock", "unlock"),
}
EXTRA = {"semesterreport": ("publish", "lock", "unlock")}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("partners")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    # Wagtail adds these for snippets after migrating; they are needed now.
    for model, actions in EXTRA.items():
        content_type, _ = ContentType.objects.get_or_create(
            app_label="partners", model=model
        )
        for action in actions:
            Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
    for name, spec in (
        ("Administrateurs nationaux", NATIONAL),
        ("Référents départementaux", REFERENT),
    ):
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="partners",
                codename__in=[
                    f"{action}_{model}"
                    for model, actions in spec.items()
                    for action in actions
                ],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_key_indicator_choices"),
        ("measures", "0003_territorial_role_permissions"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

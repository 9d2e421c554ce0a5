"""The platform's groups and their permissions (names in French, as users see them),
then the territorial roles' permissions for the national administrators.

The groups are created here, in the lowest app that gives them permissions; each
higher app adds the permissions of its own models to them in its own migrations
(found by the names given here). Page permissions are given on the tree's root,
collection permissions on the root collection.

Until December 2026 the groups were created by ``home.0002_groups``: a database
migrated then already holds them, and this migration, already applied there, does
not run again.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADMIN_ACCESS = ("wagtailadmin", "admin", "access_admin")

IMAGES_AND_DOCUMENTS = [
    ("wagtailimages", "image", action) for action in ("add", "change", "choose")
] + [("wagtaildocs", "document", action) for action in ("add", "change", "choose")]

MEASURES_MODELS = [
    "indicator",
    "indicatorvalue",
    "indicatortarget",
    "ministry",
    "territory",
]

GROUPS = {
    "Administrateurs nationaux": {
        "model": [ADMIN_ACCESS]
        + [
            ("measures", model, action)
            for model in MEASURES_MODELS
            for action in ("add", "change", "delete", "view")
        ]
        + [
            ("wagtailcore", "workflow", "add"),
            ("wagtailcore", "workflow", "change"),
            ("wagtailcore", "task", "add"),
            ("wagtailcore", "task", "change"),
            ("auth", "user", "add"),
            ("auth", "user", "change"),
            ("wagtailsearchpromotions", "query", "add"),
            ("wagtailsearchpromotions", "query", "change"),
            ("wagtailsearchpromotions", "query", "delete"),
        ],
        "page": [
            "add_page",
            "change_page",
            "publish_page",
            "bulk_delete_page",
            "lock_page",
            "unlock_page",
        ],
        "collection": IMAGES_AND_DOCUMENTS
        + [("wagtailimages", "image", "delete"), ("wagtaildocs", "document", "delete")],
    },
    "Communication": {
        "model": [
            ADMIN_ACCESS,
            ("measures", "indicator", "view"),
            ("measures", "ministry", "view"),
        ],
        "page": ["add_page", "change_page", "lock_page"],
        "collection": IMAGES_AND_DOCUMENTS,
    },
    "Modérateurs": {
        "model": [ADMIN_ACCESS],
        "page": [],
        "collection": [
            ("wagtailimages", "image", "choose"),
            ("wagtaildocs", "document", "choose"),
        ],
    },
    "Référents départementaux": {
        "model": [
            ADMIN_ACCESS,
            ("measures", "indicator", "view"),
            ("measures", "territory", "view"),
        ],
        "page": [],
        "collection": [],
    },
    "Producteurs d’indicateurs": {
        "model": [
            ADMIN_ACCESS,
            ("measures", "indicator", "view"),
            ("measures", "indicator", "change"),
        ]
        + [
            ("measures", model, action)
            for model in ("indicatorvalue", "indicatortarget")
            for action in ("add", "change", "view")
        ],
        "page": [],
        "collection": [],
    },
    "Partenaires": {"model": [], "page": [], "collection": []},
}


def permission(apps, app_label, model, action):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(
        content_type__app_label=app_label, codename=f"{action}_{model}"
    )


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    # Wagtail's default English groups would stand beside ours: ours replace them.
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    Permission = apps.get_model("auth", "Permission")
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    for name, spec in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, model, action in spec["model"]:
            if app_label == "wagtailadmin":
                group.permissions.add(
                    Permission.objects.get(
                        content_type__app_label="wagtailadmin", codename=action
                    )
                )
            else:
                group.permissions.add(permission(apps, app_label, model, action))
        for codename in spec["page"]:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root_page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        for app_label, model, action in spec["collection"]:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=permission(apps, app_label, model, action),
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


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
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailsearchpromotions", "__latest__"),
        ("auth", "__latest__"),
    ]
    operations = [
        migrations.RunPython(create_groups, remove_groups),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]

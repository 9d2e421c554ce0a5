"""The tree roots that Wagtail creates as "Root" (the page tree and the
collections) are named in French: the admin shows these names (explorer,
breadcrumbs, collection choices)."""

from django.db import migrations

ROOT_NAME = "Racine"


def rename_roots(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title="Root").update(
        title=ROOT_NAME, draft_title=ROOT_NAME
    )
    Collection.objects.filter(depth=1, name="Root").update(name=ROOT_NAME)


def restore_roots(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title=ROOT_NAME).update(
        title="Root", draft_title="Root"
    )
    Collection.objects.filter(depth=1, name=ROOT_NAME).update(name="Root")


class Migration(migrations.Migration):
    dependencies = [("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(rename_roots, restore_roots)]

"""The page explorer: the institutional tree in site order, several pages copied
or moved at once, no English default workflow, every section under a workflow."""

import importlib

import pytest

from django.apps import apps

from wagtail.models import Page, Workflow, WorkflowPage, WorkflowTask
from wagtail.models import Task as WagtailTask

from home.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(client, admin_user):
    client.force_login(admin_user)
    return client


def rows_in_order(html, pages):
    """The pages in the order of their rows (their edit links) in ``html``."""
    links = {page.pk: f'href="/admin/pages/{page.pk}/edit/"' for page in pages}
    found = [page for page in pages if links[page.pk] in html]
    return sorted(found, key=lambda page: html.index(links[page.pk]))


def test_explorer_lists_the_home_pages_children_in_site_order(national, admin_user):
    home = HomePage.objects.get()
    children = list(home.get_children().specific())
    # A fresh revision of the last child: ordered by latest revision, it would
    # come first.
    children[-1].save_revision(user=admin_user)
    html = national.get(f"/admin/pages/{home.pk}/").content.decode()
    shown = rows_in_order(html, children)
    assert len(shown) == len(children)
    assert [page.pk for page in shown] == [page.pk for page in children]


@pytest.fixture
def standards(admin_user):
    home = HomePage.objects.get()
    parent = home.add_child(
        instance=StandardPage(title="Dossier de test", slug="dossier")
    )
    pages = [
        parent.add_child(instance=StandardPage(title=f"Fiche {n}", slug=f"fiche-{n}"))
        for n in (1, 2)
    ]
    for page in pages:
        page.save_revision(user=admin_user).publish()
    destination = home.add_child(
        instance=StandardPage(title="Destination de test", slug="destination")
    )
    return pages, destination


def bulk_url(action, pages, destination_parent):
    ids = "&".join(f"id={page.pk}" for page in pages)
    return (
        f"/admin/bulk/wagtailcore/page/{action}/?{ids}"
        f"&next=/admin/pages/{destination_parent.pk}/"
    )


def test_explorer_offers_copy_among_bulk_actions(national, standards):
    pages, _ = standards
    html = national.get(f"/admin/pages/{pages[0].get_parent().pk}/").content.decode()
    assert "/admin/bulk/wagtailcore/page/copy/" in html


def test_national_administrator_copies_several_pages_as_drafts(national, standards):
    pages, destination = standards
    response = national.post(
        bulk_url("copy", pages, destination), {"chooser": destination.pk}
    )
    assert response.status_code == 302
    copies = Page.objects.child_of(destination)
    assert sorted(copies.values_list("title", flat=True)) == ["Fiche 1", "Fiche 2"]
    assert not copies.filter(live=True).exists()  # never published by a copy
    for page in pages:  # the originals stay
        page.refresh_from_db()
        assert page.live


def test_copying_twice_to_the_same_place_gives_free_slugs(national, standards):
    pages, destination = standards
    for _ in range(2):
        national.post(
            bulk_url("copy", pages[:1], destination), {"chooser": destination.pk}
        )
    slugs = sorted(Page.objects.child_of(destination).values_list("slug", flat=True))
    assert slugs == ["fiche-1", "fiche-1-2"]


def test_national_administrator_copies_pages_with_their_subpages(national, standards):
    pages, destination = standards
    parent = pages[0].get_parent()
    national.post(
        bulk_url("copy", [parent], destination),
        {"chooser": destination.pk, "include_descendants": "on"},
    )
    copy = Page.objects.child_of(destination).get()
    assert copy.get_children().count() == 2


def test_user_without_page_rights_copies_nothing(client, user_factory, standards):
    pages, destination = standards
    moderator = user_factory("moderation", "Modérateurs")
    client.force_login(moderator)
    client.post(bulk_url("copy", pages, destination), {"chooser": destination.pk})
    assert not Page.objects.child_of(destination).exists()


def test_national_administrator_moves_several_pages(national, standards):
    pages, destination = standards
    response = national.post(
        bulk_url("move", pages, destination), {"chooser": destination.pk}
    )
    assert response.status_code == 302
    assert Page.objects.child_of(destination).count() == 2


def test_wagtails_english_default_workflow_is_gone():
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not WagtailTask.objects.filter(name="Moderators approval").exists()


def test_every_page_of_the_site_is_under_one_of_the_projects_workflows():
    home = HomePage.objects.get()
    ours = {"Publication", "Modération des bonnes pratiques"}
    for page in Page.objects.descendant_of(home, inclusive=True).specific():
        workflow = page.get_workflow()
        assert workflow is not None, page
        assert workflow.name in ours, page


def test_data_migration_removes_an_unused_default_workflow():
    migration = importlib.import_module("home.migrations.0005_remove_default_workflow")
    workflow = Workflow.objects.create(name="Moderators approval")
    task = WagtailTask.objects.create(name="Moderators approval")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=Page.objects.get(depth=1))
    migration.remove_default_workflow(apps, None)
    assert not Workflow.objects.filter(pk=workflow.pk).exists()
    assert not WagtailTask.objects.filter(pk=task.pk).exists()
    assert not WorkflowPage.objects.filter(page__depth=1).exists()

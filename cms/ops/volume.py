"""Volume data for the benchmark (``generate_volume_data``): the generators each app
registers, and the bulk creation of live pages they use.

Each app registers its generators with the ``register_volume_data`` hook (a list of
``(label, generate(scale, progress), order)``) and the pages the benchmark and the
resilience run visit with ``register_benchmark_pages`` (a list of ``(label, path)``):
what the data looks like stays in the app that owns it.


``add_child`` + ``save_revision().publish()`` costs about a second a page on a busy
machine: 20,000 good practices would take hours. ``bulk_add_children`` inserts a
batch of pages at once: treebeard paths are computed for the whole batch
(``MP_Node._get_path``), the ``wagtailcore_page`` rows go in with one INSERT, the
page type's own rows with another (Django's ``bulk_create`` refuses multi-table
models), then the batch is added to the search index in one call. Pages are live as
inserted, without revision: fine for measuring, not for editorial content.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from wagtail import hooks
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

VOLUME_DATA_HOOK = "register_volume_data"
BENCHMARK_PAGES_HOOK = "register_benchmark_pages"


def volume_generators():
    """Every app's generators, ``(label, generate, order)``, in their order."""
    return sorted(
        (item for hook in hooks.get_hooks(VOLUME_DATA_HOOK) for item in hook()),
        key=lambda item: item[2],
    )


def benchmark_pages():
    """The home page, then every app's pages to measure: ``(label, path)``."""
    pages = [("accueil", "/")]
    for hook in hooks.get_hooks(BENCHMARK_PAGES_HOOK):
        pages += list(hook())
    return pages


def bulk_add_children(parent, pages, *, published_at=None):
    """Insert ``pages`` (unsaved instances of one page type) under ``parent``.

    Each page needs a title and a slug; tree fields, URL path, locale, translation
    key and publication fields are filled here. Returns the pages, with their ids.
    """
    if not pages:
        return pages
    model = type(pages[0])
    if list(model._meta.parents) != [Page]:
        raise ValueError(f"{model.__name__} must inherit Page directly.")
    parent = Page.objects.get(pk=parent.pk)
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    step = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
    content_type = ContentType.objects.get_for_model(model)
    now = published_at or timezone.now()
    for page in pages:
        page.path = Page._get_path(parent.path, parent.depth + 1, step)
        step += 1
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.translation_key = uuid.uuid4()
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.first_published_at
    Page.objects.bulk_create(pages)
    for page in pages:
        page.page_ptr_id = page.id
    model._base_manager._insert(
        pages, fields=model._meta.local_concrete_fields, raw=True
    )
    # Not get_children(): treebeard answers "no children" while numchild is 0.
    Page.objects.filter(pk=parent.pk).update(
        numchild=Page.objects.filter(
            path__startswith=parent.path, depth=parent.depth + 1
        ).count()
    )
    return pages


def index_pages(model, pages):
    """Add ``pages`` to the search index, read back with their relations."""
    get_search_backend().add_bulk(
        model, model.objects.filter(pk__in=[page.pk for page in pages])
    )

"""Helpers shared by the apps' reference loaders (``load_reference_content``).

Both create only what is missing and count what they create in ``created``
(a ``collections.Counter``), so running a loader twice changes nothing.
"""

from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask


def child_page(parent, model, slug, created, **fields):
    """The child of ``parent`` with ``slug``, created and published if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    created["pages"] += 1
    return page


def approval_workflow(name, task_name, groups, created, task_model=GroupApprovalTask):
    """The one-step workflow ``name`` whose task ``groups`` approve."""
    workflow, was_created = Workflow.objects.get_or_create(name=name)
    if was_created:
        task = task_model.objects.create(name=task_name)
        task.groups.set(groups)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        created["workflows"] += 1
    return workflow


def refresh_reference_text(page, field, current, previous, created):
    """Give ``page.field`` the ``current`` reference text if editors left it unchanged.

    ``current`` and each of ``previous`` are StreamField data as a list of
    ``(block_type, value)`` pairs. The page is updated (a new published revision)
    only while its live text equals, block for block, an earlier reference version
    and it has no draft in progress: an editor's change is never overwritten, and a
    second run finds the current text and changes nothing.
    """
    if page.has_unpublished_changes:
        return False
    stored = [
        (block["type"], block["value"]) for block in getattr(page, field).raw_data
    ]
    if stored == list(current) or stored not in [list(p) for p in previous]:
        return False
    setattr(page, field, current)
    page.save_revision().publish()
    created["textes de référence mis à jour"] += 1
    return True

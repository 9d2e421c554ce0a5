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

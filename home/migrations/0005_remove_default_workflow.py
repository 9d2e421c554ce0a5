"""Wagtail's English default workflow « Moderators approval » (created by
wagtailcore's migration 0048 on the root page) is not one of ours: the project's
workflows (« Publication » on the site, « Modération des bonnes pratiques » on the
practices, « Bilan semestriel PAQTE » on the reports) cover every section.

- Never used (no workflow state): the workflow is deleted, and its task too when
  no other workflow uses it and it has no task state.
- Used but finished: kept for the history, disabled, unassigned and renamed in
  French.
- With states in progress or awaiting changes: unassigned (new submissions go to
  our workflows) and renamed in French, left active so those finish.
"""

from django.db import migrations

DEFAULT_NAME = "Moderators approval"
FRENCH_NAME = "Ancien workflow de Wagtail (validation par les modérateurs)"
OPEN_STATUSES = ("in_progress", "needs_changes")


def remove_default_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")

    for workflow in Workflow.objects.filter(name=DEFAULT_NAME):
        WorkflowPage.objects.filter(workflow=workflow).delete()
        WorkflowContentType.objects.filter(workflow=workflow).delete()
        states = WorkflowState.objects.filter(workflow=workflow)
        if not states.exists():
            task_ids = list(
                WorkflowTask.objects.filter(workflow=workflow).values_list(
                    "task_id", flat=True
                )
            )
            workflow.delete()
            for task in Task.objects.filter(pk__in=task_ids):
                if not (
                    WorkflowTask.objects.filter(task=task).exists()
                    or TaskState.objects.filter(task=task).exists()
                ):
                    task.delete()
            continue
        workflow.name = FRENCH_NAME
        if not states.filter(status__in=OPEN_STATUSES).exists():
            workflow.active = False
        workflow.save(update_fields=["name", "active"])

    # Its task, when it outlives the workflow (history kept): French too.
    Task.objects.filter(name=DEFAULT_NAME).update(name=FRENCH_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_sitesettings_main_menu"),
        ("wagtailcore", "__latest__"),
    ]
    operations = [
        migrations.RunPython(remove_default_workflow, migrations.RunPython.noop)
    ]

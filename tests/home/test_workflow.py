import pytest

from measures.models import MeasurePage

pytestmark = pytest.mark.django_db


def test_communication_submits_and_national_admin_approves(user_factory):
    officer = user_factory("redaction", "Communication")
    approver = user_factory("cget-valideur", "Administrateurs nationaux")
    measure = MeasurePage.objects.get(reference="J1")
    measure.title = "Emplois francs : généralisation"
    revision = measure.save_revision(user=officer)
    workflow = measure.get_workflow()
    workflow_state = workflow.start(measure, officer)
    task_state = workflow_state.current_task_state
    task = task_state.task.specific

    assert task.get_actions(measure, officer) == []
    assert [name for name, *_ in task.get_actions(measure, approver)][:1] == ["reject"]

    task.on_action(task_state, approver, "approve")
    measure.refresh_from_db()
    assert measure.title == "Emplois francs : généralisation"
    assert measure.live_revision_id == revision.pk

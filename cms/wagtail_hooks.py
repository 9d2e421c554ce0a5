from wagtail import hooks
from wagtail.admin.auth import permission_denied


@hooks.register("before_move_page")
def refuse_move_confirmation_without_permission(request, page, destination):
    """Wagtail's "move to" confirmation (GET) does not check permissions; only its
    POST does. Refuse both alike, so a user who may not move a page (a referent of
    another department, say) gets the refusal, not a confirmation page."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)


WORKFLOW_REPORTS = ("workflows", "workflow-tasks")


def sees_whole_workflow_report(user):
    """Wagtail's workflow reports list the workflows of *every* object of the
    snippet models the user may change (not only the objects it may open): they
    are offered only to users who may change every object of those models (a
    department referent, who may change its own department's reports only, would
    find rows it cannot open)."""
    from wagtail.models import WorkflowContentType

    from .permissions import allowed, user_can

    for content_type in WorkflowContentType.objects.select_related("content_type"):
        model = content_type.content_type.model_class()
        if model is None or not user_can(user, "change", model):
            continue
        if allowed(user, "change", model).count() != model._default_manager.count():
            return False
    return True


@hooks.register("construct_reports_menu")
def hide_partial_workflow_reports(request, menu_items):
    if not hasattr(request, "_quartiers_whole_workflow_report"):
        request._quartiers_whole_workflow_report = sees_whole_workflow_report(
            request.user
        )
    if not request._quartiers_whole_workflow_report:
        menu_items[:] = [
            item for item in menu_items if item.name not in WORKFLOW_REPORTS
        ]

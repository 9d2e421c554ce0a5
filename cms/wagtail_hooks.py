from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from cms.bulk_actions import CopyBulkAction
from cms.completeness import CompletenessReportView

from .dashboard import (
    CommentsOnMyPagesPanel,
    MyDraftsPanel,
    ScheduledPagesPanel,
    register_panels,
)
from .views import admin_help_view

register_panels(MyDraftsPanel, ScheduledPagesPanel, CommentsOnMyPagesPanel)


@hooks.register("before_move_page")
def refuse_move_confirmation_without_permission(request, page, destination):
    """Wagtail's "move to" confirmation (GET) does not check permissions; only its
    POST does. Refuse both alike, so a user who may not move a page (a referent of
    another department, say) gets the refusal, not a confirmation page."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)


# Help: our French help page replaces Wagtail's English guides -------------------

WAGTAIL_GUIDE_ITEMS = {"editor-guide"}


@hooks.register("register_admin_urls")
def register_help_url():
    return [path("aide/", admin_help_view().as_view(), name="quartiers_admin_help")]


@hooks.register("register_help_menu_item")
def register_help_page_menu_item():
    return MenuItem(
        _("Guide des rôles (pas à pas)"),
        reverse("quartiers_admin_help"),
        icon_name="help",
        order=900,
        name="quartiers-help",
    )


@hooks.register("construct_help_menu")
def remove_wagtails_english_guides(request, menu_items):
    """Wagtail's "What's new" and editor guide are English pages on its site."""
    menu_items[:] = [
        item
        for item in menu_items
        if item.name not in WAGTAIL_GUIDE_ITEMS
        and not item.name.startswith("whats-new-in-wagtail-")
    ]


# Rapports → À compléter -------------------------------------------------------


@hooks.register("register_admin_urls")
def register_completeness_report_urls():
    return [
        path(
            "rapports/a-completer/",
            CompletenessReportView.as_view(),
            name="completeness_report",
        ),
        path(
            "rapports/a-completer/resultats/",
            CompletenessReportView.as_view(results_only=True),
            name="completeness_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_completeness_report_menu_item():
    return MenuItem(
        _("À compléter"),
        reverse("completeness_report"),
        name="completeness",
        icon_name="warning",
        order=640,
    )


@hooks.register("insert_global_admin_css")
def admin_listings_css():
    """One dense design for every admin listing (cms/static/cms/css/admin.css)."""
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<link rel="stylesheet" href="{}">', static("cms/css/admin.css"))


# « Copier » among the page explorer's bulk actions (cms/bulk_actions.py).
hooks.register("register_bulk_action", CopyBulkAction)


class SelectSeveralPagesButton(PageMenuItem):
    """The explorer lists a page's children in site order (``ord``), where
    Wagtail offers drag-and-drop reordering instead of the bulk actions: this
    entry of the page's « Actions » menu opens the same children by title, with
    the checkboxes of the bulk actions (copy, move, publish...)."""

    label = _("Sélectionner plusieurs pages (copier, déplacer…)")
    icon_name = "tasks"

    def is_shown(self, user):
        return self.page.numchild > 1

    @cached_property
    def url(self):
        return reverse("wagtailadmin_explore", args=[self.page.id]) + "?ordering=title"


@hooks.register("register_page_header_buttons")
def select_several_pages_button(page, user, view_name, next_url=None):
    if view_name == "index":
        yield SelectSeveralPagesButton(page=page, priority=75)


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

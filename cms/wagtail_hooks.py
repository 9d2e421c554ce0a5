from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem

from cms.completeness import CompletenessReportView


@hooks.register("before_move_page")
def refuse_move_confirmation_without_permission(request, page, destination):
    """Wagtail's "move to" confirmation (GET) does not check permissions; only its
    POST does. Refuse both alike, so a user who may not move a page (a referent of
    another department, say) gets the refusal, not a confirmation page."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)


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

from wagtail import hooks
from wagtail.admin.auth import permission_denied

from cms.bulk_actions import CopyBulkAction


@hooks.register("before_move_page")
def refuse_move_confirmation_without_permission(request, page, destination):
    """Wagtail's "move to" confirmation (GET) does not check permissions; only its
    POST does. Refuse both alike, so a user who may not move a page (a referent of
    another department, say) gets the refusal, not a confirmation page."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)


@hooks.register("insert_global_admin_css")
def admin_listings_css():
    """One dense design for every admin listing (cms/static/cms/css/admin.css)."""
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<link rel="stylesheet" href="{}">', static("cms/css/admin.css"))


# « Copier » among the page explorer's bulk actions (cms/bulk_actions.py).
hooks.register("register_bulk_action", CopyBulkAction)

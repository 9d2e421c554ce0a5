from wagtail import hooks
from wagtail.admin.auth import permission_denied

from .dashboard import (
    CommentsOnMyPagesPanel,
    MyDraftsPanel,
    ScheduledPagesPanel,
    register_panels,
)

register_panels(MyDraftsPanel, ScheduledPagesPanel, CommentsOnMyPagesPanel)


@hooks.register("before_move_page")
def refuse_move_confirmation_without_permission(request, page, destination):
    """Wagtail's "move to" confirmation (GET) does not check permissions; only its
    POST does. Refuse both alike, so a user who may not move a page (a referent of
    another department, say) gets the refusal, not a confirmation page."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)

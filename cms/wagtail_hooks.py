from wagtail import hooks
from wagtail.admin.auth import permission_denied


@hooks.register("before_move_page")
def refuse_move_confirmation_without_permission(request, page, destination):
    """Wagtail's "move to" confirmation (GET) does not check permissions; only its
    POST does. Refuse both alike, so a user who may not move a page (a referent of
    another department, say) gets the refusal, not a confirmation page."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)


# Help: our French help page replaces Wagtail's English guides -------------------

from django.urls import path, reverse  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402

from wagtail.admin.menu import MenuItem  # noqa: E402

from .views import admin_help_view  # noqa: E402

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

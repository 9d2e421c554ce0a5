"""wagtail-modeladmin, asking the same permission policies as every other screen.

``PolicyPermissionHelper`` is the permission helper of every ``ModelAdmin`` of the
project: each of its answers comes from the model's registered permission policy
(``cms.permissions``), so a department-scoped model is scoped in its modeladmin
listing, inspect, edit, delete, history and export as in its snippet screens.
``PolicyCheckedHistoryView``: wagtail-modeladmin's history view checks no
permission; this one asks the helper (inspect or edit). ``LenientLookupsMixin``:
a listing given parameters it cannot apply shows itself without them.
"""

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.views import HistoryView

from .permissions import ANY_ACTION, allowed, user_can


class PolicyPermissionHelper(PermissionHelper):
    def user_has_any_permissions(self, user):
        return user_can(user, ANY_ACTION, self.model)

    def user_can_list(self, user):
        return user_can(user, ANY_ACTION, self.model)

    def user_can_create(self, user):
        return user_can(user, "add", self.model)

    def user_can_inspect_obj(self, user, obj):
        return self.inspect_view_enabled and user_can(user, ANY_ACTION, obj)

    def user_can_edit_obj(self, user, obj):
        return user_can(user, "change", obj)

    def user_can_delete_obj(self, user, obj):
        return user_can(user, "delete", obj)

    def scoped(self, user, queryset):
        """``queryset`` narrowed to the objects ``user`` may see."""
        return queryset.filter(
            pk__in=allowed(user, ANY_ACTION, self.model).values("pk")
        )


class PolicyCheckedHistoryView(HistoryView):
    def check_action_permitted(self, user):
        helper = self.permission_helper
        return helper.user_can_inspect_obj(
            user, self.instance
        ) or helper.user_can_edit_obj(user, self.instance)


class LenientLookupsMixin:
    """wagtail-modeladmin reads every unknown query parameter as a lookup
    (``?ordering=x``, ``?date__gte=abc``, a NUL byte) and lets its ``IncorrectLookupParameters``
    escape (a 500): the listing is shown again without its parameters, with a
    message, as Django's own admin does."""

    def dispatch(self, request, *args, **kwargs):
        try:
            if any("\x00" in value for _key, value in request.GET.items()):
                # PostgreSQL refuses a NUL byte in a search or a filter.
                raise IncorrectLookupParameters
            return super().dispatch(request, *args, **kwargs)
        except IncorrectLookupParameters:
            messages.warning(
                request,
                _("Filtre ou tri non reconnu : la liste complète est affichée."),
            )
            return redirect(request.path)

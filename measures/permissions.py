"""Local roles: objects attached to a department are editable by the referents of
that department (``TerritorialRole``) and by national administrators only.

Use ``DepartmentPermissionPolicy`` as the ``permission_policy`` of every viewset of
such a model: Wagtail's generic views (listing, edit, inspect, delete, history,
export) then check it for the listing *and* for each object reached by URL.
"""

from wagtail.permission_policies.base import ModelPermissionPolicy

from .models import Territory

NATIONAL_GROUP = "Administrateurs nationaux"


def is_national(user):
    """Superusers and national administrators see and edit every department."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_quartiers_is_national", None)
    if cached is None:
        cached = user.groups.filter(name=NATIONAL_GROUP).exists()
        user._quartiers_is_national = cached
    return cached


def managed_departments(user):
    """The departments ``user`` acts for: all of them for national administrators."""
    departments = Territory.objects.filter(kind=Territory.Kind.DEPARTMENT)
    if not user.is_authenticated or not user.is_active:
        return departments.none()
    if is_national(user):
        return departments
    return departments.filter(roles__user=user)


class DepartmentPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to the departments the user manages.

    ``department_field`` is the lookup from the model to its department (a
    ``Territory``), e.g. ``"department"`` or ``"contract__department"``.
    """

    def __init__(self, model, auth_model=None, department_field="department"):
        super().__init__(model, auth_model=auth_model)
        self.department_field = department_field

    def _department_id(self, instance):
        value = instance
        for part in self.department_field.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value.pk

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not self.user_has_any_permission(user, actions):
            return False
        if is_national(user):
            return True
        department_id = self._department_id(instance)
        return (
            department_id is not None
            and managed_departments(user).filter(pk=department_id).exists()
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = self.model._default_manager.all()
        if not self.user_has_any_permission(user, actions):
            return queryset.none()
        if is_national(user):
            return queryset
        return queryset.filter(
            **{f"{self.department_field}__in": managed_departments(user)}
        )

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

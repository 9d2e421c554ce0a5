"""Local roles: objects attached to a department are editable by the referents of
that department (``TerritorialRole``) and by national administrators only.

Two mechanisms, one rule:

- **Models** (snippets, modeladmin): use ``DepartmentPermissionPolicy`` as the
  ``permission_policy`` of every viewset of such a model: Wagtail's generic views
  (listing, edit, inspect, delete, history, export) then check it for the listing
  *and* for each object reached by URL.
- **Pages** (department pages, contrats de ville, renovation protocols): Wagtail's
  own page permissions, so that the explorer, the page listings, the admin search,
  the edit/delete/move URLs and the workflow all apply the same rule. Each
  department with at least one referent has a group « Référents départementaux —
  <département> (<code>) » holding *add* and *change* page permissions
  (``GroupPagePermission``) on that department's ``DepartmentPage``, and whose
  members are exactly the users holding a ``TerritorialRole`` for it.
  ``sync_department_group`` keeps it so; it runs when a role is saved or deleted
  (``measures.signals``) and when a department page is created. Referents have no
  *publish* permission: they submit to the « Publication » workflow and national
  administrators (page permissions on the whole tree) approve.

Wagtail answers a refused admin URL with a redirect to the dashboard and a
message. For the pages of the territories (the /territoires/ tree: department
pages, contracts, protocols) the refusal is an explicit **403**:
``install_forbidden_response`` (called from ``MeasuresConfig.ready``) wraps
``wagtail.admin.auth.permission_denied`` so that a refused page view whose
``page_id`` (``parent_page_id``, ``page_to_move_id``) lies in that tree renders
``measures/admin/forbidden.html`` with status 403; every other refusal keeps
Wagtail's behaviour.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.template.response import TemplateResponse

from wagtail.models import GroupPagePermission
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


DEPARTMENT_PAGE_PERMISSIONS = ("add_page", "change_page")
DEPARTMENT_GROUP_PREFIX = "Référents départementaux — "


def department_group_name(department):
    return f"{DEPARTMENT_GROUP_PREFIX}{department.name} ({department.code})"


def sync_department_group(department):
    """Give the referents of ``department`` its page permissions (see above).

    Returns the group, or None when there is nothing to grant (no department page
    yet, or no referent and no group).
    """
    from .models import DepartmentPage

    page = DepartmentPage.objects.filter(department=department).first()
    users = get_user_model().objects.filter(territorial_roles__territory=department)
    name = department_group_name(department)
    group = Group.objects.filter(name=name).first()
    if group is None:
        if page is None or not users.exists():
            return None
        group = Group.objects.create(name=name)
    if page is not None:
        for codename in DEPARTMENT_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
    group.user_set.set(users)
    return group


def is_territorial_admin_page_request(request):
    """True for a Wagtail page admin URL about a page of the /territoires/ tree."""
    from wagtail.models import Page

    from .models import TerritoryIndexPage

    match = getattr(request, "resolver_match", None)
    if match is None or "wagtailadmin_pages" not in match.namespaces:
        return False
    page_id = next(
        (
            match.kwargs[name]
            for name in ("page_id", "parent_page_id", "page_to_move_id")
            if name in match.kwargs
        ),
        None,
    )
    if page_id is None:
        return False
    index_path = (
        TerritoryIndexPage.objects.values_list("path", flat=True).order_by().first()
    )
    page_path = Page.objects.filter(pk=page_id).values_list("path", flat=True).first()
    return bool(index_path and page_path and page_path.startswith(index_path))


def forbidden_response(request):
    return TemplateResponse(request, "measures/admin/forbidden.html", status=403)


def install_forbidden_response():
    """Make refused admin views of territorial pages answer 403 (see above)."""
    from wagtail.admin import auth

    if getattr(auth.permission_denied, "quartiers_wrapped", False):
        return
    original = auth.permission_denied

    def permission_denied(request):
        if request.headers.get(
            "x-requested-with"
        ) != "XMLHttpRequest" and is_territorial_admin_page_request(request):
            return forbidden_response(request)
        return original(request)

    permission_denied.quartiers_wrapped = True
    auth.permission_denied = permission_denied

"""Local roles: objects attached to a department are editable by the referents of
that department (``TerritorialRole``) and by those who act for every department
(the permission ``measures.act_for_every_department``, given to the national
administrators by a data migration).

Two mechanisms, one rule:

- **Models** (snippets, modeladmin): ``DepartmentPermissionPolicy`` is the
  permission policy *registered* for every department-bound model
  (``register_permission_policy``, see ``partners.permissions``): Wagtail's
  generic views (listing, edit, inspect, delete, history, export, choosers, bulk
  actions, action menus) and our own screens ask it through ``cms.permissions``
  (``user_can``, ``allowed``), for the listing *and* for each object.
- **Pages** (department pages, contrats de ville, renovation protocols): Wagtail's
  own page permissions, so that the explorer, the page listings, the admin search,
  the edit/delete/move URLs and the workflow all apply the same rule. Each
  department with at least one referent has a group (created as « Référents
  départementaux — <département> (<code>) ») holding *add* and *change* page
  permissions (``GroupPagePermission``) on that department's ``DepartmentPage``,
  and whose members are exactly the users holding a ``TerritorialRole`` for it.
  The group is found by those page permissions, never by its name (renaming it
  changes nothing). ``sync_department_group`` keeps it so; it runs when a role is
  saved or deleted (``measures.signals``) and when a department page is created.
  Referents have no *publish* permission: they submit to the « Publication »
  workflow and national administrators (page permissions on the whole tree)
  approve.

Wagtail answers a refused admin URL with a redirect to the dashboard and a
message. For the pages of the territories (the /territoires/ tree) a user who
holds no permission at all on the page (another department's page) gets an
explicit **403** instead: ``measures.middleware.TerritorialPagesForbiddenMiddleware``
asks the page permission policy before the view runs (a Django middleware, no
change to Wagtail's functions). A user who may edit the page but not do the
action asked (delete a live page, say) keeps Wagtail's refusal.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.template.response import TemplateResponse

from wagtail.models import GroupPagePermission
from wagtail.permission_policies.base import ModelPermissionPolicy

from .models import Territory

ACT_NATIONALLY = "measures.act_for_every_department"


def can_act_nationally(user):
    """True for users who act for every department (national administrators:
    the permission ``measures.act_for_every_department``; superusers)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm(ACT_NATIONALLY)
    )


# The name the rest of the code knew it by.
is_national = can_act_nationally


def managed_departments(user):
    """The departments ``user`` acts for: all of them for national administrators."""
    departments = Territory.objects.filter(kind=Territory.Kind.DEPARTMENT)
    if not user.is_authenticated or not user.is_active:
        return departments.none()
    if can_act_nationally(user):
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
        if can_act_nationally(user):
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
        if can_act_nationally(user):
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
    yet, or no referent and no group yet).
    """
    from .models import DepartmentPage

    page = DepartmentPage.objects.filter(department=department).first()
    if page is None:
        return None
    users = get_user_model().objects.filter(territorial_roles__territory=department)
    group = department_group(page)
    if group is None:
        if not users.exists():
            return None
        group = Group.objects.create(name=department_group_name(department))
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


def department_group(page):
    """The group of a department's referents: the one holding the *change* page
    permission on exactly that department page (whatever its name)."""
    return (
        Group.objects.filter(
            page_permissions__page=page,
            page_permissions__permission__codename="change_page",
        )
        .order_by("pk")
        .first()
    )


PAGE_ID_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "pk")


def territorial_admin_page_id(request):
    """The page id of a Wagtail page admin URL about a page of the /territoires/
    tree (department pages, contracts, protocols); None for any other URL."""
    from wagtail.models import Page

    from .models import TerritoryIndexPage

    match = getattr(request, "resolver_match", None)
    if match is None or "wagtailadmin_pages" not in match.namespaces:
        return None
    page_id = next(
        (match.kwargs[name] for name in PAGE_ID_KWARGS if name in match.kwargs),
        None,
    )
    if page_id is None:
        return None
    index_path = (
        TerritoryIndexPage.objects.values_list("path", flat=True).order_by().first()
    )
    page_path = Page.objects.filter(pk=page_id).values_list("path", flat=True).first()
    if index_path and page_path and page_path.startswith(index_path):
        return int(page_id)
    return None


def forbidden_response(request):
    return TemplateResponse(request, "measures/admin/forbidden.html", status=403)

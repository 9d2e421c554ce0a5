"""Who may do what in the PAQTE and good-practice screens, decided by permissions
(never by a group's name), in one place.

- ``register_policies()`` (called from ``PartnersConfig.ready``): one registered
  permission policy per department-bound model (``DepartmentPermissionPolicy``),
  asked by every admin screen through ``cms.permissions``.
- ``can_moderate_good_practices(user)``: a member of a group of the good-practice
  moderation task (the workflow's own definition of who moderates).
- ``can_oversee_good_practices(user)``: who may publish the good-practice section
  (national administrators); they follow the moderation queue without acting on
  its tasks.
- ``can_view_moderation_queue(user)``: moderators and overseers.
- ``is_partner(user)``: a confirmed partner account holding the permission
  ``partners.use_partner_space``.
"""

from django.apps import apps

from wagtail.permissions import register_permission_policy

from measures.permissions import DepartmentPermissionPolicy

# model name -> lookup from the model to its department.
DEPARTMENT_BOUND = {
    "Association": "department",
    "Company": "department",
    "Convention": "company__department",
    "DepartmentOrganisation": "department",
    "SemesterReport": "department",
}

PARTNER_SPACE = "partners.use_partner_space"


def register_policies():
    for name, department_field in DEPARTMENT_BOUND.items():
        model = apps.get_model("partners", name)
        register_permission_policy(
            model,
            DepartmentPermissionPolicy(model, department_field=department_field),
            exact_class=True,
        )


def can_moderate_good_practices(user):
    """True for superusers and the members of a group that moderates good
    practices (a group of an active ``GoodPracticeModerationTask``)."""
    from .models import GoodPracticeModerationTask

    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_quartiers_moderates", None)
    if cached is None:
        cached = GoodPracticeModerationTask.objects.filter(
            active=True, groups__user=user
        ).exists()
        user._quartiers_moderates = cached
    return cached


def can_oversee_good_practices(user):
    """Who may publish in the good-practice section (page permissions)."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    from .models import GoodPracticeIndexPage

    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if not PagePermissionPolicy().user_has_permission(user, "publish"):
        return False
    index = GoodPracticeIndexPage.objects.only("path", "depth").first()
    return index is not None and index.permissions_for_user(user).can_publish()


def can_view_moderation_queue(user):
    """The queue: acted on by moderators, followed by overseers."""
    return can_moderate_good_practices(user) or can_oversee_good_practices(user)


def is_partner(user):
    """A signed-in, confirmed partner."""
    return (
        user.is_authenticated
        and user.is_active
        and hasattr(user, "partner_profile")
        and user.partner_profile.confirmed_at is not None
        and user.has_perm(PARTNER_SPACE)
    )

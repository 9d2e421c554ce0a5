"""One access model: who may see or change which objects is decided by the model's
permission policy, registered with Wagtail (``register_permission_policy``).

Every screen asks the same question through this small API (listings, inspect,
edit, delete, history, exports, choosers, bulk actions, menus, dashboard panels,
custom views), so a rule lives in one policy and nowhere else. Decisions use
permissions, never a group's name.

- ``policy_for(model)``: the registered policy of a model (class or instance);
  Wagtail's own default (model permissions) when the model registered none.
- ``user_can(user, action, target)``: may ``user`` do ``action`` (``"add"``,
  ``"change"``, ``"delete"``, ``"view"``, a custom action, or several: any of them)
  on ``target``: an instance (its object-level answer, e.g. its department) or a
  model class (may the user do it on at least some objects of that model).
- ``allowed(user, action, model)``: the queryset of the objects the user may do
  ``action`` (or any of several actions) on.
- ``groups_with_permission("app.codename")``: the groups holding a permission
  (data setup: workflows' approvers, new partner accounts).

``ANY_ACTION`` is what "may see the object" means on our admin screens: any of
add, change, delete, view. Which departments a user acts for, and who acts
nationally, are decided by the app that owns the territories, in its own
``permissions`` module (``managed_departments``, ``can_act_nationally``).
"""

from django.db.models import Model

from wagtail.permissions import policy_registry

ANY_ACTION = ("add", "change", "delete", "view")


def _model_of(target):
    return target if isinstance(target, type) else type(target)


def _actions(action):
    return [action] if isinstance(action, str) else list(action)


def policy_for(model_or_instance):
    """The permission policy registered for a model (class or instance)."""
    return policy_registry.get_by_type(_model_of(model_or_instance))


def user_can(user, action, target):
    """True if ``user`` may do ``action`` (a string, or several: any of them) on
    ``target``, an instance or a model class."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    policy = policy_for(target)
    actions = _actions(action)
    if isinstance(target, Model):
        return policy.user_has_any_permission_for_instance(user, actions, target)
    return policy.user_has_any_permission(user, actions)


def groups_with_permission(permission):
    """The groups holding ``permission`` (``"app_label.codename"``): how data
    setup finds a role's groups without reading their names."""
    from django.contrib.auth.models import Group

    app_label, codename = permission.split(".", 1)
    return Group.objects.filter(
        permissions__content_type__app_label=app_label,
        permissions__codename=codename,
    ).distinct()


def allowed(user, action, model):
    """The objects of ``model`` ``user`` may do ``action`` (or any of several) on."""
    policy = policy_for(model)
    return policy.instances_user_has_any_permission_for(user, _actions(action))

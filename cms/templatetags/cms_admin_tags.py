"""Admin template tags: bulk actions offered only to those who may do them."""

from django import template
from django.apps import apps

from wagtail.admin.templatetags.wagtailadmin_tags import bulk_action_choices
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import Page

from cms.permissions import user_can

register = template.Library()

# Which permission policy action(s) a bulk action needs (any of them).
BULK_ACTION_PERMISSIONS = {
    "delete": ["delete"],
    "publish": ["publish"],
    "unpublish": ["publish"],
    "move": ["change"],
    "add_tags": ["change"],
    "add_to_collection": ["change"],
    "assign_role": ["change"],
    "set_active_state": ["change"],
}
# Pages: deleting or moving needs edit rights (drafts) or publish rights.
PAGE_BULK_ACTION_PERMISSIONS = {
    "delete": ["change", "publish", "bulk_delete"],
    "move": ["change", "publish"],
}


def offered_bulk_actions(user, app_label, model_name):
    """The action types of the bulk actions ``user`` may do on some objects of
    the model, as its registered permission policy says."""
    model = apps.get_model(app_label, model_name)
    offered = []
    for action in bulk_action_registry.get_bulk_actions_for_model(
        app_label, model_name
    ):
        needed = None
        if issubclass(model, Page):
            needed = PAGE_BULK_ACTION_PERMISSIONS.get(action.action_type)
        needed = needed or BULK_ACTION_PERMISSIONS.get(action.action_type)
        if needed is None or user_can(user, needed, model):
            offered.append(action.action_type)
    return offered


@register.simple_tag(takes_context=True)
def offered_bulk_action_types(context, app_label, model_name):
    return offered_bulk_actions(context["request"].user, app_label, model_name)


@register.inclusion_tag("wagtailadmin/shared/buttons.html", takes_context=True)
def allowed_bulk_action_choices(context, app_label, model_name):
    """Wagtail's ``bulk_action_choices``, without the actions the user may not do."""
    offered = offered_bulk_actions(context["request"].user, app_label, model_name)
    buttons = bulk_action_choices(context, app_label, model_name)["buttons"]
    # Wagtail's buttons carry the action's URL (…/<action_type>/); the "More"
    # dropdown holds the rest.
    return {"buttons": [b for b in _filter(buttons, offered) if b is not None]}


def _filter(buttons, offered):
    for button in buttons:
        nested = getattr(button, "dropdown_buttons", None)
        if nested is not None:
            kept = [b for b in _filter(nested, offered) if b is not None]
            if kept:
                button.dropdown_buttons = kept
                yield button
            continue
        action_type = button.url.rstrip("/").rsplit("/", 1)[-1]
        yield button if action_type in offered else None

"""Admin template tags: bulk actions offered only to those who may do them."""

from django import template
from django.apps import apps

from wagtail.admin.templatetags.wagtailadmin_tags import bulk_action_choices
from wagtail.admin.views.bulk_action.registry import bulk_action_registry

register = template.Library()


def offered_bulk_actions(request, app_label, model_name, objects):
    """The action types of the bulk actions the user may do on at least one of
    the listed ``objects``. Each bulk action's own ``check_perm`` decides: it asks
    the model's permission policy (snippets, images, documents) or the page
    permission tester, as the action itself will when it runs."""
    model = apps.get_model(app_label, model_name)
    rows = list(objects or [])
    offered = []
    for action_class in bulk_action_registry.get_bulk_actions_for_model(
        app_label, model_name
    ):
        action = action_class(request, model)
        if any(action.check_perm(row) for row in rows):
            offered.append(action_class.action_type)
    return offered


@register.inclusion_tag("wagtailadmin/shared/buttons.html", takes_context=True)
def allowed_bulk_action_choices(context, app_label, model_name, objects=None):
    """Wagtail's ``bulk_action_choices``, without the actions the user may do on
    none of the listed objects."""
    if objects is None:
        # Unpaginated listings (the page explorer in site order) have no page_obj:
        # the listed rows are the view's object list.
        objects = context.get("object_list")
    buttons = bulk_action_choices(context, app_label, model_name)["buttons"]
    if objects is None:
        return {"buttons": buttons}
    offered = offered_bulk_actions(context["request"], app_label, model_name, objects)
    return {"buttons": list(_kept(buttons, offered))}


def _kept(buttons, offered):
    # Wagtail's buttons carry the action's URL (…/<action_type>/); the "More"
    # dropdown holds the rest.
    for button in buttons:
        nested = getattr(button, "dropdown_buttons", None)
        if nested is not None:
            button.dropdown_buttons = list(_kept(nested, offered))
            if button.dropdown_buttons:
                yield button
            continue
        if button.url.rstrip("/").rsplit("/", 1)[-1] in offered:
            yield button

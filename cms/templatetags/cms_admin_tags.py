"""Admin template tags: bulk actions offered only to those who may do them, and
row checkboxes only where one is offered (every listing: pages, snippets,
usage and search results, through Wagtail's checkbox cell templates)."""

from django import template
from django.apps import apps

from wagtail.admin.templatetags.wagtailadmin_tags import bulk_action_choices
from wagtail.admin.views.bulk_action.registry import bulk_action_registry

register = template.Library()


def offered_bulk_actions(request, app_label, model_name, objects):
    """The action types of the bulk actions the user may do on at least one of
    the listed ``objects``. Each bulk action's own ``check_perm`` decides: it asks
    the model's permission policy (snippets, images, documents) or the page
    permission tester, as the action itself will when it runs.

    Kept on the request: a listing's footer and each of its checkbox cells ask
    for the same rows."""
    rows = list(objects or [])
    key = (app_label, model_name, tuple(row.pk for row in rows))
    memo = request.__dict__.setdefault("_quartiers_offered_bulk_actions", {})
    if key not in memo:
        model = apps.get_model(app_label, model_name)
        offered = []
        for action_class in bulk_action_registry.get_bulk_actions_for_model(
            app_label, model_name
        ):
            action = action_class(request, model)
            if any(action.check_perm(row) for row in rows):
                offered.append(action_class.action_type)
        memo[key] = offered
    return memo[key]


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


def listed_model(rows):
    """(app_label, model_name) under which the bulk actions of ``rows`` are
    registered: pages share Wagtail's page bulk actions."""
    from wagtail.models import Page

    row = rows[0]
    if isinstance(row, Page):
        return "wagtailcore", "page"
    return row._meta.app_label, row._meta.model_name


@register.simple_tag(takes_context=True)
def table_offers_bulk_actions(context):
    """Whether the user may do at least one bulk action on a listed row, from the
    listing's table (or, in templates without one, its object list). Without rows
    to judge by, Wagtail's behaviour is kept."""
    table = context.get("table")
    rows = getattr(table, "data", None)
    if rows is None:
        rows = context.get("page_obj") or context.get("object_list")
    if rows is None:
        return True
    rows = list(rows)
    return bool(rows) and bool(
        offered_bulk_actions(context["request"], *listed_model(rows), rows)
    )

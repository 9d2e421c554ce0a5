"""Shared pieces of the admin listings (one design for snippets, viewsets and
wagtail-modeladmin): a searchable select filter for modeladmin and a figure
with its unit.

- ``SelectListFilter``: a modeladmin (Django admin) list filter rendered as one
  labelled ``<select>`` with a « Filtrer » button, instead of one button per
  choice (the list of the 101 departments or 120 territories). A native select
  is keyboard-searchable (type the first letters) and needs no script; values
  that are not a plain id are ignored (no 500 on a bad query string).
- ``with_unit``: « 3 Md€ », « près de 700 copropriétés », written the French way.
- ``OneLineColumn`` and ``TruncatedColumn``: every row of a listing keeps to one
  line (so that a 1440x900 screen shows at least 20 rows); a long text is cut
  with an ellipsis, whole in the cell's tooltip, the inspect view and exports.
"""

from django.contrib.admin import SimpleListFilter
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, TitleColumn

from cms.filters import MAX_ID_DIGITS


def with_unit(value, unit="", prefix=""):
    """``value`` written the French way, with its ``unit`` and approximation."""
    from cms.templatetags.cms_tags import figure

    if value is None or value == "":
        return "—"
    return " ".join(str(part) for part in (prefix, figure(value), unit) if part)


class SelectListFilter(SimpleListFilter):
    """A modeladmin filter on a foreign key, shown as a select (see module doc).

    Subclasses set ``title``, ``parameter_name``, ``lookup`` (the queryset lookup,
    e.g. ``"parent"``) and ``choices_queryset(request)``.
    """

    template = "cms/admin/select_filter.html"
    lookup = None

    def choices_queryset(self, request, model_admin):
        raise NotImplementedError

    def lookups(self, request, model_admin):
        return [
            (str(obj.pk), str(obj))
            for obj in self.choices_queryset(request, model_admin)
        ]

    def clean_value(self):
        value = (self.value() or "").strip()
        if value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS:
            return value
        return None

    def queryset(self, request, queryset):
        value = self.clean_value()
        if value is None:
            return queryset
        return queryset.filter(**{self.lookup: value})

    def choices(self, changelist):
        # The other parameters of the listing (search, other filters, order), kept
        # as hidden fields of the filter's form.
        params = getattr(changelist, "params", {}) or {}
        self.hidden_params = [
            (name, value)
            for name, value in params.items()
            if name not in (self.parameter_name, "p")
        ]
        self.selected_value = self.clean_value() or ""
        self.field_id = f"filtre-{self.parameter_name}"
        self.all_label = _("Tous")
        self.options = [
            (value, label, value == self.selected_value)
            for value, label in self.lookup_choices
        ]
        yield from super().choices(changelist)


def object_admin_url(user, instance):
    """The snippet's edit URL for those who may change it, its inspect URL for
    those who may only read it, else None (no link to a refusal)."""
    from django.urls import reverse

    viewset = getattr(type(instance), "snippet_viewset", None)
    if viewset is None:
        return None
    policy = viewset.permission_policy
    if policy.user_has_permission_for_instance(user, "change", instance):
        return reverse(viewset.get_url_name("edit"), args=[instance.pk])
    if viewset.inspect_view_enabled and policy.user_has_any_permission_for_instance(
        user, ["view", "add", "delete"], instance
    ):
        return reverse(viewset.get_url_name("inspect"), args=[instance.pk])
    return None


class ObjectLinkColumn(TitleColumn):
    """The row's title cell, linking to the object (see ``object_admin_url``)."""

    def get_link_url(self, instance, parent_context):
        return object_admin_url(parent_context["request"].user, instance)


class OneLineColumn(Column):
    """A short value (a date, a figure, a label) that never wraps."""

    def __init__(self, name, **kwargs):
        kwargs["classname"] = " ".join(
            part for part in (kwargs.get("classname"), "quartiers-nowrap") if part
        )
        super().__init__(name, **kwargs)


class TruncatedColumn(Column):
    """A long text (a name, a commitment's wording) kept to one line."""

    cell_template_name = "cms/admin/tables/truncated_cell.html"

    def __init__(self, name, **kwargs):
        kwargs["classname"] = " ".join(
            part for part in (kwargs.get("classname"), "quartiers-truncate") if part
        )
        super().__init__(name, **kwargs)

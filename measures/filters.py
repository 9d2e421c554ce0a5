import django_filters

from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet

from .models import QPV, MeasurePage, MeasureStatus, Ministry, Territory


class MeasureFilter(django_filters.FilterSet):
    """Filters of the roadmap listing: programme, status, lead ministry."""

    programme = django_filters.ChoiceFilter(
        label=_("Programme"),
        method="filter_programme",
        empty_label=_("Tous les programmes"),
    )
    status = django_filters.ChoiceFilter(
        label=_("État d’avancement"),
        choices=MeasureStatus.choices,
        empty_label=_("Tous les états"),
    )
    ministry = django_filters.ModelChoiceFilter(
        label=_("Chef de file"),
        field_name="lead_ministries",
        queryset=Ministry.objects.filter(measures__isnull=False).distinct(),
        empty_label=_("Tous les chefs de file"),
    )

    class Meta:
        model = MeasurePage
        fields = ["programme", "status", "ministry"]

    def __init__(self, *args, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.programmes = {programme.slug: programme for programme in programmes}
        self.filters["programme"].extra["choices"] = [
            (programme.slug, programme.title) for programme in programmes
        ]
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "fr-select"

    def filter_programme(self, queryset, name, value):
        programme = self.programmes.get(value)
        if programme is None:
            return queryset.none()
        return queryset.filter(path__startswith=programme.path)


def _departments_with_qpv():
    from .models import Territory

    return Territory.objects.filter(
        kind=Territory.Kind.DEPARTMENT, children__kind=Territory.Kind.QPV
    ).distinct()


class QPVFilterSet(WagtailFilterSet):
    """Filters of the QPV admin listing: the department, as one select (typing a
    department's first letters or its code reaches it), not a list of buttons."""

    department = django_filters.ModelChoiceFilter(
        label=_("Département"),
        field_name="territory__parent",
        queryset=_departments_with_qpv(),
        empty_label=_("Tous les départements"),
    )

    class Meta:
        model = QPV
        fields = ["department"]


class ManagedDepartmentFilterSet(WagtailFilterSet):
    """Base of the admin filters of department-bound objects: the department, as
    one select of the departments the user manages (all of them nationally)."""

    department = django_filters.ModelChoiceFilter(
        label=_("Département"),
        field_name="department",
        queryset=Territory.objects.none(),
        empty_label=_("Tous les départements"),
    )

    def __init__(self, *args, **kwargs):
        from .permissions import managed_departments

        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        departments = (
            managed_departments(user).order_by("code")
            if user is not None
            else Territory.objects.none()
        )
        self.filters["department"].queryset = departments
        self.form.fields["department"].queryset = departments

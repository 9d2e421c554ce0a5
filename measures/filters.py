import django_filters

from django.utils.translation import gettext_lazy as _

from cms.filters import IdChoiceFilter

from .models import MeasurePage, MeasureStatus, Ministry


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
    ministry = IdChoiceFilter(
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

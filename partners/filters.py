import django_filters

from django.utils.translation import gettext_lazy as _

from cms.filters import IdChoiceFilter
from measures.models import Territory

from .models import Axis, ClubPage, Company, CompanySize, OrganisationType


class DirectoryKind:
    COMPANY = "entreprise"
    CLUB = "club"
    ASSOCIATION = "association"

    choices = [
        (COMPANY, _("Entreprises signataires")),
        (CLUB, _("Clubs d’entreprises")),
        (ASSOCIATION, _("Associations")),
    ]
    labels = {
        COMPANY: _("Entreprise signataire"),
        CLUB: _("Club d’entreprises"),
        ASSOCIATION: _("Association"),
    }


def keep(queryset, name, value):
    """The directory applies the filters itself (see ``partners.directory``)."""
    return queryset


class DirectoryFilter(django_filters.FilterSet):
    """Filters of the public directory of the network (/reseau/)."""

    kind = django_filters.ChoiceFilter(
        label=_("Type"),
        choices=DirectoryKind.choices,
        empty_label=_("Tous les membres"),
        method=keep,
    )
    department = IdChoiceFilter(
        label=_("Département"),
        queryset=Territory.objects.filter(kind=Territory.Kind.DEPARTMENT).order_by(
            "code"
        ),
        empty_label=_("Tous les départements"),
        method=keep,
    )
    axis = IdChoiceFilter(
        label=_("Axe du PAQTE"),
        queryset=Axis.objects.order_by("number"),
        empty_label=_("Tous les axes"),
        method=keep,
    )
    size = django_filters.ChoiceFilter(
        label=_("Taille d’entreprise"),
        choices=CompanySize.choices,
        empty_label=_("Toutes les tailles"),
        method=keep,
    )
    club = IdChoiceFilter(
        label=_("Club d’entreprises"),
        queryset=ClubPage.objects.live().public().order_by("title"),
        empty_label=_("Tous les clubs"),
        method=keep,
    )
    q = django_filters.CharFilter(label=_("Nom"), method=keep)

    class Meta:
        model = Company
        fields = ["kind", "department", "axis", "size", "club", "q"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            field.widget.attrs["class"] = "fr-input" if name == "q" else "fr-select"

    @property
    def values(self):
        """The valid filter values (an invalid one is ignored, its error shown)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "")
        }


class GoodPracticeFilter(django_filters.FilterSet):
    """The filters of /bonnes-pratiques/."""

    department = IdChoiceFilter(
        label=_("Département"),
        queryset=Territory.objects.filter(kind=Territory.Kind.DEPARTMENT).order_by(
            "code"
        ),
        empty_label=_("Tous les départements"),
    )
    axis = IdChoiceFilter(
        label=_("Axe du PAQTE"),
        field_name="axes",
        queryset=Axis.objects.order_by("number"),
        empty_label=_("Tous les axes"),
    )
    programme = IdChoiceFilter(
        label=_("Programme"),
        field_name="programmes",
        queryset=None,
        empty_label=_("Tous les programmes"),
    )
    organisation_type = django_filters.ChoiceFilter(
        label=_("Type d’organisation"),
        choices=OrganisationType.choices,
        empty_label=_("Tous les types"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from measures.models import ProgrammePage

        self.filters["programme"].queryset = ProgrammePage.objects.live().order_by(
            "path"
        )

import django_filters

from django.utils.translation import gettext_lazy as _

from measures.models import Territory

from .models import (
    Association,
    Axis,
    ClubPage,
    Company,
    CompanySize,
    Convention,
    OrganisationType,
)


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


class DirectoryFilter(django_filters.FilterSet):
    """Filters of the public directory of the network (/reseau/).

    The directory is one list over three models (``partners.directory``): each
    filter knows how it applies to each of them, and ``filter_queryset`` is called
    once per part. A filter that cannot apply to a part (a size for a club) leaves
    it empty (``none()``), and the directory drops the empty parts.
    """

    kind = django_filters.ChoiceFilter(
        label=_("Type"),
        choices=DirectoryKind.choices,
        empty_label=_("Tous les membres"),
        method="filter_kind",
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Département"),
        queryset=Territory.objects.filter(kind=Territory.Kind.DEPARTMENT).order_by(
            "code"
        ),
        empty_label=_("Tous les départements"),
        method="filter_department",
    )
    axis = django_filters.ModelChoiceFilter(
        label=_("Axe du PAQTE"),
        queryset=Axis.objects.order_by("number"),
        empty_label=_("Tous les axes"),
        method="filter_axis",
    )
    size = django_filters.ChoiceFilter(
        label=_("Taille d’entreprise"),
        choices=CompanySize.choices,
        empty_label=_("Toutes les tailles"),
        method="filter_size",
    )
    club = django_filters.ModelChoiceFilter(
        label=_("Club d’entreprises"),
        queryset=ClubPage.objects.live().public().order_by("title"),
        empty_label=_("Tous les clubs"),
        method="filter_club",
    )
    q = django_filters.CharFilter(label=_("Nom"), method="filter_name")

    class Meta:
        model = Company
        fields = ["kind", "department", "axis", "size", "club", "q"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            field.widget.attrs["class"] = "fr-input" if name == "q" else "fr-select"

    def filter_queryset(self, queryset):
        """Filter one part; an invalid value is ignored (its error is shown)."""
        if not self.is_bound:
            return queryset
        self.form.is_valid()
        return super().filter_queryset(queryset)

    @staticmethod
    def filter_kind(queryset, name, value):
        kinds = {
            Company: DirectoryKind.COMPANY,
            ClubPage: DirectoryKind.CLUB,
            Association: DirectoryKind.ASSOCIATION,
        }
        return queryset if kinds[queryset.model] == value else queryset.none()

    @staticmethod
    def filter_department(queryset, name, value):
        if queryset.model is ClubPage:
            return queryset.filter(departments=value)
        return queryset.filter(department=value)

    @staticmethod
    def filter_axis(queryset, name, value):
        if queryset.model is not Company:
            return queryset.none()
        return queryset.filter(
            pk__in=Convention.objects.public().filter(axes=value).values("company_id")
        )

    @staticmethod
    def filter_size(queryset, name, value):
        if queryset.model is not Company:
            return queryset.none()
        return queryset.filter(size=value)

    @staticmethod
    def filter_club(queryset, name, value):
        if queryset.model is Company:
            return queryset.filter(clubs=value)
        if queryset.model is ClubPage:
            return queryset.filter(pk=value.pk)
        return queryset.none()

    @staticmethod
    def filter_name(queryset, name, value):
        if queryset.model is ClubPage:
            return queryset.filter(title__icontains=value)
        return queryset.filter(name__icontains=value)


class GoodPracticeFilter(django_filters.FilterSet):
    """The filters of /bonnes-pratiques/."""

    department = django_filters.ModelChoiceFilter(
        label=_("Département"),
        queryset=Territory.objects.filter(kind=Territory.Kind.DEPARTMENT).order_by(
            "code"
        ),
        empty_label=_("Tous les départements"),
    )
    axis = django_filters.ModelChoiceFilter(
        label=_("Axe du PAQTE"),
        field_name="axes",
        queryset=Axis.objects.order_by("number"),
        empty_label=_("Tous les axes"),
    )
    programme = django_filters.ModelChoiceFilter(
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

"""Admin screens of the measures app: snippet viewsets, modeladmin listings, report,
dashboard panel. Registered by ``wagtail_hooks.py``."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView as ModelAdminIndexView

from cms.admin_listings import (
    ObjectLinkColumn,
    OneLineColumn,
    SelectListFilter,
    TruncatedColumn,
)
from cms.modeladmin import (
    LenientLookupsMixin,
    PolicyCheckedHistoryView,
    PolicyPermissionHelper,
)
from cms.permissions import policy_for
from cms.spreadsheets import SafeSpreadsheetExportMixin

from .filters import QPVFilterSet
from .models import (
    QPV,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Ministry,
    PacteCommitment,
    TerritorialRole,
    Territory,
    stale_indicators,
)


class SafeSnippetIndexView(SafeSpreadsheetExportMixin, SnippetIndexView):
    pass


class SafeModelAdminIndexView(
    LenientLookupsMixin, SafeSpreadsheetExportMixin, ModelAdminIndexView
):
    """wagtail-modeladmin's listing; its exports take their column headings from
    the ModelAdmin's ``export_headings`` (as a viewset's do)."""

    @property
    def export_headings(self):
        return getattr(self.model_admin, "export_headings", {})


class IndicatorViewSet(SnippetViewSet):
    model = Indicator
    icon = "table"
    menu_label = _("Indicateurs")
    index_view_class = SafeSnippetIndexView
    inspect_view_enabled = True
    list_display = [
        "code",
        TruncatedColumn("name", label=_("Nom"), sort_key="name"),
        OneLineColumn("producer", label=_("Ministère producteur"), sort_key="producer"),
        OneLineColumn(
            "latest_display", label=_("Dernière valeur"), sort_key="latest_value"
        ),
        OneLineColumn("latest_date", label=_("Au"), sort_key="latest_date"),
        OneLineColumn(
            "periodicity_label", label=_("Périodicité"), sort_key="periodicity"
        ),
    ]
    list_filter = ["producer", "periodicity", "direction"]
    # The ORM search (code, name, definition): the same on SQLite and PostgreSQL,
    # and it keeps the listing's annotations (latest value and date).
    search_backend_name = None
    search_fields = ["code", "name", "definition"]
    list_export = [
        "code",
        "name",
        "definition",
        "unit",
        "producer",
        "periodicity_label",
        "direction_label",
        "national_target",
        "national_target_date",
        "latest_value",
        "latest_display",
        "latest_date",
        "source",
        "source_url",
    ]
    export_headings = {
        "periodicity_label": _("Périodicité"),
        "direction_label": _("Sens souhaité"),
        "latest_value": _("Dernière valeur nationale"),
        "latest_display": _("Dernière valeur nationale, avec son unité"),
        "latest_date": _("Date de la dernière valeur"),
    }
    export_filename = "indicateurs"
    ordering = ["code"]

    def get_queryset(self, request):
        return Indicator.objects.with_latest().select_related("producer")


class MinistryViewSet(SnippetViewSet):
    model = Ministry
    icon = "group"
    menu_label = _("Ministères chefs de file")
    index_view_class = SafeSnippetIndexView
    inspect_view_enabled = True
    list_display = [
        "name",
        "kind",
        Column("measure_count", label=_("Mesures"), sort_key="measure_count"),
    ]
    list_filter = ["kind"]
    search_backend_name = None
    search_fields = ["name", "full_name"]
    list_export = ["name", "full_name", "kind_label", "website", "measure_count"]
    export_headings = {"kind_label": _("Nature"), "measure_count": _("Mesures")}
    export_filename = "ministeres"

    def get_queryset(self, request):
        return Ministry.objects.annotate(measure_count=Count("measures", distinct=True))


class PacteCommitmentViewSet(SnippetViewSet):
    model = PacteCommitment
    icon = "list-ul"
    menu_label = _("Pacte de Dijon")
    index_view_class = SafeSnippetIndexView
    inspect_view_enabled = True
    list_display = [
        "reference",
        TruncatedColumn("text", label=_("Engagement"), sort_key="text"),
        TruncatedColumn("theme_label", label=_("Thème"), sort_key="theme"),
        OneLineColumn("party_label", label=_("Qui s’engage"), sort_key="party"),
    ]
    list_filter = ["theme", "party"]
    search_backend_name = None
    search_fields = ["reference", "text"]
    list_export = ["reference", "theme_label", "party_label", "text"]
    export_headings = {"theme_label": _("Thème"), "party_label": _("Qui s’engage")}
    export_filename = "pacte-de-dijon"
    list_per_page = 50


class QPVViewSet(SnippetViewSet):
    model = QPV
    icon = "site"
    menu_label = _("Quartiers prioritaires")
    index_view_class = SafeSnippetIndexView
    inspect_view_enabled = True
    inspect_view_fields = [
        "code",
        "name",
        "communes",
        "department",
        "population_display",
        "jobseekers_display",
        "statistics_source",
    ]
    list_display = [
        ObjectLinkColumn("code", label=_("Code"), sort_key="territory__code"),
        Column("name", label=_("Quartier"), sort_key="territory__name"),
        "communes",
        Column(
            "department", label=_("Département"), sort_key="territory__parent__code"
        ),
        Column("population_short", label=_("Population"), sort_key="population"),
        Column(
            "jobseekers_short",
            label=_("Demandeurs d’emploi (DEFM)"),
            sort_key="jobseekers",
        ),
    ]
    filterset_class = QPVFilterSet
    search_fields = ["territory__code", "territory__name", "communes"]
    list_export = ["code", "name", "communes", "department", "population", "jobseekers"]
    export_headings = {
        "code": _("Code"),
        "name": _("Quartier"),
        "department": _("Département"),
        "population": _("Population municipale (habitants)"),
        "jobseekers": _("Demandeurs d’emploi en fin de mois (DEFM, cat. A à E)"),
    }
    export_filename = "qpv"
    list_per_page = 50
    ordering = ["territory__code"]
    form_fields = ["communes", "population", "jobseekers", "statistics_source"]

    def get_queryset(self, request):
        return QPV.objects.select_related("territory", "territory__parent").defer(
            "geometry", "statistics"
        )


class TerritoriesViewSetGroup(ViewSetGroup):
    menu_label = _("Territoires")
    menu_icon = "site"
    menu_order = 215
    items = (PacteCommitmentViewSet, QPVViewSet)


class TrackingViewSetGroup(ViewSetGroup):
    menu_label = _("Suivi")
    menu_icon = "table"
    menu_order = 210
    items = (IndicatorViewSet, MinistryViewSet)


class IndicatorFilter(SelectListFilter):
    title = _("indicateur")
    parameter_name = "indicateur"
    lookup = "indicator"

    def choices_queryset(self, request, model_admin):
        return Indicator.objects.only("code", "name").order_by("code")


class TerritoryFilter(SelectListFilter):
    """Regions and departments (the QPV have their own listing)."""

    title = _("territoire")
    parameter_name = "territoire"
    lookup = "territory"

    def choices_queryset(self, request, model_admin):
        return Territory.objects.exclude(kind=Territory.Kind.QPV).order_by(
            "kind", "code"
        )


class ParentTerritoryFilter(TerritoryFilter):
    title = _("territoire parent")
    parameter_name = "parent"
    lookup = "parent"

    def choices_queryset(self, request, model_admin):
        return Territory.objects.filter(
            kind__in=[Territory.Kind.REGION, Territory.Kind.DEPARTMENT]
        ).order_by("kind", "code")


class DepartmentRoleFilter(TerritoryFilter):
    title = _("département")
    parameter_name = "departement"

    def choices_queryset(self, request, model_admin):
        return Territory.objects.filter(kind=Territory.Kind.DEPARTMENT).order_by("code")


class FigureAdmin(ModelAdmin):
    """Values and targets: the indicator's code leads the row (one line), sortable."""

    @admin.display(description=_("indicateur"), ordering="indicator__code")
    def indicator_code(self, obj):
        return obj.indicator.code


class IndicatorValueAdmin(FigureAdmin):
    """Desktop-style listing of every dated value, with filters, inspect and export."""

    model = IndicatorValue
    menu_label = _("Valeurs d’indicateurs")
    menu_icon = "list-ul"
    index_view_class = SafeModelAdminIndexView
    history_view_class = PolicyCheckedHistoryView
    permission_helper_class = PolicyPermissionHelper
    list_display = ("indicator_code", "territory", "date", "value_display", "comment")
    list_filter = (
        "territory__kind",
        "indicator__producer",
        IndicatorFilter,
        TerritoryFilter,
        "date",
    )
    list_select_related = ("indicator", "territory")
    search_fields = (
        "indicator__code",
        "indicator__name",
        "territory__name",
        "comment",
        "source",
    )
    inspect_view_enabled = True
    inspect_view_fields = (
        "indicator",
        "territory",
        "date",
        "value_display",
        "approximation",
        "comment",
        "created_at",
        "updated_at",
    )
    list_export = (
        "indicator_code",
        "territory_kind_label",
        "territory_code",
        "territory_name",
        "date",
        "value",
        "indicator_unit",
        "approximation_label",
        "comment",
        "source",
        "source_url",
    )
    export_headings = {
        "indicator_code": _("Indicateur"),
        "territory_kind_label": _("Niveau"),
        "territory_code": _("Code du territoire"),
        "territory_name": _("Territoire"),
        "date": _("Date"),
        "value": _("Valeur"),
        "indicator_unit": _("Unité"),
        "approximation_label": _("Précision"),
        "comment": _("Commentaire"),
    }
    export_filename = "valeurs-indicateurs"
    list_per_page = 50
    ordering = ("indicator__code", "-date")


class TargetAdmin(FigureAdmin):
    model = IndicatorTarget
    menu_label = _("Cibles territoriales")
    menu_icon = "pick"
    index_view_class = SafeModelAdminIndexView
    history_view_class = PolicyCheckedHistoryView
    permission_helper_class = PolicyPermissionHelper
    list_display = ("indicator_code", "territory", "value_display", "date")
    list_filter = ("territory__kind", IndicatorFilter, TerritoryFilter)
    list_select_related = ("indicator", "territory")
    search_fields = ("indicator__code", "indicator__name", "territory__name")
    inspect_view_enabled = True
    inspect_view_fields = ("indicator", "territory", "value_display", "date")
    list_export = (
        "indicator_code",
        "territory_code",
        "territory_name",
        "value",
        "indicator_unit",
        "date",
    )
    export_headings = {
        "indicator_code": _("Indicateur"),
        "territory_code": _("Code du territoire"),
        "territory_name": _("Territoire"),
        "value": _("Cible"),
        "indicator_unit": _("Unité"),
        "date": _("Échéance"),
    }
    export_filename = "cibles-territoriales"
    list_per_page = 50


class TerritoryAdmin(ModelAdmin):
    model = Territory
    menu_label = _("Territoires")
    menu_icon = "site"
    index_view_class = SafeModelAdminIndexView
    history_view_class = PolicyCheckedHistoryView
    permission_helper_class = PolicyPermissionHelper
    list_display = ("code", "name", "kind", "parent")
    list_filter = ("kind", ParentTerritoryFilter)
    list_select_related = ("parent",)
    search_fields = ("code", "name")
    inspect_view_enabled = True
    list_export = ("kind_label", "code", "name", "parent")
    export_headings = {
        "kind_label": _("Niveau"),
        "code": _("Code"),
        "name": _("Nom"),
        "parent": _("Territoire parent"),
    }
    export_filename = "territoires"
    list_per_page = 50
    ordering = ("kind", "code")


class TerritorialRoleAdmin(ModelAdmin):
    """Who acts for which department (local roles of the Référents départementaux)."""

    model = TerritorialRole
    menu_label = _("Rôles territoriaux")
    menu_icon = "user"
    index_view_class = SafeModelAdminIndexView
    history_view_class = PolicyCheckedHistoryView
    permission_helper_class = PolicyPermissionHelper
    list_display = ("user", "territory")
    list_filter = (DepartmentRoleFilter,)
    list_select_related = ("user", "territory")
    search_fields = ("user__username", "user__last_name", "territory__name")
    list_export = ("user", "territory")
    export_headings = {"user": _("Utilisateur"), "territory": _("Département")}
    export_filename = "roles-territoriaux"
    list_per_page = 50


class ImportLinkColumn(Column):
    """« Importer des valeurs », the import pre-set for this indicator."""

    def get_value(self, instance):
        url = reverse("measures_admin:indicator_import")
        return format_html(
            '<a href="{}?indicator={}" aria-label="{}">{}</a>',
            url,
            instance.pk,
            _("Importer des valeurs de « %(name)s »") % {"name": instance.name},
            _("Importer des valeurs"),
        )


class StaleIndicatorsReportView(SafeSpreadsheetExportMixin, ReportView):
    """Indicators whose latest value is older than their periodicity allows."""

    page_title = _("Indicateurs à mettre à jour")
    header_icon = "warning"
    index_url_name = "measures_reports:stale_indicators"
    index_results_url_name = "measures_reports:stale_indicators_results"
    any_permission_required = ["add", "change"]
    model = IndicatorValue
    columns = [
        Column("code", label=_("Code")),
        ObjectLinkColumn("name", label=_("Indicateur")),
        Column("producer", label=_("Producteur")),
        Column("periodicity_label", label=_("Périodicité")),
        Column("latest_date", label=_("Dernière valeur au")),
        Column("due_before", label=_("Attendue après le")),
        ImportLinkColumn("import", label=_("Import")),
    ]
    list_export = ["code", "name", "producer", "periodicity_label", "latest_date"]
    export_headings = {
        "code": _("Code"),
        "name": _("Indicateur"),
        "producer": _("Producteur"),
        "periodicity_label": _("Périodicité"),
        "latest_date": _("Dernière valeur au"),
    }
    export_filename = "indicateurs-a-mettre-a-jour"

    @property
    def permission_policy(self):
        return policy_for(IndicatorValue)

    def get_queryset(self):
        return stale_indicators()

"""Admin screens of the measures app: snippet viewsets, modeladmin listings, report,
dashboard panel. Registered by ``wagtail_hooks.py``."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView as ModelAdminIndexView

from cms.modeladmin import PolicyCheckedHistoryView, PolicyPermissionHelper
from cms.permissions import policy_for, user_can
from cms.spreadsheets import SafeSpreadsheetExportMixin

from .models import (
    QPV,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    MeasurePage,
    Ministry,
    PacteCommitment,
    TerritorialRole,
    Territory,
    stale_indicators,
)
from .models.pages import status_rollup


class SafeSnippetIndexView(SafeSpreadsheetExportMixin, SnippetIndexView):
    pass


class SafeModelAdminIndexView(SafeSpreadsheetExportMixin, ModelAdminIndexView):
    pass


class IndicatorViewSet(SnippetViewSet):
    model = Indicator
    icon = "table"
    menu_label = _("Indicateurs")
    index_view_class = SafeSnippetIndexView
    inspect_view_enabled = True
    list_display = [
        "code",
        "name",
        "producer",
        Column("latest_display", label=_("Dernière valeur")),
        Column("latest_date", label=_("Au")),
        "periodicity",
    ]
    list_filter = ["producer", "periodicity", "direction"]
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
        "latest_date",
        "source",
        "source_url",
    ]
    export_headings = {
        "periodicity_label": _("Périodicité"),
        "direction_label": _("Sens souhaité"),
        "latest_value": _("Dernière valeur nationale"),
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
    list_display = ["name", "kind", Column("measure_count", label=_("Mesures"))]
    list_filter = ["kind"]
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
    list_display = ["reference", "text", "theme", "party"]
    list_filter = ["theme", "party"]
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
    list_display = [
        Column("code", label=_("Code")),
        Column("name", label=_("Quartier")),
        "communes",
        Column("department", label=_("Département")),
        "population",
        "jobseekers",
    ]
    list_export = ["code", "name", "communes", "department", "population", "jobseekers"]
    export_headings = {
        "code": _("Code"),
        "name": _("Quartier"),
        "department": _("Département"),
    }
    export_filename = "qpv"
    list_per_page = 50
    form_fields = ["communes", "population", "jobseekers", "statistics_source"]

    def get_queryset(self, request):
        return QPV.objects.select_related("territory", "territory__parent").defer(
            "geometry"
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


class IndicatorValueAdmin(ModelAdmin):
    """Desktop-style listing of every dated value, with filters, inspect and export."""

    model = IndicatorValue
    menu_label = _("Valeurs d’indicateurs")
    menu_icon = "list-ul"
    index_view_class = SafeModelAdminIndexView
    history_view_class = PolicyCheckedHistoryView
    permission_helper_class = PolicyPermissionHelper
    list_display = ("indicator", "territory", "date", "value_display", "approximation")
    list_filter = ("territory__kind", "indicator__producer", "indicator", "date")
    list_select_related = ("indicator", "territory")
    search_fields = ("indicator__code", "indicator__name", "territory__name", "comment")
    inspect_view_enabled = True
    list_export = (
        "indicator_code",
        "territory_kind",
        "territory_code",
        "territory_name",
        "date",
        "value",
        "approximation_label",
        "comment",
    )
    list_per_page = 50
    ordering = ("indicator__code", "-date")


class TargetAdmin(ModelAdmin):
    model = IndicatorTarget
    menu_label = _("Cibles territoriales")
    menu_icon = "pick"
    index_view_class = SafeModelAdminIndexView
    history_view_class = PolicyCheckedHistoryView
    permission_helper_class = PolicyPermissionHelper
    list_display = ("indicator", "territory", "value", "date")
    list_filter = ("territory__kind", "indicator")
    list_select_related = ("indicator", "territory")
    inspect_view_enabled = True
    list_export = (
        "indicator_code",
        "territory_code",
        "territory_name",
        "value",
        "date",
    )


class TerritoryAdmin(ModelAdmin):
    model = Territory
    menu_label = _("Territoires")
    menu_icon = "site"
    index_view_class = SafeModelAdminIndexView
    history_view_class = PolicyCheckedHistoryView
    permission_helper_class = PolicyPermissionHelper
    list_display = ("code", "name", "kind", "parent")
    list_filter = ("kind", "parent")
    list_select_related = ("parent",)
    search_fields = ("code", "name")
    inspect_view_enabled = True
    list_export = ("kind", "code", "name", "parent")
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
    list_filter = ("territory",)
    list_select_related = ("user", "territory")
    search_fields = ("user__username", "user__last_name", "territory__name")
    list_export = ("user", "territory")


class StaleIndicatorsReportView(ReportView):
    """Indicators whose latest value is older than their periodicity allows."""

    page_title = _("Indicateurs à mettre à jour")
    header_icon = "warning"
    index_url_name = "measures_reports:stale_indicators"
    index_results_url_name = "measures_reports:stale_indicators_results"
    any_permission_required = ["add", "change"]
    model = IndicatorValue
    columns = [
        Column("code", label=_("Code")),
        Column("name", label=_("Indicateur")),
        Column("producer", label=_("Producteur")),
        Column("periodicity_label", label=_("Périodicité")),
        Column("latest_date", label=_("Dernière valeur au")),
        Column("due_before", label=_("Attendue après le")),
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


class RoadmapProgressPanel(Component):
    """Dashboard panel: the roadmap's measures counted by status."""

    name = "roadmap_progress"
    order = 90
    template_name = "measures/admin/roadmap_progress_panel.html"

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        measures = list(
            MeasurePage.objects.defer_streamfields().only("status", "progress", "live")
        )
        live = [m for m in measures if m.live]
        return {
            "rollup": status_rollup(
                [m.status for m in live], [m.progress for m in live]
            ),
            "drafts": len(measures) - len(live),
            "stale_count": stale_indicators().count(),
            # The report is offered only to those who may open it.
            "stale_url": (
                reverse("measures_reports:stale_indicators")
                if user_can(
                    user,
                    StaleIndicatorsReportView.any_permission_required,
                    IndicatorValue,
                )
                else None
            ),
        }

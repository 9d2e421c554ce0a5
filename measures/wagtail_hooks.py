from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from cms.completeness import COMPLETENESS_HOOK
from cms.dashboard import register_panels
from cms.ops.volume import BENCHMARK_PAGES_HOOK, VOLUME_DATA_HOOK
from cms.permissions import user_can

from .admin import (
    IndicatorValueAdmin,
    StaleIndicatorsReportView,
    TargetAdmin,
    TerritorialRoleAdmin,
    TerritoriesViewSetGroup,
    TerritoryAdmin,
    TrackingViewSetGroup,
)
from .dashboard import (
    LastImportsPanel,
    MyDepartmentsPanel,
    NationalProtocolsPanel,
    RoadmapProgressPanel,
    StaleIndicatorsPanel,
)
from .imports import register_import_log_actions
from .models import QPV, IndicatorValue
from .permissions import managed_departments

register_snippet(TrackingViewSetGroup)
register_snippet(TerritoriesViewSetGroup)


@modeladmin_register
class DataAdminGroup(ModelAdminGroup):
    menu_label = _("Données")
    menu_icon = "folder-open-inverse"
    menu_order = 220
    items = (IndicatorValueAdmin, TargetAdmin, TerritoryAdmin, TerritorialRoleAdmin)


reports_urls = (
    [
        path("", StaleIndicatorsReportView.as_view(), name="stale_indicators"),
        path(
            "resultats/",
            StaleIndicatorsReportView.as_view(results_only=True),
            name="stale_indicators_results",
        ),
    ],
    "measures_reports",
)


@hooks.register("register_admin_urls")
def register_reports_urls():
    return [path("rapports/indicateurs-a-mettre-a-jour/", include(reports_urls))]


@hooks.register("register_admin_urls")
def register_indicator_import_urls():
    return [path("quartiers/", include("measures.admin_urls"))]


hooks.register("register_log_actions", register_import_log_actions)


class IndicatorValueMenuItem(MenuItem):
    """Shown to those who may add or change indicator values (the import, the
    stale indicators report)."""

    def is_shown(self, request):
        return user_can(request.user, ["add", "change"], IndicatorValue)


@hooks.register("register_admin_menu_item")
def register_indicator_import_menu_item():
    return IndicatorValueMenuItem(
        _("Importer des valeurs"),
        reverse("measures_admin:indicator_import"),
        name="indicator-import",
        icon_name="upload",
        order=215,
    )


@hooks.register("register_reports_menu_item")
def register_stale_indicators_menu_item():
    return IndicatorValueMenuItem(
        _("Indicateurs à mettre à jour"),
        reverse("measures_reports:stale_indicators"),
        name="stale-indicators",
        icon_name="warning",
        order=650,
    )


register_panels(
    RoadmapProgressPanel,
    StaleIndicatorsPanel,
    LastImportsPanel,
    MyDepartmentsPanel,
    NationalProtocolsPanel,
)


@hooks.register("register_public_search_source")
def indicators_search_source():
    """Indicators in the public search: found by name, code or definition (the
    PAQTE axis facet is added by partners, which links axes to indicators)."""

    from .models import Indicator

    def url(indicator, request):
        links = list(indicator.measure_links.all())
        return links[0].page.get_url(request=request) if links else None

    def summary(indicator):
        latest = ""
        if indicator.latest_value is not None:
            latest = f"Dernière valeur : {indicator.latest_display}"
            if indicator.latest_date:
                latest += f" au {indicator.latest_date:%d/%m/%Y}"
            if indicator.latest_source:
                latest += f" (source : {indicator.latest_source})"
            latest += ". "
        return latest + indicator.definition

    return {
        "key": "indicators",
        "label": _("Indicateurs"),
        "queryset": lambda: Indicator.objects.with_latest().prefetch_related(
            "measure_links__page"
        ),
        "title": lambda indicator: indicator.name,
        "url": url,
        "summary": summary,
    }


class QPVImportMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can(request.user, "add", QPV) and user_can(
            request.user, "change", QPV
        )


@hooks.register("register_admin_menu_item")
def register_qpv_import_menu_item():
    return QPVImportMenuItem(
        _("Importer des QPV"),
        reverse("measures_admin:qpv_import"),
        name="qpv-import",
        icon_name="upload",
        order=216,
    )


class SynthesisMenuItem(MenuItem):
    def is_shown(self, request):
        return managed_departments(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_synthesis_menu_item():
    return SynthesisMenuItem(
        _("Synthèses du préfet"),
        reverse("measures_admin:synthesis_index"),
        name="prefect-synthesis",
        icon_name="doc-full",
        order=217,
    )


@hooks.register(VOLUME_DATA_HOOK)
def measures_volume():
    """Generators for ``generate_volume_data``: (label, function, order)."""
    from .volume import generate_measures, generate_values

    return [
        ("mesures", generate_measures, 10),
        ("valeurs d’indicateurs", generate_values, 20),
    ]


@hooks.register(BENCHMARK_PAGES_HOOK)
def measures_benchmark_pages():
    """Pages the benchmark measures: (label, path) from live content."""
    from .models import DepartmentPage, MeasurePage, ProgrammePage

    programme = ProgrammePage.objects.live().order_by("path").first()
    measure = MeasurePage.objects.live().filter(reference="J1").first()
    department = DepartmentPage.objects.live().filter(department__code="31").first()
    pages = [("feuille de route", "/feuille-de-route/")]
    if department:
        pages.append(("département", department.url))
    if programme:
        pages.append(("programme", programme.url))
    if measure:
        pages.append(("mesure", measure.url))
    return pages


@hooks.register(COMPLETENESS_HOOK)
def completeness_checks(finder):
    """Rapports → À compléter: the gaps of this app's pages and objects."""
    from measures.completeness import measures_gaps

    return measures_gaps(finder)

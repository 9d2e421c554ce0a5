from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from measures.permissions import is_national

from . import views
from .admin import CompanyAdmin, ConventionAdmin, PaqteViewSetGroup

register_snippet(PaqteViewSetGroup)


@modeladmin_register
class PaqteAdminGroup(ModelAdminGroup):
    menu_label = _("PAQTE : entreprises")
    menu_icon = "site"
    menu_order = 225
    items = (CompanyAdmin, ConventionAdmin)


reports_urls = (
    [
        path("", views.national_table, name="national_table"),
        path("<int:pk>/xlsx/", views.report_export, name="report_xlsx"),
    ],
    "partners_reports",
)


@hooks.register("register_admin_urls")
def register_paqte_report_urls():
    return [path("paqte/bilans/", include(reports_urls))]


class NationalMenuItem(MenuItem):
    def is_shown(self, request):
        return is_national(request.user)


@hooks.register("register_reports_menu_item")
def register_national_table_menu_item():
    return NationalMenuItem(
        _("Bilans PAQTE reçus"),
        reverse("partners_reports:national_table"),
        name="paqte-reports",
        icon_name="doc-full-inverse",
        order=660,
    )


@hooks.register("register_public_search_source")
def companies_search_source():
    """Companies with a signed (or expired) PAQTE convention, in the public search;
    a result leads to the network directory filtered on its name."""
    from urllib.parse import urlencode

    from .models import PUBLIC_STATUSES, Company, Convention, NetworkIndexPage

    def url(company, request):
        directory = NetworkIndexPage.objects.live().first()
        if directory is None:
            return None
        return f"{directory.get_url(request=request)}?{urlencode({'q': company.name})}"

    def summary(company):
        parts = [company.get_size_display(), company.sector, str(company.department)]
        return " · ".join(part for part in parts if part)

    return {
        "key": "companies",
        "label": _("Entreprises signataires"),
        "queryset": lambda: Company.objects.filter(
            pk__in=Convention.objects.filter(status__in=PUBLIC_STATUSES).values(
                "company_id"
            )
        ).select_related("department"),
        "title": lambda company: company.name,
        "url": url,
        "summary": summary,
    }


@hooks.register("register_volume_data")
def partners_volume():
    """Generators for ``generate_volume_data``: (label, function, order)."""
    from .volume import generate_companies, generate_conventions

    return [
        ("entreprises", generate_companies, 30),
        ("conventions", generate_conventions, 40),
    ]


@hooks.register("register_benchmark_pages")
def partners_benchmark_pages():
    """The network directory, plain and with combined filters, for the benchmark."""
    from .models import NetworkIndexPage

    network = NetworkIndexPage.objects.live().first()
    if network is None:
        return []
    return [
        ("annuaire", network.url),
        ("annuaire filtré", f"{network.url}?kind=entreprise&size=pme"),
    ]

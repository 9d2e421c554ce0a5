from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from cms.completeness import COMPLETENESS_HOOK
from cms.ops.volume import BENCHMARK_PAGES_HOOK, VOLUME_DATA_HOOK
from cms.permissions import user_can
from measures.permissions import can_act_nationally

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


@hooks.register("register_site_urls")
def partners_site_urls():
    """The partner space and accounts on the public site (cms.site)."""
    return [path("", include("partners.urls"))]


@hooks.register("register_admin_urls")
def register_paqte_report_urls():
    return [path("paqte/bilans/", include(reports_urls))]


class NationalMenuItem(MenuItem):
    def is_shown(self, request):
        return can_act_nationally(request.user)


class InvitePartnerMenuItem(MenuItem):
    def is_shown(self, request):
        from .models import PartnerProfile

        return user_can(request.user, "add", PartnerProfile)


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

    from django.db.models import Count, F

    from .models import Company, Convention, NetworkIndexPage

    def url(company, request):
        # One query per search page, not one per company.
        if not hasattr(request, "_network_directory_url"):
            directory = NetworkIndexPage.objects.live().first()
            request._network_directory_url = (
                directory.get_url(request=request) if directory else None
            )
        if request._network_directory_url is None:
            return None
        return f"{request._network_directory_url}?{urlencode({'q': company.name})}"

    def axis_counts(company_ids):
        """Per PAQTE axis, the matched companies with a public convention on it."""
        return (
            Convention.objects.public()
            .filter(company_id__in=company_ids, axes__isnull=False)
            .values(axis_key=F("axes"))
            .annotate(n=Count("company_id", distinct=True))
            .order_by()
        )

    def summary(company):
        parts = [company.get_size_display(), company.sector, str(company.department)]
        return " · ".join(part for part in parts if part)

    return {
        "key": "companies",
        "label": _("Entreprises signataires"),
        "queryset": lambda: Company.objects.filter(
            pk__in=Convention.objects.public().values("company_id")
        ).select_related("department"),
        "title": lambda company: company.name,
        "url": url,
        "summary": summary,
        "axis_filter": lambda companies, axis_id: companies.filter(
            pk__in=Convention.objects.public().filter(axes=axis_id).values("company_id")
        ),
        "axis_counts": axis_counts,
    }


@hooks.register("extend_public_search_source")
def indicators_axis_facet():
    """The indicators of the public search (measures' source) by PAQTE axis: the
    key indicators of each axis (``Axis.key_indicators``)."""
    from django.db.models import Count, F

    from .models import Axis

    def links():
        return Axis.key_indicators.through.objects

    return (
        "indicators",
        {
            "axis_filter": lambda indicators, axis_id: indicators.filter(
                pk__in=links().filter(axis_id=axis_id).values("indicator_id")
            ),
            "axis_counts": lambda indicator_ids: (
                links()
                .filter(indicator_id__in=indicator_ids)
                .values(axis_key=F("axis_id"))
                .annotate(n=Count("indicator_id"))
                .order_by()
            ),
        },
    )


@hooks.register("register_public_search_axes")
def paqte_axes_facet():
    """The PAQTE axes facet of the public search, and the good practices on each."""
    from django.db.models import F

    from .models import Axis, GoodPracticePage

    return {
        "axes": lambda: Axis.objects.order_by("number").only("code", "name", "number"),
        "page_axes": lambda: GoodPracticePage.axes.through.objects.values(
            page_key=F("goodpracticepage_id"), axis_key=F("axis_id")
        ),
    }


@hooks.register("register_public_search_sections")
def good_practice_sections():
    """A good practice counts, in the public search, under its department and its
    programmes (it sits under /bonnes-pratiques/, outside them)."""
    from django.db.models import F

    from .models import GoodPracticePage

    return [
        GoodPracticePage.programmes.through.objects.values(
            page_key=F("goodpracticepage_id"), section_path=F("programmepage__path")
        ),
        GoodPracticePage.objects.filter(department__page__isnull=False).values(
            page_key=F("id"), section_path=F("department__page__path")
        ),
    ]


# Good practices -------------------------------------------------------------


from cms.dashboard import register_panels  # noqa: E402

from . import accounts  # noqa: E402
from .dashboard import (  # noqa: E402
    DepartmentPaqtePanel,
    ModerationQueuePanel,
    NationalReportsPanel,
    PracticesChangedPanel,
)
from .models import GoodPracticePage  # noqa: E402
from .moderation import REFUSE_ACTION, keep_moderation_actions_only  # noqa: E402
from .moderation_queue import ModerationQueueView  # noqa: E402
from .permissions import can_view_moderation_queue  # noqa: E402

register_panels(
    ModerationQueuePanel,
    PracticesChangedPanel,
    DepartmentPaqtePanel,
    NationalReportsPanel,
)


@hooks.register("register_admin_urls")
def register_good_practice_admin_urls():
    return [
        path(
            "bonnes-pratiques/moderation/",
            ModerationQueueView.as_view(),
            name="partners_moderation_queue",
        ),
        path(
            "bonnes-pratiques/moderation/resultats/",
            ModerationQueueView.as_view(results_only=True),
            name="partners_moderation_queue_results",
        ),
        path("partenaires/inviter/", accounts.invite, name="partners_invite"),
    ]


hooks.register("construct_page_action_menu", keep_moderation_actions_only)


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_moderation_queue(request.user)


@hooks.register("register_reports_menu_item")
def register_moderation_menu_item():
    return ModeratorMenuItem(
        _("Bonnes pratiques à modérer"),
        reverse("partners_moderation_queue"),
        name="good-practices-moderation",
        icon_name="tasks",
        order=670,
    )


@hooks.register("register_settings_menu_item")
def register_invite_menu_item():
    return InvitePartnerMenuItem(
        _("Inviter un partenaire"),
        reverse("partners_invite"),
        name="partners-invite",
        icon_name="mail",
        order=700,
    )


@hooks.register("register_log_actions")
def register_good_practice_log_actions(actions):
    actions.register_action(REFUSE_ACTION, _("Refus"), _("Bonne pratique refusée"))


@hooks.register("quartiers_department_sections")
def department_good_practices(page, request):
    practices = list(
        GoodPracticePage.objects.live()
        .public()
        .filter(department_id=page.department_id)
        .defer_streamfields()
        .order_by("-first_published_at")[:5]
    )
    if not practices:
        return []
    return [
        {
            "title": _("Bonnes pratiques du département"),
            "template": "partners/includes/good_practice_section.html",
            "context": {"practices": practices},
        }
    ]


@hooks.register(VOLUME_DATA_HOOK)
def partners_volume():
    """Generators for ``generate_volume_data``: (label, function, order)."""
    from .volume import (
        generate_companies,
        generate_conventions,
        generate_good_practices,
    )

    return [
        ("entreprises", generate_companies, 30),
        ("conventions", generate_conventions, 40),
        ("bonnes pratiques", generate_good_practices, 50),
    ]


@hooks.register(BENCHMARK_PAGES_HOOK)
def partners_benchmark_pages():
    """The network directory, plain, filtered and a later page, a club, the good
    practices listing and a good practice (the most recently published), for the
    benchmark."""
    from .models import (
        ClubPage,
        GoodPracticeIndexPage,
        GoodPracticePage,
        NetworkIndexPage,
    )

    pages = []
    network = NetworkIndexPage.objects.live().first()
    if network is not None:
        pages += [
            ("annuaire", network.url),
            ("annuaire filtré", f"{network.url}?kind=entreprise&size=pme"),
            ("annuaire page 3", f"{network.url}?page=3"),
        ]
    club = ClubPage.objects.live().public().order_by("path").first()
    if club is not None:
        pages.append(("club", club.url))
    index = GoodPracticeIndexPage.objects.live().first()
    if index is not None:
        pages += [
            ("bonnes pratiques", index.url),
            ("bonnes pratiques page 2", f"{index.url}?page=2"),
        ]
    practice = (
        GoodPracticePage.objects.live().public().order_by("-first_published_at").first()
    )
    if practice is not None:
        pages.append(("bonne pratique", practice.url))
    return pages


@hooks.register("quartiers_department_measures")
def department_map_measures(request):
    """What the PAQTE adds to the map of /territoires/ (measures never imports it)."""
    from django.db.models import Count

    from measures.choropleth import MapMeasure

    from .models import Convention, GoodPracticePage

    def conventions():
        return dict(
            Convention.objects.public()
            .values_list("company__department_id")
            .annotate(n=Count("pk"))
            .order_by()
        )

    def practices():
        return dict(
            GoodPracticePage.objects.live()
            .public()
            .filter(department__isnull=False)
            .values_list("department_id")
            .annotate(n=Count("pk"))
            .order_by()
        )

    return [
        MapMeasure(
            key="conventions",
            label=_("Conventions PAQTE signées"),
            caption=_(
                "Nombre de conventions PAQTE signées avec des entreprises, par "
                "département"
            ),
            values=conventions,
            unit=_("convention"),
            unit_plural=_("conventions"),
            zero_label=_("Aucune convention publiée"),
            source=_(
                "Conventions du Pacte avec les quartiers pour toutes les entreprises "
                "(PAQTE) signées par les préfets, en cours ou échues, publiées sur la "
                "plateforme ; département de l’entreprise signataire."
            ),
            empty_message=_(
                "Aucune convention PAQTE signée n’est encore publiée sur la "
                "plateforme. La page du PAQTE présente la démarche et les "
                "journées de mobilisation des entreprises."
            ),
            order=20,
        ),
        MapMeasure(
            key="bonnes-pratiques",
            label=_("Bonnes pratiques publiées"),
            caption=_("Nombre de bonnes pratiques publiées par département"),
            values=practices,
            unit=_("bonne pratique"),
            unit_plural=_("bonnes pratiques"),
            zero_label=_("Aucune bonne pratique publiée"),
            source=_(
                "Bonnes pratiques proposées par les partenaires, modérées et "
                "publiées sur la plateforme."
            ),
            empty_message=_(
                "Aucune bonne pratique n’est encore publiée. Les partenaires du "
                "PAQTE peuvent proposer les leurs depuis leur espace."
            ),
            order=50,
        ),
    ]


@hooks.register(COMPLETENESS_HOOK)
def completeness_checks(finder):
    """Rapports → À compléter: the gaps of this app's pages and objects."""
    from partners.completeness import partners_gaps

    return partners_gaps(finder)


@hooks.register("quartiers_synthesis_sections")
def synthesis_paqte_section(department):
    """The PAQTE section of the prefect's synthesis (partners/synthesis.py)."""
    from .synthesis import paqte_section

    return [paqte_section(department)]

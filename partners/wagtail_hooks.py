from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

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

    from .models import PUBLIC_STATUSES, Company, Convention, NetworkIndexPage

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

    def public_conventions():
        return Convention.objects.filter(status__in=PUBLIC_STATUSES)

    def axis_counts(company_ids):
        """Per PAQTE axis, the matched companies with a public convention on it."""
        return (
            public_conventions()
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
            pk__in=Convention.objects.filter(status__in=PUBLIC_STATUSES).values(
                "company_id"
            )
        ).select_related("department"),
        "title": lambda company: company.name,
        "url": url,
        "summary": summary,
        "axis_filter": lambda companies, axis_id: companies.filter(
            pk__in=public_conventions().filter(axes=axis_id).values("company_id")
        ),
        "axis_counts": axis_counts,
    }


# Good practices -------------------------------------------------------------

from django.utils import timezone  # noqa: E402

from wagtail.admin.ui.components import Component  # noqa: E402
from wagtail.models import TaskState  # noqa: E402

from . import accounts  # noqa: E402
from .models import GoodPracticePage  # noqa: E402
from .moderation import REFUSE_ACTION  # noqa: E402
from .permissions import can_moderate_good_practices  # noqa: E402

# Who moderates: the groups of the moderation task (``partners.permissions``).
is_moderator = can_moderate_good_practices


def awaiting_moderation():
    """Task states of good practices waiting for a moderator, oldest first."""
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(GoodPracticePage)
    states = list(
        TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__content_type=content_type,
        )
        .select_related("workflow_state__requested_by")
        .order_by("started_at")
    )
    pages = GoodPracticePage.objects.in_bulk(
        [int(state.workflow_state.object_id) for state in states]
    )
    now = timezone.now()
    rows = []
    for state in states:
        page = pages.get(int(state.workflow_state.object_id))
        if page is not None:
            rows.append(
                {
                    "page": page,
                    "state": state,
                    "age": (now - state.started_at).days,
                    "submitter": state.workflow_state.requested_by,
                }
            )
    return rows


def moderation_queue(request):
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import render

    if not is_moderator(request.user):
        raise PermissionDenied
    return render(
        request,
        "partners/admin/moderation_queue.html",
        {"rows": awaiting_moderation()},
    )


class ModerationPanel(Component):
    name = "good_practices_moderation"
    order = 90
    template_name = "partners/admin/moderation_panel.html"

    def get_context_data(self, parent_context):
        rows = awaiting_moderation()
        return {"rows": rows[:5], "total": len(rows)}


@hooks.register("construct_homepage_panels")
def add_moderation_panel(request, panels):
    if is_moderator(request.user):
        panels.append(ModerationPanel())


@hooks.register("register_admin_urls")
def register_good_practice_admin_urls():
    return [
        path(
            "bonnes-pratiques/moderation/",
            moderation_queue,
            name="partners_moderation_queue",
        ),
        path("partenaires/inviter/", accounts.invite, name="partners_invite"),
    ]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_moderator(request.user)


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
        .filter(department=page.department)
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


@hooks.register("register_volume_data")
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


@hooks.register("register_benchmark_pages")
def partners_benchmark_pages():
    """The network directory, plain and with combined filters, and a good practice
    (the most recently published), for the benchmark."""
    from .models import GoodPracticePage, NetworkIndexPage

    pages = []
    network = NetworkIndexPage.objects.live().first()
    if network is not None:
        pages += [
            ("annuaire", network.url),
            ("annuaire filtré", f"{network.url}?kind=entreprise&size=pme"),
        ]
    practice = (
        GoodPracticePage.objects.live().public().order_by("-first_published_at").first()
    )
    if practice is not None:
        pages.append(("bonne pratique", practice.url))
    return pages

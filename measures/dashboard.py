"""Dashboard panels of the roadmap, the indicators and the territories.

Registered by ``measures/wagtail_hooks.py``; the machinery is ``cms.dashboard``.
Who sees a panel is decided by its ``is_shown_to`` (permissions only).
"""

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse

from wagtail.models import ModelLogEntry
from wagtail.permission_policies.pages import PagePermissionPolicy

from cms.dashboard import ROWS, DashboardPanel

from .imports import IMPORT_LOG_ACTION
from .models import (
    RENOVATION_DEADLINE,
    ContractPage,
    DepartmentPage,
    Indicator,
    MeasurePage,
    RenovationProtocolPage,
    RoadmapIndexPage,
    Territory,
    TerritoryIndexPage,
    stale_indicators,
)
from .models.contracts import (
    RENOVATION_BADGES,
    RenovationState,
    renovation_state,
)
from .models.pages import status_rollup
from .models.territorial import renovation_rows

# Permission checks, one per panel family, so they are easy to switch ----------


def can_import_values(user):
    """Who enters indicator values (producers, national administrators)."""
    return user.has_perm("measures.add_indicatorvalue") or user.has_perm(
        "measures.change_indicatorvalue"
    )


def can_edit_roadmap(user):
    """Who may edit the roadmap's pages (communication, national administrators)."""
    policy = PagePermissionPolicy()
    if not policy.user_has_any_permission(user, ["add", "change"]):
        return False
    roadmap = RoadmapIndexPage.objects.only("path", "depth").first()
    return roadmap is not None and roadmap.permissions_for_user(user).can_edit()


def can_publish_territories(user):
    """Who validates the territories' pages for every department (national)."""
    policy = PagePermissionPolicy()
    if not policy.user_has_permission(user, "publish"):
        return False
    index = TerritoryIndexPage.objects.only("path", "depth").first()
    return index is not None and index.permissions_for_user(user).can_publish()


def acting_departments(user):
    """The departments ``user`` holds a local role for (``TerritorialRole``)."""
    if not user.is_active:
        return Territory.objects.none()
    return Territory.objects.filter(
        kind=Territory.Kind.DEPARTMENT, roles__user=user
    ).order_by("code")


def has_local_role(user):
    return user.is_active and user.territorial_roles.exists()


def indicator_link(user, indicator_pk):
    if user.has_perm("measures.change_indicator"):
        return reverse("wagtailsnippets_measures_indicator:edit", args=[indicator_pk])
    if user.has_perm("measures.view_indicator"):
        return reverse(
            "wagtailsnippets_measures_indicator:inspect", args=[indicator_pk]
        )
    return None


# Roadmap (national figures) -----------------------------------------------------


class RoadmapProgressPanel(DashboardPanel):
    """The roadmap's measures counted by status."""

    name = "roadmap_progress"
    order = 90
    heading = "Avancement de la feuille de route"
    icon = "list-ul"
    template_name = "measures/admin/roadmap_progress_panel.html"

    @classmethod
    def is_shown_to(cls, user):
        return can_edit_roadmap(user)

    def get_panel_context(self):
        measures = list(
            MeasurePage.objects.defer_streamfields().only("status", "progress", "live")
        )
        live = [m for m in measures if m.live]
        context = {
            "rollup": status_rollup(
                [m.status for m in live], [m.progress for m in live]
            ),
            "drafts": len(measures) - len(live),
            "explore_url": None,
        }
        roadmap = RoadmapIndexPage.objects.only("pk").first()
        if roadmap is not None:
            context["explore_url"] = reverse("wagtailadmin_explore", args=[roadmap.pk])
        if can_import_values(self.user):
            context["stale_count"] = stale_indicators().count()
            context["stale_url"] = reverse("measures_reports:stale_indicators")
        return context


# Indicators ---------------------------------------------------------------------


class StaleIndicatorsPanel(DashboardPanel):
    """Indicators late against their periodicity, each with its import."""

    name = "stale_indicators"
    wide = True
    order = 100
    heading = "Indicateurs en retard"
    icon = "warning"
    template_name = "measures/admin/dashboard/stale_indicators.html"

    @classmethod
    def is_shown_to(cls, user):
        return can_import_values(user)

    def get_panel_context(self):
        indicators = list(stale_indicators()[: ROWS + 1])
        total = (
            len(indicators)
            if len(indicators) <= ROWS
            else stale_indicators().order_by().count()
        )
        import_url = reverse("measures_admin:indicator_import")
        rows = [
            {
                "indicator": indicator,
                "url": indicator_link(self.user, indicator.pk),
                "import_url": f"{import_url}?indicator={indicator.pk}",
            }
            for indicator in indicators[:ROWS]
        ]
        return {
            "rows": rows,
            "total": total,
            "report_url": reverse("measures_reports:stale_indicators"),
            "import_url": import_url,
        }


class LastImportsPanel(DashboardPanel):
    """The last indicator imports (audit log) and who made them."""

    name = "last_imports"
    wide = True
    order = 110
    heading = "Derniers imports de valeurs"
    icon = "upload"
    template_name = "measures/admin/dashboard/last_imports.html"

    @classmethod
    def is_shown_to(cls, user):
        return can_import_values(user)

    def get_panel_context(self):
        content_type = ContentType.objects.get_for_model(Indicator)
        entries = list(
            ModelLogEntry.objects.filter(
                content_type=content_type, action=IMPORT_LOG_ACTION
            )
            .select_related("user")
            .order_by("-timestamp", "-pk")[:ROWS]
        )
        indicators = Indicator.objects.only("code", "name").in_bulk(
            {int(entry.object_id) for entry in entries if entry.object_id.isdigit()}
        )
        rows = []
        for entry in entries:
            data = entry.data or {}
            indicator = (
                indicators.get(int(entry.object_id))
                if entry.object_id.isdigit()
                else None
            )
            rows.append(
                {
                    "entry": entry,
                    "indicator": indicator,
                    "label": indicator.code if indicator else entry.label,
                    "url": indicator_link(self.user, indicator.pk)
                    if indicator
                    else None,
                    "created": data.get("created"),
                    "updated": data.get("updated"),
                    "filename": data.get("filename", ""),
                }
            )
        return {
            "rows": rows,
            "import_url": reverse("measures_admin:indicator_import"),
        }


# Territories: a referent's departments -------------------------------------------


def _contracts_with_state(department_pages):
    """Contracts under these department pages (drafts included), each with its
    protocol (draft or live) and renovation state. Two queries."""
    if not department_pages:
        return []
    under = Q()
    for page in department_pages:
        under |= Q(path__startswith=page.path)
    contracts = list(
        ContractPage.objects.filter(under, depth=department_pages[0].depth + 1)
        .only("path", "title", "draft_title", "live", "depth", "signature_date")
        .order_by("path")
    )
    protocols = {
        protocol.path[:-4]: protocol
        for protocol in RenovationProtocolPage.objects.filter(under).only(
            "path", "title", "status", "signature_date", "live"
        )
    }
    for contract in contracts:
        contract.protocol = protocols.get(contract.path)
        contract.renovation_state = renovation_state(contract.protocol)
        contract.renovation_label = RenovationState(contract.renovation_state).label
        contract.renovation_badge = RENOVATION_BADGES[contract.renovation_state]
    return contracts


class MyDepartmentsPanel(DashboardPanel):
    """A referent's departments first: the department page as the explorer's
    starting point, its contracts and protocols against 31/07/2019."""

    name = "my_departments"
    wide = True
    order = 20
    heading = "Vos départements"
    icon = "site"
    template_name = "measures/admin/dashboard/my_departments.html"

    @classmethod
    def is_shown_to(cls, user):
        return has_local_role(user)

    def get_panel_context(self):
        departments = list(acting_departments(self.user))
        pages = list(
            DepartmentPage.objects.filter(department__in=departments)
            .only("path", "depth", "title", "draft_title", "live", "department")
            .order_by("path")
        )
        by_department = {page.department_id: page for page in pages}
        contracts = _contracts_with_state(pages)
        policy = PagePermissionPolicy()
        editable = {
            page.pk
            for page in policy.instances_user_has_permission_for(
                self.user, "change"
            ).filter(
                pk__in=[c.pk for c in contracts]
                + [c.protocol.pk for c in contracts if c.protocol]
                + [p.pk for p in pages]
            )
        }
        rows = []
        for department in departments:
            page = by_department.get(department.pk)
            own = [c for c in contracts if page and c.path.startswith(page.path)]
            rows.append(
                {
                    "department": department,
                    "page": page,
                    "explore_url": reverse("wagtailadmin_explore", args=[page.pk])
                    if page
                    else None,
                    "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk])
                    if page and page.pk in editable
                    else None,
                    "synthesis_url": reverse(
                        "measures_admin:synthesis", args=[department.code]
                    ),
                    "contracts": [
                        {
                            "contract": contract,
                            "edit_url": reverse(
                                "wagtailadmin_pages:edit", args=[contract.pk]
                            )
                            if contract.pk in editable
                            else None,
                            "protocol_url": reverse(
                                "wagtailadmin_pages:edit", args=[contract.protocol.pk]
                            )
                            if contract.protocol and contract.protocol.pk in editable
                            else None,
                        }
                        for contract in own
                    ],
                    "states": Counter(c.renovation_state for c in own),
                }
            )
        return {"rows": rows, "deadline": RENOVATION_DEADLINE}


class NationalProtocolsPanel(DashboardPanel):
    """Every department: contracts and their protocol against 31/07/2019."""

    name = "national_protocols"
    order = 30
    heading = "Protocoles des contrats de ville (national)"
    icon = "doc-full"
    template_name = "measures/admin/dashboard/national_protocols.html"

    @classmethod
    def is_shown_to(cls, user):
        return can_publish_territories(user)

    def get_panel_context(self):
        contracts = renovation_rows()
        totals = Counter(c.renovation_state for c in contracts)
        late = Counter()
        pages = {}
        for contract in contracts:
            if contract.renovation_state != RenovationState.ON_TIME:
                late[contract.department.pk] += 1
                pages[contract.department.pk] = contract.department_page
        worst = sorted(
            late.items(),
            key=lambda item: (-item[1], pages[item[0]].department.code),
        )[:ROWS]
        return {
            "deadline": RENOVATION_DEADLINE,
            "total": len(contracts),
            "tiles": [
                {
                    "label": state.label,
                    "count": totals.get(state, 0),
                    "badge": RENOVATION_BADGES[state],
                }
                for state in RenovationState
            ],
            "departments": [
                {
                    "department": pages[pk].department,
                    "count": count,
                    "explore_url": reverse("wagtailadmin_explore", args=[pages[pk].pk]),
                }
                for pk, count in worst
            ],
            "departments_late": len(late),
        }

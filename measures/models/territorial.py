"""Public pages of the territories: /territoires/, one page per department, the pacte.

``TerritoryIndexPage`` (/territoires/) holds the map and the list by region, and
two routes: ``renovation/`` (the national view of the renovation of the contrats
de ville) and ``renovation/export/`` (the same as .xlsx). Its children are the
101 ``DepartmentPage`` (contrats de ville below them) and the ``PacteDijonPage``.

Other apps add sections to a department page through the hook
``quartiers_department_sections``: each function receives ``(department_page,
request)`` and returns a list of ``{"title", "template", "context"}`` dicts (or
nothing); each is rendered under an ``<h2>`` of that title, its template receiving
``section_context``. ``measures`` never imports them.
"""

from collections import defaultdict

from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index

from cms.models import BasePage
from cms.pagination import page_of

from .contracts import (
    RENOVATION_BADGES,
    RENOVATION_DEADLINE,
    RICH_FEATURES,
    ContractPage,
    RenovationState,
    renovation_state,
)
from .indicators import IndicatorTarget, IndicatorValue
from .pacte import PARTY_INTRODUCTIONS, PacteCommitment, PacteParty, PacteTheme
from .protocols import ProtocolCommitment, RenovationProtocolPage
from .territories import QPV, Territory

DEPARTMENT_SECTIONS_HOOK = "quartiers_department_sections"
DEPARTMENT_VALUES_PAGE_SIZE = 50
OCCITANIE = "76"  # the one region whose QPV contours are loaded (PROVENANCE.md)


def live_contracts(ancestor=None):
    """Live contrats de ville (under ``ancestor``), with their department."""
    queryset = ContractPage.objects.live().public()
    if ancestor is not None:
        queryset = queryset.descendant_of(ancestor)
    return queryset.order_by("path")


def attach_protocols(contracts, ancestor=None):
    """Set ``protocol``, ``renovation_state``, its label and badge on each contract.

    One query for the protocols (live and public) under ``ancestor``.
    """
    contracts = list(contracts)
    if not contracts:
        return contracts
    queryset = RenovationProtocolPage.objects.live().public()
    if ancestor is not None:
        queryset = queryset.descendant_of(ancestor)
    protocols = {
        protocol.path[:-4]: protocol
        for protocol in queryset.only(
            "path", "title", "status", "signature_date", "url_path", "live"
        )
    }
    for contract in contracts:
        contract.protocol = protocols.get(contract.path)
        contract.renovation_state = renovation_state(contract.protocol)
        contract.renovation_label = RenovationState(contract.renovation_state).label
        contract.renovation_badge = RENOVATION_BADGES[contract.renovation_state]
    return contracts


def renovation_rows():
    """Every live contract with its department, region and renovation state."""
    departments = {
        page.path: page
        for page in DepartmentPage.objects.live()
        .select_related("department", "department__parent")
        .only("path", "title", "url_path", "department")
    }
    contracts = attach_protocols(
        live_contracts().only("path", "title", "url_path", "epci", "depth")
    )
    for contract in contracts:
        department_page = departments.get(contract.path[:-4])
        contract.department_page = department_page
        contract.department = department_page.department if department_page else None
    return [c for c in contracts if c.department is not None]


def renovation_summary():
    """Counts of contracts per renovation state, by region then department."""
    rows = renovation_rows()
    states = list(RenovationState)
    totals = dict.fromkeys(states, 0)
    by_department = defaultdict(lambda: dict.fromkeys(states, 0))
    for contract in rows:
        by_department[contract.department.pk][contract.renovation_state] += 1
        totals[contract.renovation_state] += 1
    regions = []
    departments = (
        Territory.objects.filter(kind=Territory.Kind.DEPARTMENT)
        .select_related("parent")
        .order_by("parent__name", "code")
    )
    pages = {
        page.department_id: page
        for page in DepartmentPage.objects.live().only("department", "url_path", "path")
    }
    current = None
    for department in departments:
        if current is None or current["region"].pk != department.parent_id:
            current = {
                "region": department.parent,
                "departments": [],
                "counts": dict.fromkeys(states, 0),
                "total": 0,
            }
            regions.append(current)
        counts = by_department.get(department.pk, dict.fromkeys(states, 0))
        total = sum(counts.values())
        current["departments"].append(
            {
                "department": department,
                "page": pages.get(department.pk),
                "counts": [counts[state] for state in states],
                "total": total,
            }
        )
        for state in states:
            current["counts"][state] += counts[state]
        current["total"] += total
    for region in regions:
        region["counts"] = [region["counts"][state] for state in states]
    return {
        "states": [
            {
                "value": s.value,
                "label": s.label,
                "badge": RENOVATION_BADGES[s],
                "count": totals[s],
            }
            for s in states
        ],
        "totals": [totals[state] for state in states],
        "total": len(rows),
        "regions": regions,
        "rows": rows,
        "deadline": RENOVATION_DEADLINE,
    }


class TerritoryIndexPage(RoutablePageMixin, BasePage):
    """/territoires/: map of France by department, list by region, renovation view."""

    body = RichTextField(_("présentation"), blank=True, features=RICH_FEATURES)

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["measures.DepartmentPage", "measures.PacteDijonPage"]
    max_count = 1

    class Meta:
        verbose_name = _("territoires")

    @path("")
    def index_route(self, request):
        from measures.choropleth import available_measures, choropleth
        from measures.maps import choropleth_map, department_qpv_map

        department_pages = list(
            DepartmentPage.objects.child_of(self)
            .live()
            .public()
            .select_related("department", "department__parent")
            .only("title", "url_path", "path", "department")
            .order_by("department__code")
        )
        measures = available_measures(request)
        requested = request.GET.get("measure")
        measure = next((m for m in measures if m.key == requested), measures[0])
        unknown_measure = bool(requested) and measure.key != requested
        for page in department_pages:
            page.public_url = page.get_url(request=request)
        data = choropleth(
            measure,
            [
                (
                    page.department.code,
                    page.department.name,
                    page.department_id,
                    page.public_url,
                )
                for page in department_pages
            ],
        )
        rows = {row["code"]: row for row in data["rows"]}
        region_of = {p.department.code: p.department.parent for p in department_pages}
        for row in data["rows"]:
            row["region"] = region_of[row["code"]]
        regions = {}
        for page in department_pages:
            region = page.department.parent
            regions.setdefault(region.pk, {"region": region, "departments": []})
            regions[region.pk]["departments"].append(page)
        region_list = sorted(regions.values(), key=lambda r: r["region"].name)
        return self.render(
            request,
            context_overrides={
                "regions": region_list,
                "measures": measures,
                "measure": measure,
                "unknown_measure": unknown_measure,
                "choropleth": data,
                "map": choropleth_map(rows) if data["has_data"] else None,
                "qpv_map": department_qpv_map(
                    [
                        p.department.code
                        for p in department_pages
                        if p.department.parent.code == OCCITANIE
                    ],
                    QPV.objects.filter(territory__parent__parent__code=OCCITANIE)
                    .select_related("territory")
                    .only("geometry", "territory__code", "territory__name"),
                ),
                "pacte_page": PacteDijonPage.objects.child_of(self).live().first(),
                "renovation_url": self.url + self.reverse_subpage("renovation"),
            },
        )

    @path("renovation/", name="renovation")
    def renovation_route(self, request):
        return self.render(
            request,
            template="measures/renovation_view.html",
            context_overrides={
                "summary": renovation_summary(),
                "export_url": self.url + self.reverse_subpage("renovation_export"),
                "breadcrumb_data": {
                    "links": [
                        *self.get_breadcrumb_data()["links"],
                        {"url": self.url, "title": self.title},
                    ],
                    "current": _("Rénovation des contrats de ville"),
                },
            },
        )

    @path("renovation/export/", name="renovation_export")
    def renovation_export_route(self, request):
        from cms.spreadsheets import download_response
        from measures.exports import export_renovation

        filename = f"renovation-contrats-de-ville-{timezone.localdate():%Y-%m-%d}.xlsx"
        return download_response(export_renovation(renovation_summary()), filename)


class DepartmentPage(BasePage):
    """A department: its QPV, contrats de ville, context figures and indicators."""

    department = models.OneToOneField(
        Territory,
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        related_name="page",
        limit_choices_to={"kind": Territory.Kind.DEPARTMENT},
    )
    body = RichTextField(_("présentation"), blank=True, features=RICH_FEATURES)
    national_interest_pru = models.PositiveSmallIntegerField(
        _("projets de renouvellement urbain (PRU) d’intérêt national"),
        null=True,
        blank=True,
        help_text=_("Laisser vide tant que le nombre n’est pas connu."),
    )
    figures_source = models.CharField(
        _("source des chiffres saisis"), max_length=255, blank=True
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("department", read_only=True),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("national_interest_pru"), FieldPanel("figures_source")],
            heading=_("Éléments de contexte"),
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.RelatedFields("department", [index.SearchField("code")]),
    ]
    parent_page_types = ["measures.TerritoryIndexPage"]
    subpage_types = ["measures.ContractPage"]

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")

    def save(self, *args, **kwargs):
        creating = self.pk is None
        super().save(*args, **kwargs)
        if creating:
            from measures.permissions import sync_department_group

            sync_department_group(self.department)

    @cached_property
    def qpvs(self):
        return list(
            QPV.objects.filter(territory__parent_id=self.department_id)
            .select_related("territory")
            .order_by("territory__code")
        )

    def context_figures(self, qpvs):
        from measures.department_figures import department_figures

        return {
            "qpvs": department_figures(self.department_id, qpvs),
            "pru": self.national_interest_pru,
        }

    def territorial_values(self):
        """Latest value of each indicator for this department and its QPV, paginated
        in SQL (a value is the latest when no newer one exists for its indicator
        and territory)."""
        newer = IndicatorValue.objects.filter(
            indicator_id=models.OuterRef("indicator_id"),
            territory_id=models.OuterRef("territory_id"),
            date__gt=models.OuterRef("date"),
        )
        return (
            IndicatorValue.objects.filter(
                models.Q(territory_id=self.department_id)
                | models.Q(territory__parent_id=self.department_id)
            )
            .filter(~models.Exists(newer))
            .select_related("indicator", "territory")
            .order_by("indicator__code", "territory__kind", "territory__code", "pk")
        )

    def get_context(self, request, *args, **kwargs):
        """Lazy: the template caches the page per content version and page of
        values (``{% wagtailpagecache %}``)."""
        context = super().get_context(request, *args, **kwargs)
        context["department"] = SimpleLazyObject(lambda: self.sections(request))
        return context

    def sections(self, request):
        from measures.maps import department_qpv_map
        from measures.qpv_atlas import all_statistics, comparison

        qpvs = self.qpvs
        contracts = attach_protocols(
            live_contracts(self).prefetch_related("qpvs"), ancestor=self
        )
        return {
            "qpvs": qpvs,
            "department_map": department_qpv_map(self.department.code, qpvs)
            if qpvs
            else None,
            "zoom": self.zoom(qpvs),
            "comparison": comparison(qpvs),
            "all_statistics": all_statistics(qpvs),
            "figures": self.context_figures(qpvs),
            "contracts": contracts,
            "deadline": RENOVATION_DEADLINE,
            "values": page_of(
                self.territorial_values(), request, DEPARTMENT_VALUES_PAGE_SIZE
            ),
            "targets": list(
                IndicatorTarget.objects.filter(territory_id=self.department_id)
                .select_related("indicator")
                .order_by("indicator__code")
            ),
            "extra_sections": self.extra_sections(request),
        }

    @staticmethod
    def zoom(qpvs):
        """The QPV of the commune that has most (two or more), drawn close up."""
        from measures.maps import qpv_map

        by_commune = defaultdict(list)
        for qpv in qpvs:
            if qpv.communes and qpv.geometry:
                by_commune[qpv.communes].append(qpv)
        if not by_commune:
            return None
        commune, members = max(by_commune.items(), key=lambda item: len(item[1]))
        if len(members) < 2:
            return None
        return {"commune": commune, "map": qpv_map(members)}

    def extra_sections(self, request):
        sections = []
        for hook in hooks.get_hooks(DEPARTMENT_SECTIONS_HOOK):
            sections.extend(hook(self, request) or [])
        return sections


class PacteDijonPage(BasePage):
    """The pacte de Dijon as data, each commitment with the protocols declining it."""

    body = RichTextField(_("présentation"), blank=True, features=RICH_FEATURES)

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    parent_page_types = ["measures.TerritoryIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("pacte de Dijon")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        commitments = list(PacteCommitment.objects.all())
        links = (
            ProtocolCommitment.objects.filter(
                pacte_commitment__isnull=False,
                page__in=RenovationProtocolPage.objects.live().public(),
            )
            .select_related("page")
            .order_by("page__path")
        )
        protocols = defaultdict(dict)
        for link in links:
            protocols[link.pacte_commitment_id][link.page_id] = link.page
        themes = []
        for theme in PacteTheme:
            parties = []
            for party in PacteParty:
                items = [
                    c for c in commitments if c.theme == theme and c.party == party
                ]
                for commitment in items:
                    commitment.protocols = list(protocols[commitment.pk].values())
                parties.append(
                    {
                        "party": party,
                        "introduction": PARTY_INTRODUCTIONS[party],
                        "commitments": items,
                    }
                )
            themes.append({"theme": theme, "parties": parties})
        context["themes"] = themes
        context["commitment_count"] = len(commitments)
        context["declined_count"] = sum(1 for c in commitments if c.protocols)
        return context

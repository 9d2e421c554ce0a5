"""Public pages: /paqte/, its mobilisation days, /reseau/ and the partner clubs."""

import datetime

from django.db import models
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.search import index

from cms.blocks import BaseStreamBlock
from cms.models import BasePage
from cms.pagination import lazy_page, page_of, query_without_page
from measures.models import Territory

from ..blocks import PhotoStreamBlock, ProgrammeStreamBlock
from .conventions import (
    Convention,
    ConventionObjective,
    ConventionResult,
    public_convention_q,
)
from .paqte import Axis, Company

DIRECTORY_PAGE_SIZE = 50
CLUB_MEMBERS_PAGE_SIZE = 50
CLUB_CONVENTIONS_SHOWN = 20


class PaqtePage(BasePage):
    """/paqte/: the pact, its four axes, aggregates and signatory companies."""

    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    api_fields = [*BasePage.api_fields, APIField("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["partners.MobilisationDayIndexPage", "home.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("page du PAQTE")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        axes = list(Axis.objects.prefetch_related("key_indicators").order_by("number"))
        public = Convention.objects.public()
        commitments = dict(
            public.values("axes").annotate(n=Count("pk")).values_list("axes", "n")
        )
        for axis in axes:
            axis.commitments = commitments.get(axis.pk, 0)
        context["axes"] = axes
        context["national"] = {
            "conventions": public.count(),
            "companies": public.values("company").distinct().count(),
            "objectives": self.objective_totals(),
            "results": self.result_totals(),
        }
        context["departments"] = self.department_rows(axes)
        context["companies_by_department"] = list(
            Company.objects.filter(public_convention_q("conventions__"))
            .distinct()
            .select_related("department")
            .order_by("department__code", "name")
        )
        context["days_index"] = (
            MobilisationDayIndexPage.objects.child_of(self).live().public().first()
        )
        context["network_index"] = NetworkIndexPage.objects.live().public().first()
        return context

    @staticmethod
    def objective_totals():
        return list(
            ConventionObjective.objects.filter(public_convention_q("convention__"))
            .values("axis__number", "axis__name", "indicator__name", "label")
            .annotate(
                total=Sum("target"), conventions=Count("convention", distinct=True)
            )
            .order_by("axis__number", "indicator__name", "label")
        )

    @staticmethod
    def result_totals():
        return list(
            ConventionResult.objects.filter(public_convention_q("convention__"))
            .values(
                "year", "half", "axis__number", "axis__name", "indicator__name", "label"
            )
            .annotate(
                total=Sum("value"), conventions=Count("convention", distinct=True)
            )
            .order_by("-year", "-half", "axis__number", "indicator__name", "label")
        )

    @staticmethod
    def department_rows(axes):
        """Per department: signed conventions, companies, commitments per axis."""
        public = Convention.objects.public()
        base = {
            row["company__department"]: row
            for row in public.values("company__department")
            .annotate(
                conventions=Count("pk", distinct=True),
                companies=Count("company", distinct=True),
            )
            .order_by()
        }
        per_axis = {}
        for row in (
            public.values("company__department", "axes")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            per_axis[(row["company__department"], row["axes"])] = row["n"]
        results = dict(
            ConventionResult.objects.filter(public_convention_q("convention__"))
            .values("convention__company__department")
            .annotate(n=Count("pk"))
            .values_list("convention__company__department", "n")
        )
        departments = Territory.objects.filter(pk__in=base).order_by("code")
        return [
            {
                "department": department,
                "conventions": base[department.pk]["conventions"],
                "companies": base[department.pk]["companies"],
                "axes": [per_axis.get((department.pk, axis.pk), 0) for axis in axes],
                "results": results.get(department.pk, 0),
            }
            for department in departments
        ]


class MobilisationDayIndexPage(RoutablePageMixin, BasePage):
    """/paqte/journees/: upcoming and past PAQTE mobilisation days, iCal feed."""

    parent_page_types = ["partners.PaqtePage"]
    subpage_types = ["partners.MobilisationDayPage"]
    max_count = 1

    class Meta:
        verbose_name = _("liste des journées de mobilisation")

    def get_days(self):
        return (
            MobilisationDayPage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
        )

    def split_days(self, today=None):
        """Upcoming days (date to come, or undated in a year to come) and past days."""
        today = today or timezone.localdate()
        days = list(self.get_days())
        upcoming = [
            day
            for day in days
            if (day.date and day.date >= today)
            or (not day.date and (day.year is None or day.year >= today.year))
        ]
        past = [day for day in days if day not in upcoming]
        upcoming.sort(key=lambda d: d.date or datetime.date(d.year or 9999, 12, 31))
        past.sort(
            key=lambda d: (d.date or datetime.date(d.year, 12, 31), d.title),
            reverse=True,
        )
        return upcoming, past

    @path("")
    def index_route(self, request):
        upcoming, past = self.split_days()
        return self.render(
            request, context_overrides={"upcoming": upcoming, "past": past}
        )

    @path("ical/", name="ical")
    def ical_route(self, request):
        from partners.ical import calendar_response

        upcoming, _past = self.split_days()
        return calendar_response(
            request, self, [day for day in upcoming if day.date is not None]
        )


class MobilisationDayPage(BasePage):
    """A PAQTE mobilisation day: unknown facts stay empty and editable."""

    city = models.CharField(_("ville"), max_length=100)
    year = models.PositiveSmallIntegerField(
        _("année"), null=True, blank=True, help_text=_("Si la date exacte manque.")
    )
    date = models.DateField(_("date"), null=True, blank=True)
    venue = models.CharField(_("lieu"), max_length=255, blank=True)
    organisers = models.TextField(_("organisateurs"), blank=True)
    programme = StreamField(
        ProgrammeStreamBlock(), blank=True, verbose_name=_("programme")
    )
    partner_clubs = ParentalManyToManyField(
        "partners.ClubPage",
        verbose_name=_("clubs partenaires présents"),
        blank=True,
        related_name="mobilisation_days",
    )
    partners_present = models.TextField(_("autres partenaires présents"), blank=True)
    photos = StreamField(PhotoStreamBlock(), blank=True, verbose_name=_("photos"))
    report = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("compte rendu"))
    source_note = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("D’où viennent les informations de la page."),
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("city"), FieldPanel("year"), FieldPanel("date")]
                ),
                FieldPanel("venue"),
                FieldPanel("organisers"),
                FieldPanel("source_note"),
            ],
            heading=_("La journée"),
        ),
        FieldPanel("programme"),
        MultiFieldPanel(
            [FieldPanel("partner_clubs"), FieldPanel("partners_present")],
            heading=_("Partenaires présents"),
        ),
        FieldPanel("photos"),
        FieldPanel("report"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("city"),
        index.SearchField("venue"),
        index.SearchField("programme"),
        index.SearchField("report"),
        index.FilterField("date"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("city"),
        APIField("year"),
        APIField("date"),
        APIField("venue"),
        APIField("organisers"),
        APIField("programme"),
        APIField("report"),
    ]
    parent_page_types = ["partners.MobilisationDayIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("journée de mobilisation PAQTE")
        verbose_name_plural = _("journées de mobilisation PAQTE")

    @property
    def when(self):
        if self.date:
            return self.date.strftime("%d/%m/%Y")
        if self.year:
            return str(self.year)
        return _("date non encore annoncée")

    @property
    def missing_fields(self):
        names = []
        if not self.date:
            names.append(_("date"))
        if not self.venue:
            names.append(_("lieu"))
        if not self.organisers:
            names.append(_("organisateurs"))
        if not self.programme:
            names.append(_("programme"))
        if not self.report:
            names.append(_("compte rendu"))
        return names

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["conventions"] = list(
            self.conventions.public()
            .select_related("company", "company__department")
            .order_by("company__name")
        )
        context["clubs"] = list(self.partner_clubs.live().public().order_by("title"))
        return context


class NetworkIndexPage(RoutablePageMixin, BasePage):
    """/reseau/: the partner clubs and the public directory of the network."""

    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["partners.ClubPage"]
    max_count = 1

    class Meta:
        verbose_name = _("réseau des partenaires")

    def get_clubs(self):
        return ClubPage.objects.child_of(self).live().public().order_by("title")

    @path("")
    def index_route(self, request):
        from partners.directory import Directory

        directory = Directory(request.GET)

        def entries():
            page_obj = page_of(directory.entries(), request, DIRECTORY_PAGE_SIZE)
            page_obj.object_list = directory.attach_details(page_obj.object_list)
            return page_obj

        # Lazy: the template caches the directory per content version and filters.
        return self.render(
            request,
            context_overrides={
                "clubs": SimpleLazyObject(lambda: list(self.get_clubs())),
                "filter": directory.filterset,
                "page_obj": SimpleLazyObject(entries),
                "query": query_without_page(request),
            },
        )

    @re_path(r"^telecharger/(?P<fmt>xlsx|csv)/$", name="download")
    def download_route(self, request, fmt):
        from partners.directory import Directory
        from partners.exports import directory_response

        return directory_response(Directory(request.GET), fmt)


class ClubPage(BasePage):
    """A partner club of companies (FACE, CREPI, LEPC, …)."""

    body = StreamField(
        BaseStreamBlock(), blank=True, verbose_name=_("présentation du club")
    )
    departments = ParentalManyToManyField(
        Territory,
        verbose_name=_("départements où le club agit"),
        blank=True,
        related_name="paqte_clubs",
        limit_choices_to={"kind": Territory.Kind.DEPARTMENT},
    )
    website = models.URLField(_("site web"), blank=True)
    contact_email = models.EmailField(_("courriel de contact"), blank=True)
    contact_phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    contact_address = models.TextField(_("adresse"), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("body"),
        FieldPanel("departments"),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldRowPanel(
                    [FieldPanel("contact_email"), FieldPanel("contact_phone")]
                ),
                FieldPanel("contact_address"),
            ],
            heading=_("Contact"),
        ),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    api_fields = [
        *BasePage.api_fields,
        APIField("body"),
        APIField("website"),
        APIField("contact_email"),
    ]
    parent_page_types = ["partners.NetworkIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("club d’entreprises")
        verbose_name_plural = _("clubs d’entreprises")

    @property
    def has_contact(self):
        return bool(
            self.website
            or self.contact_email
            or self.contact_phone
            or self.contact_address
        )

    def members(self):
        """Member companies with a public convention, by name."""
        return (
            Company.objects.filter(public_convention_q("conventions__"), clubs=self)
            .distinct()
            .select_related("department")
            .order_by("name", "pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: the template caches these lists per content version and page.
        context["club_departments"] = SimpleLazyObject(
            lambda: list(self.departments.order_by("code"))
        )
        context["members"] = lazy_page(self.members, request, CLUB_MEMBERS_PAGE_SIZE)
        context["conventions"] = SimpleLazyObject(
            lambda: list(
                Convention.objects.public()
                .filter(company__clubs=self)
                .select_related("company", "company__department")
                .prefetch_related("axes")
                .order_by("-start_date", "company__name")[:CLUB_CONVENTIONS_SHOWN]
            )
        )
        context["conventions_shown"] = CLUB_CONVENTIONS_SHOWN
        context["good_practices"] = SimpleLazyObject(
            lambda: list(
                self.good_practices.live()
                .public()
                .defer_streamfields()
                .order_by("-first_published_at")[:5]
            )
        )
        return context

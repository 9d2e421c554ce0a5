from collections import Counter

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from cms.blocks import SourceBlock
from cms.models import BasePage
from cms.pagination import lazy_page, page_of
from measures.blocks import (
    MeasureStreamBlock,
    key_figure_indicator_ids,
    key_figures_for,
)

from .indicators import Indicator, IndicatorValue
from .territories import Territory

ROADMAP_PAGE_SIZE = 40
PROGRAMME_PAGE_SIZE = 40


class MeasureStatus(models.TextChoices):
    TO_LAUNCH = "to_launch", _("À lancer")
    DEPLOYING = "deploying", _("En cours de déploiement")
    ACHIEVED = "achieved", _("Atteinte")


STATUS_BADGES = {
    MeasureStatus.TO_LAUNCH: "info",
    MeasureStatus.DEPLOYING: "new",
    MeasureStatus.ACHIEVED: "success",
}


def status_rollup(statuses, progresses=()):
    """Counts per status (every status listed, in order) and mean known progress."""
    counts = Counter(statuses)
    known = [p for p in progresses if p is not None]
    total = sum(counts.values())
    by_status = []
    start = 0.0
    for status in MeasureStatus:
        count = counts.get(status.value, 0)
        share = count / total * 100 if total else 0.0
        by_status.append(
            {
                "value": status.value,
                "label": status.label,
                "badge": STATUS_BADGES[status],
                "count": count,
                "share": round(share),
                # Where its segment starts and how wide it is, out of 100.
                "start": f"{start:.2f}",
                "width": f"{share:.2f}",
            }
        )
        start += share
    return {
        "total": total,
        "by_status": by_status,
        "progress": round(sum(known) / len(known)) if known else None,
        "progress_known": len(known),
    }


class RoadmapIndexPage(BasePage):
    """/feuille-de-route/: the roadmap of 18 July 2018, its programmes and measures."""

    adoption_date = models.DateField(_("date d’adoption"), null=True, blank=True)
    announced_measure_count = models.PositiveSmallIntegerField(
        _("nombre de mesures annoncées"),
        null=True,
        blank=True,
        help_text=_(
            "Nombre total de mesures de la feuille de route (40 selon la circulaire)."
        ),
    )
    body = StreamField(MeasureStreamBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [
        *BasePage.content_panels,
        FieldRowPanel(
            [FieldPanel("adoption_date"), FieldPanel("announced_measure_count")]
        ),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    api_fields = [
        *BasePage.api_fields,
        APIField("adoption_date"),
        APIField("announced_measure_count"),
        APIField("body"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["measures.ProgrammePage"]
    max_count = 1

    class Meta:
        verbose_name = _("feuille de route")

    def get_context(self, request, *args, **kwargs):
        """Lazy: the template caches the roadmap per content version and filters
        (``{% wagtailpagecache %}``); a cold fragment costs the same queries
        whatever the number of measures (rollups read three columns, the list is
        paginated)."""
        context = super().get_context(request, *args, **kwargs)
        context["roadmap"] = SimpleLazyObject(lambda: self.listing(request))
        return context

    def listing(self, request):
        from measures.filters import MeasureFilter

        programmes = list(
            ProgrammePage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .order_by("path")
        )
        measures = MeasurePage.objects.descendant_of(self).live().public()
        rows = list(measures.values_list("path", "status", "progress"))
        measure_filter = MeasureFilter(
            request.GET or None,
            queryset=measures.defer_streamfields()
            .prefetch_related("lead_ministries")
            .order_by("path"),
            programmes=programmes,
        )
        page_obj = page_of(measure_filter.qs, request, ROADMAP_PAGE_SIZE)
        page_obj.object_list = list(page_obj.object_list)
        for measure in page_obj.object_list:
            measure.programme = next(
                (p for p in programmes if measure.path.startswith(p.path)), None
            )

        def rollup(prefix=""):
            scoped = [row for row in rows if row[0].startswith(prefix)]
            return status_rollup([r[1] for r in scoped], [r[2] for r in scoped])

        return {
            "programmes": [(p, rollup(p.path)) for p in programmes],
            "rollup": rollup(),
            "filter": measure_filter,
            "page_obj": page_obj,
            "published_count": len(rows),
            "missing_count": max((self.announced_measure_count or 0) - len(rows), 0),
        }


class ProgrammePage(BasePage):
    """One of the five programmes of the roadmap."""

    body = StreamField(MeasureStreamBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    api_fields = [*BasePage.api_fields, APIField("body")]
    parent_page_types = ["measures.RoadmapIndexPage"]
    subpage_types = ["measures.MeasurePage"]

    class Meta:
        verbose_name = _("programme")

    def get_measures(self):
        return (
            MeasurePage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .prefetch_related("lead_ministries")
            .order_by("path")
        )

    def get_context(self, request, *args, **kwargs):
        """Lazy: the template caches the programme per content version and page."""
        context = super().get_context(request, *args, **kwargs)
        context["measures"] = lazy_page(self.get_measures, request, PROGRAMME_PAGE_SIZE)
        context["rollup"] = SimpleLazyObject(self.rollup)
        context["key_figures"] = SimpleLazyObject(
            lambda: key_figures_for(key_figure_indicator_ids(self.body))
        )
        return context

    def rollup(self):
        rows = list(
            MeasurePage.objects.child_of(self)
            .live()
            .public()
            .values_list("status", "progress")
        )
        return status_rollup([r[0] for r in rows], [r[1] for r in rows])


class MeasurePage(BasePage):
    """A measure of the roadmap, with its status, progress and live indicators."""

    number = models.PositiveSmallIntegerField(
        _("numéro officiel"),
        null=True,
        blank=True,
        help_text=_("Seulement si une source le donne (ex. « mesure 18 »)."),
    )
    reference = models.CharField(
        _("référence interne"),
        max_length=20,
        blank=True,
        help_text=_("Clé propre au site (pas le numéro officiel)."),
    )
    lead_ministries = ParentalManyToManyField(
        "measures.Ministry",
        verbose_name=_("chef(s) de file"),
        blank=True,
        related_name="measures",
    )
    status = models.CharField(
        _("état d’avancement"),
        max_length=20,
        choices=MeasureStatus.choices,
        default=MeasureStatus.TO_LAUNCH,
    )
    progress = models.PositiveSmallIntegerField(
        _("progression (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Laisser vide tant qu’aucune source ne la mesure."),
    )
    status_date = models.DateField(
        _("état constaté le"),
        null=True,
        blank=True,
        help_text=_("Date de l’état indiqué."),
    )
    launch_date = models.DateField(_("date de lancement"), null=True, blank=True)
    target_date = models.DateField(_("échéance"), null=True, blank=True)
    body = StreamField(MeasureStreamBlock(), blank=True, verbose_name=_("contenu"))
    sources = StreamField(
        [("source", SourceBlock())], blank=True, verbose_name=_("sources")
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("number"), FieldPanel("reference")]),
                FieldPanel("lead_ministries"),
            ],
            heading=_("Identification"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("status"),
                        FieldPanel("progress"),
                        FieldPanel("status_date"),
                    ]
                ),
                FieldRowPanel([FieldPanel("launch_date"), FieldPanel("target_date")]),
            ],
            heading=_("Avancement"),
        ),
        FieldPanel("body"),
        InlinePanel("measure_indicators", label=_("Indicateurs de suivi")),
        FieldPanel("sources"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.FilterField("status"),
        index.RelatedFields("lead_ministries", [index.SearchField("name")]),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("number"),
        APIField("status"),
        APIField("progress"),
        APIField("status_date"),
        APIField("launch_date"),
        APIField("target_date"),
        APIField("lead_ministries"),
        APIField("body"),
        APIField("sources"),
    ]
    parent_page_types = ["measures.ProgrammePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("mesure")
        verbose_name_plural = _("mesures")

    @property
    def status_badge(self):
        return STATUS_BADGES.get(self.status, "info")

    def data_updated_at(self):
        """When a value of one of its indicators last changed (« Mis à jour le »)."""
        return IndicatorValue.objects.filter(
            indicator__measure_links__page=self
        ).aggregate(latest=models.Max("updated_at"))["latest"]

    def get_indicators(self):
        """Its indicators with their latest value and national history: 3 queries."""
        indicators = list(
            Indicator.objects.filter(measure_links__page=self)
            .with_latest()
            .select_related("producer")
            .order_by("measure_links__sort_order")
        )
        history = {indicator.pk: [] for indicator in indicators}
        values = (
            IndicatorValue.objects.filter(
                indicator__in=indicators, territory__kind=Territory.Kind.NATIONAL
            )
            .order_by("date")
            .only(
                "indicator_id",
                "date",
                "value",
                "approximation",
                "comment",
                "source",
                "source_url",
                "source_quote",
            )
        )
        for value in values:
            history[value.indicator_id].append(value)
        for indicator in indicators:
            indicator.history = history[indicator.pk]
        return indicators

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        ancestors = context["breadcrumb_data"]["links"]
        context["programme"] = ancestors[-1] if ancestors else None
        # Lazy: the template caches these sections (``{% wagtailpagecache %}``).
        context["indicators"] = SimpleLazyObject(self.get_indicators)
        context["key_figures"] = SimpleLazyObject(
            lambda: key_figures_for(key_figure_indicator_ids(self.body))
        )
        return context


class MeasureIndicator(Orderable):
    page = ParentalKey(
        MeasurePage, on_delete=models.CASCADE, related_name="measure_indicators"
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicateur"),
        on_delete=models.CASCADE,
        related_name="measure_links",
    )

    panels = [FieldPanel("indicator")]

    class Meta(Orderable.Meta):
        verbose_name = _("indicateur de la mesure")
        verbose_name_plural = _("indicateurs de la mesure")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "indicator"], name="unique_measure_indicator"
            )
        ]

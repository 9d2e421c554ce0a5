import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from .territories import Territory


class Ministry(index.Indexed, models.Model):
    """A lead ministry (or operator) that carries measures and produces indicators."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministère")
        OPERATOR = "operator", _("Opérateur ou agence")

    name = models.CharField(_("nom"), max_length=200, unique=True)
    full_name = models.CharField(
        _("dénomination complète"),
        max_length=255,
        blank=True,
        help_text=_(
            "À renseigner par un administrateur : non fournie par les sources."
        ),
    )
    kind = models.CharField(
        _("nature"), max_length=20, choices=Kind.choices, default=Kind.MINISTRY
    )
    website = models.URLField(_("site web"), blank=True)

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("full_name"),
        index.FilterField("kind"),
    ]
    panels = [
        FieldPanel("name"),
        FieldPanel("full_name"),
        FieldPanel("kind"),
        FieldPanel("website"),
    ]

    class Meta:
        verbose_name = _("ministère chef de file")
        verbose_name_plural = _("ministères chefs de file")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def kind_label(self):
        return self.get_kind_display()


class Periodicity(models.TextChoices):
    UNKNOWN = "", _("Non précisée")
    MONTHLY = "monthly", _("Mensuelle")
    QUARTERLY = "quarterly", _("Trimestrielle")
    HALF_YEARLY = "half_yearly", _("Semestrielle")
    YEARLY = "yearly", _("Annuelle")
    ONE_OFF = "one_off", _("Ponctuelle")


PERIODICITY_DAYS = {
    Periodicity.MONTHLY: 31,
    Periodicity.QUARTERLY: 92,
    Periodicity.HALF_YEARLY: 184,
    Periodicity.YEARLY: 366,
    Periodicity.ONE_OFF: None,
    Periodicity.UNKNOWN: None,
}


class Approximation(models.TextChoices):
    EXACT = "", _("Valeur exacte")
    ABOUT = "about", _("Environ")
    NEARLY = "nearly", _("Près de")
    MORE_THAN = "more_than", _("Plus de")


APPROXIMATION_PREFIX = {
    Approximation.EXACT: "",
    Approximation.ABOUT: _("environ"),
    Approximation.NEARLY: _("près de"),
    Approximation.MORE_THAN: _("plus de"),
}


class IndicatorQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def with_latest(self):
        """Annotate each indicator with its latest national value, its date,
        precision and source (the value's own: never the indicator's)."""
        latest = IndicatorValue.objects.filter(
            indicator=OuterRef("pk"), territory__kind=Territory.Kind.NATIONAL
        ).order_by("-date", "-pk")
        return self.annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_date=Subquery(latest.values("date")[:1]),
            latest_approximation=Subquery(latest.values("approximation")[:1]),
            latest_source=Subquery(latest.values("source")[:1]),
            latest_source_url=Subquery(latest.values("source_url")[:1]),
        )


class Indicator(index.Indexed, models.Model):
    """A follow-up indicator of the roadmap, produced by its lead ministry."""

    class Direction(models.TextChoices):
        UP = "up", _("À la hausse")
        DOWN = "down", _("À la baisse")
        NONE = "none", _("Sans objectif de sens")

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z0-9][A-Z0-9_-]*$",
                _("Le code ne contient que des majuscules, chiffres, tirets et « _ »."),
            )
        ],
        help_text=_(
            "Identifiant stable, utilisé dans les imports (ex. EMPLOIS-FRANCS)."
        ),
    )
    name = models.CharField(_("nom"), max_length=255)
    definition = models.TextField(_("définition"), blank=True)
    unit = models.CharField(
        _("unité"), max_length=40, blank=True, help_text=_("Ex. : élèves, Md€, %.")
    )
    producer = models.ForeignKey(
        Ministry,
        verbose_name=_("ministère producteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    periodicity = models.CharField(
        _("périodicité"),
        max_length=20,
        choices=Periodicity.choices,
        default=Periodicity.YEARLY,
        blank=True,
    )
    direction = models.CharField(
        _("sens souhaité"),
        max_length=10,
        choices=Direction.choices,
        default=Direction.UP,
    )
    national_target = models.DecimalField(
        _("cible nationale"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    national_target_date = models.DateField(
        _("échéance de la cible"), null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=255, blank=True)
    source_url = models.URLField(_("adresse de la source"), blank=True)

    objects = IndicatorQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("code"),
        index.SearchField("definition"),
        index.FilterField("producer"),
        index.FilterField("periodicity"),
        index.FilterField("id"),  # the search's axis filter (pk__in)
    ]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("code"),
                FieldPanel("name"),
                FieldPanel("definition"),
                FieldPanel("unit"),
            ],
            heading=_("Définition"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("producer"),
                FieldRowPanel([FieldPanel("periodicity"), FieldPanel("direction")]),
                FieldRowPanel(
                    [FieldPanel("national_target"), FieldPanel("national_target_date")]
                ),
            ],
            heading=_("Production et cible"),
        ),
        MultiFieldPanel(
            [FieldPanel("source"), FieldPanel("source_url")], heading=_("Source")
        ),
    ]

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.name}"

    @property
    def periodicity_label(self):
        return self.get_periodicity_display()

    @property
    def direction_label(self):
        return self.get_direction_display()

    @property
    def latest_prefix(self):
        """« environ », « près de », « plus de » for the annotated latest value."""
        return APPROXIMATION_PREFIX.get(getattr(self, "latest_approximation", ""), "")

    @property
    def latest_display(self):
        """The annotated latest national value, written the French way."""
        from cms.templatetags.cms_tags import figure

        value = getattr(self, "latest_value", None)
        if value is None:
            return "—"
        return " ".join(
            str(part) for part in (self.latest_prefix, figure(value), self.unit) if part
        )


class TerritorialFigureMixin:
    """Flat columns for listings and exports of a figure about one territory."""

    @property
    def indicator_code(self):
        return self.indicator.code

    @property
    def territory_kind_label(self):
        return self.territory.get_kind_display()

    @property
    def indicator_unit(self):
        return self.indicator.unit

    @property
    def value_display(self):
        """The value with its unit: « 3 Md€ », « près de 700 copropriétés »."""
        from cms.admin_listings import with_unit

        prefix = APPROXIMATION_PREFIX.get(getattr(self, "approximation", ""), "")
        return with_unit(self.value, self.indicator.unit, prefix)

    value_display.fget.short_description = _("valeur")

    @property
    def territory_code(self):
        return self.territory.code

    @property
    def territory_name(self):
        return self.territory.name


class IndicatorValue(TerritorialFigureMixin, models.Model):
    """A dated value of an indicator for one territory."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicateur"),
        on_delete=models.CASCADE,
        related_name="values",
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        related_name="values",
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("valeur"), max_digits=20, decimal_places=4)
    approximation = models.CharField(
        _("précision"),
        max_length=20,
        choices=Approximation.choices,
        default=Approximation.EXACT,
        blank=True,
    )
    comment = models.CharField(_("commentaire"), max_length=500, blank=True)
    source = models.CharField(
        _("source de la valeur"),
        max_length=255,
        blank=True,
        help_text=_(
            "Qui publie ce chiffre (ex. : « Circulaire n° 6057/SG du 22 janvier "
            "2019 »). Affichée avec la valeur sur le site."
        ),
    )
    source_url = models.URLField(_("adresse de la source"), max_length=500, blank=True)
    source_quote = models.TextField(
        _("termes de la source"),
        blank=True,
        help_text=_("Court extrait de la source qui donne ce chiffre, mot pour mot."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("valeur d’indicateur")
        verbose_name_plural = _("valeurs d’indicateurs")
        ordering = ["indicator__code", "-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "territory", "date"], name="unique_indicator_value"
            )
        ]
        indexes = [models.Index(fields=["indicator", "territory", "-date"])]

    def __str__(self):
        return f"{self.indicator.code} · {self.territory} · {self.date:%d/%m/%Y}"

    @property
    def approximation_prefix(self):
        return APPROXIMATION_PREFIX.get(self.approximation, "")

    @property
    def approximation_label(self):
        return str(self.approximation_prefix)


class IndicatorTarget(TerritorialFigureMixin, models.Model):
    """An optional territorial target for an indicator."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicateur"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        related_name="targets",
    )
    value = models.DecimalField(_("cible"), max_digits=20, decimal_places=4)
    date = models.DateField(_("échéance"), null=True, blank=True)

    class Meta:
        verbose_name = _("cible territoriale")
        verbose_name_plural = _("cibles territoriales")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "territory"], name="unique_indicator_target"
            )
        ]

    def __str__(self):
        return f"{self.indicator.code} · {self.territory}"

    def clean(self):
        if self.territory_id and self.territory.kind == Territory.Kind.NATIONAL:
            raise ValidationError(
                {
                    "territory": _(
                        "La cible nationale se saisit sur l’indicateur lui-même."
                    )
                }
            )


def stale_indicators(today=None):
    """Indicators whose latest national value is older than their periodicity allows
    (or that have none), one-off indicators excepted, most overdue first."""
    today = today or datetime.date.today()
    thresholds = [
        models.When(
            periodicity=periodicity,
            then=models.Value(today - datetime.timedelta(days=days)),
        )
        for periodicity, days in PERIODICITY_DAYS.items()
        if days is not None
    ]
    return (
        Indicator.objects.exclude(
            periodicity__in=[Periodicity.ONE_OFF, Periodicity.UNKNOWN]
        )
        .with_latest()
        .annotate(due_before=models.Case(*thresholds, output_field=models.DateField()))
        .filter(
            models.Q(latest_date__isnull=True)
            | models.Q(latest_date__lt=models.F("due_before"))
        )
        .select_related("producer")
        .order_by(models.F("latest_date").asc(nulls_first=True), "code")
    )

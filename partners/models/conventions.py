"""PAQTE conventions: a company's triennial commitment, its objectives and results."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)

from measures.models import Indicator

from .paqte import (
    CHARTER_CONVERSION_DEADLINE,
    KEY_INDICATOR_PREFIX,
    SMALL_SIZES,
    Axis,
    Company,
    Half,
    add_years,
    label,
    semester_label,
    year_field,
)


class ConventionStatus(models.TextChoices):
    PREPARATION = "preparation", _("En préparation")
    SIGNED = "signed", _("Signée")
    EXPIRED = "expired", _("Échue")
    TERMINATED = "terminated", _("Résiliée")


PUBLIC_STATUSES = (ConventionStatus.SIGNED, ConventionStatus.EXPIRED)


class ConventionOrigin(models.TextChoices):
    NEW = "new", _("Nouvelle convention")
    CHARTER = (
        "charter",
        _("Transformation d’une convention « entreprises et quartiers »"),
    )


def public_convention_q(path=""):
    """The rule « a convention may be shown on the public site » (signed or
    expired) as a ``Q``, for the convention at ``path`` (``"conventions__"`` from a
    company, ``"convention__"`` from a result...). Used in one ``filter()`` call
    with the other conditions on the same convention, it joins it once."""
    return models.Q(**{f"{path}status__in": PUBLIC_STATUSES})


class ConventionQuerySet(models.QuerySet):
    def public(self):
        """Conventions that may be shown on the public site: signed or expired."""
        return self.filter(public_convention_q())


class Convention(ClusterableModel):
    """A triennial PAQTE convention signed by the prefect with one company."""

    company = models.ForeignKey(
        Company,
        verbose_name=_("entreprise"),
        on_delete=models.PROTECT,
        related_name="conventions",
    )
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=ConventionStatus.choices,
        default=ConventionStatus.PREPARATION,
    )
    signed_on = models.DateField(_("date de signature"), null=True, blank=True)
    start_date = models.DateField(_("date de début"), null=True, blank=True)
    end_date = models.DateField(
        _("date de fin"),
        null=True,
        blank=True,
        help_text=_("Laissée vide : date de début + 3 ans (convention triennale)."),
    )
    axes = ParentalManyToManyField(
        Axis,
        verbose_name=_("axes retenus"),
        blank=True,
        related_name="conventions",
        help_text=_(
            "Une grande entreprise ou une ETI retient les quatre axes ; une PME ou "
            "une TPE peut n’en retenir que certains, ou ajouter ses propres "
            "engagements spécifiques (objectifs sans axe)."
        ),
    )
    origin = models.CharField(
        _("origine"),
        max_length=20,
        choices=ConventionOrigin.choices,
        default=ConventionOrigin.NEW,
    )
    charter_conversion_date = models.DateField(
        _("date de transformation de la charte"),
        null=True,
        blank=True,
        help_text=_(
            "Pour une convention « entreprises et quartiers » transformée en PAQTE "
            "(échéance fixée par la circulaire : janvier 2020)."
        ),
    )
    mobilisation_day = models.ForeignKey(
        "partners.MobilisationDayPage",
        verbose_name=_("signée lors de la journée de mobilisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conventions",
    )
    notes = models.TextField(_("observations"), blank=True)

    objects = ConventionQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("company"),
                FieldRowPanel([FieldPanel("status"), FieldPanel("signed_on")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("mobilisation_day"),
            ],
            heading=_("Convention"),
        ),
        MultiFieldPanel(
            [FieldPanel("origin"), FieldPanel("charter_conversion_date")],
            heading=_("Origine"),
        ),
        FieldPanel("axes", widget=forms.CheckboxSelectMultiple),
        InlinePanel("objectives", label=_("Objectifs"), heading=_("Objectifs")),
        InlinePanel(
            "results", label=_("Résultats"), heading=_("Résultats semestriels")
        ),
        FieldPanel("notes"),
    ]

    class Meta:
        verbose_name = _("convention PAQTE")
        verbose_name_plural = _("conventions PAQTE")
        ordering = ["-start_date", "company__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="paqte_convention_end_after_start",
                violation_error_message=_(
                    "Date de fin : elle ne peut pas précéder la date de début."
                ),
            )
        ]

    def __str__(self):
        year = f" ({self.start_date.year})" if self.start_date else ""
        return f"PAQTE {self.company}{year}"

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _(
                "Date de fin : le %(end)s précède la date de début (%(start)s)."
            ) % {
                "end": self.end_date.strftime("%d/%m/%Y"),
                "start": self.start_date.strftime("%d/%m/%Y"),
            }
        if self.status == ConventionStatus.SIGNED and not self.start_date:
            errors["start_date"] = _(
                "Date de début : obligatoire pour une convention signée."
            )
        if self.origin == ConventionOrigin.CHARTER and not self.charter_conversion_date:
            errors["charter_conversion_date"] = _(
                "Date de transformation : obligatoire pour une convention issue "
                "de la charte « entreprises et quartiers »."
            )
        if self.misses_axes():
            errors["axes"] = _(
                "Axes retenus : une grande entreprise ou une ETI s’engage sur les "
                "quatre axes du PAQTE ; seules les PME et les TPE peuvent n’en "
                "retenir que certains (annexe 2 de la circulaire)."
            )
        if errors:
            raise ValidationError(errors)

    def misses_axes(self):
        """A signed convention of a large company or ETI that does not keep every
        axis. Reads the axes held in memory (the admin form sets them before
        validating), so an unsaved convention is checked too."""
        if self.status != ConventionStatus.SIGNED or not self.company_id:
            return False
        if self.company.size in SMALL_SIZES:
            return False
        kept = {axis.pk for axis in self.axes.all()}
        return len(kept) < Axis.objects.count()

    def save(self, *args, **kwargs):
        if self.start_date and not self.end_date:
            self.end_date = add_years(self.start_date, 3)
        super().save(*args, **kwargs)

    @property
    def department(self):
        return self.company.department

    @property
    def is_public(self):
        return self.status in PUBLIC_STATUSES

    @property
    @label(_("Statut"))
    def status_label(self):
        return self.get_status_display()

    @property
    @label(_("Origine"))
    def origin_label(self):
        return self.get_origin_display()

    @property
    @label(_("Entreprise"))
    def company_name(self):
        return self.company.name

    @property
    @label(_("SIREN"))
    def company_siren(self):
        return self.company.siren

    @property
    @label(_("Taille"))
    def company_size(self):
        return self.company.get_size_display()

    @property
    @label(_("Département"))
    def department_name(self):
        return str(self.company.department)

    @property
    @label(_("Axes retenus"))
    def axes_display(self):
        return ", ".join(axis.name for axis in self.axes.all())

    @property
    def converted_late(self):
        return bool(
            self.charter_conversion_date
            and self.charter_conversion_date > CHARTER_CONVERSION_DEADLINE
        )


def axis_not_kept_error(axis):
    return _(
        "Axe : la convention ne retient pas l’axe « %(axis)s ». Ajoutez-le aux axes "
        "retenus ou choisissez un axe retenu (laissez vide pour un engagement "
        "spécifique)."
    ) % {"axis": axis}


class ConventionLine(models.Model):
    """What an objective and a result share: an axis (or none) and an indicator."""

    axis = models.ForeignKey(
        Axis,
        verbose_name=_("axe"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Vide pour un engagement spécifique hors des quatre axes."),
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicateur clé"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"code__startswith": KEY_INDICATOR_PREFIX},
    )
    label = models.CharField(
        _("engagement"),
        max_length=255,
        blank=True,
        help_text=_("Libellé de l’engagement, s’il n’est pas un indicateur clé."),
    )

    class Meta:
        abstract = True

    @property
    def line_label(self):
        if self.indicator_id:
            return self.indicator.name
        return self.label or _("Engagement sans libellé")

    @property
    def axis_label(self):
        return self.axis.name if self.axis_id else _("Engagement spécifique")

    def clean(self):
        super().clean()
        if not self.indicator_id and not self.label:
            raise ValidationError(
                {
                    "label": _(
                        "Engagement : choisissez un indicateur clé ou saisissez le "
                        "libellé de l’engagement."
                    )
                }
            )
        # Whether the convention keeps the axis is checked with the axes saved
        # with it, in ``partners.forms.ConventionForm.is_valid``.


class ConventionObjective(ConventionLine):
    convention = ParentalKey(
        Convention, on_delete=models.CASCADE, related_name="objectives"
    )
    target = models.DecimalField(
        _("objectif chiffré"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_date = models.DateField(_("échéance"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("axis"), FieldPanel("indicator")]),
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("target"), FieldPanel("target_date")]),
    ]

    class Meta:
        verbose_name = _("objectif")
        verbose_name_plural = _("objectifs")
        ordering = ["axis__number", "pk"]

    def __str__(self):
        return f"{self.axis_label} · {self.line_label}"


class ConventionResult(ConventionLine):
    convention = ParentalKey(
        Convention, on_delete=models.CASCADE, related_name="results"
    )
    year = year_field(_("année"))
    half = models.PositiveSmallIntegerField(_("semestre"), choices=Half.choices)
    value = models.DecimalField(_("résultat"), max_digits=14, decimal_places=2)
    comment = models.CharField(_("commentaire"), max_length=500, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("half")]),
        FieldRowPanel([FieldPanel("axis"), FieldPanel("indicator")]),
        FieldPanel("label"),
        FieldPanel("value"),
        FieldPanel("comment"),
    ]

    class Meta:
        verbose_name = _("résultat semestriel")
        verbose_name_plural = _("résultats semestriels")
        ordering = ["year", "half", "axis__number", "pk"]

    def __str__(self):
        return f"{self.semester} · {self.axis_label} · {self.line_label}"

    @property
    def semester(self):
        return semester_label(self.year, self.half)

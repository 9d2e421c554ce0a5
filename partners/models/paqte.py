"""PAQTE: axes, companies, triennial conventions, objectives and semester results."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
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
from wagtail.search import index

from measures.models import Indicator, Territory

from ..validators import normalise_siren, validate_siren

KEY_INDICATOR_PREFIX = "PAQTE-"
CHARTER_CONVERSION_DEADLINE = datetime.date(2020, 1, 31)
FIRST_YEAR = 2018
LAST_YEAR = 2030


class Half(models.IntegerChoices):
    FIRST = 1, _("1er semestre")
    SECOND = 2, _("2d semestre")


def semester_label(year, half):
    return f"S{half} {year}"


def semester_bounds(year, half):
    if half == Half.FIRST:
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    return datetime.date(year, 7, 1), datetime.date(year, 12, 31)


def current_semester(today=None):
    today = today or datetime.date.today()
    return today.year, Half.FIRST if today.month <= 6 else Half.SECOND


def year_field(verbose_name):
    return models.PositiveSmallIntegerField(
        verbose_name,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )


def label(text):
    """Column heading of a computed attribute in admin listings and exports."""

    def decorate(function):
        function.short_description = text
        return function

    return decorate


def add_years(date, years):
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


class Axis(index.Indexed, ClusterableModel):
    """One of the four commitment axes of the PAQTE (annex 2 of the circular)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    number = models.PositiveSmallIntegerField(_("numéro"), unique=True)
    name = models.CharField(_("nom"), max_length=100)
    definition = models.TextField(
        _("définition officielle"),
        help_text=_("Texte de l’annexe 2 de la circulaire, sans reformulation."),
    )
    source = models.CharField(_("source"), max_length=255, blank=True)
    key_indicators = ParentalManyToManyField(
        Indicator,
        verbose_name=_("indicateurs clés"),
        blank=True,
        related_name="paqte_axes",
        limit_choices_to={"code__startswith": KEY_INDICATOR_PREFIX},
        help_text=_(
            "Indicateurs clés sur lesquels les entreprises s’engagent (codes "
            "« PAQTE-… »)."
        ),
    )

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("definition"),
    ]
    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("code")]),
        FieldPanel("name"),
        FieldPanel("definition"),
        FieldPanel("source"),
        FieldPanel("key_indicators"),
    ]

    class Meta:
        verbose_name = _("axe du PAQTE")
        verbose_name_plural = _("axes du PAQTE")
        ordering = ["number"]

    def __str__(self):
        return self.name


class CompanySize(models.TextChoices):
    LARGE = "ge", _("Grande entreprise")
    ETI = "eti", _("Entreprise de taille intermédiaire (ETI)")
    PME = "pme", _("Petite ou moyenne entreprise (PME)")
    TPE = "tpe", _("Très petite entreprise (TPE)")


SMALL_SIZES = (CompanySize.PME, CompanySize.TPE)


class SirenFormField(forms.CharField):
    """Accepts « 123 456 782 » as typed and cleans it to « 123456782 »."""

    def __init__(self, *, max_length=None, **kwargs):
        super().__init__(max_length=20, **kwargs)

    def to_python(self, value):
        return normalise_siren(super().to_python(value))


class SirenField(models.CharField):
    """Nine digits; spaces typed by users are removed before validation."""

    def to_python(self, value):
        return normalise_siren(super().to_python(value))

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SirenFormField, **kwargs})


def department_field(related_name, **kwargs):
    return models.ForeignKey(
        Territory,
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        related_name=related_name,
        limit_choices_to={"kind": Territory.Kind.DEPARTMENT},
        **kwargs,
    )


class Company(index.Indexed, models.Model):
    """A company committed (or about to be) in the PAQTE."""

    name = models.CharField(_("raison sociale"), max_length=255)
    siren = SirenField(
        _("SIREN"),
        max_length=9,
        unique=True,
        validators=[validate_siren],
        help_text=_("9 chiffres (les espaces sont acceptés)."),
        error_messages={
            "unique": _("SIREN : une entreprise porte déjà ce numéro SIREN.")
        },
    )
    size = models.CharField(_("taille"), max_length=5, choices=CompanySize.choices)
    sector = models.CharField(_("secteur d’activité"), max_length=255, blank=True)
    department = department_field("paqte_companies")
    clubs = models.ManyToManyField(
        "partners.ClubPage",
        verbose_name=_("clubs d’entreprises"),
        blank=True,
        related_name="member_companies",
    )
    website = models.URLField(_("site web"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("siren"), FieldPanel("size")]),
        FieldPanel("sector"),
        FieldPanel("department"),
        FieldPanel("clubs", widget=forms.CheckboxSelectMultiple),
        FieldPanel("website"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("sector"),
        index.FilterField("id"),
        index.FilterField("department"),
    ]

    class Meta:
        verbose_name = _("entreprise")
        verbose_name_plural = _("entreprises")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    @label(_("Taille"))
    def size_label(self):
        return self.get_size_display()

    @property
    @label(_("Département"))
    def department_name(self):
        return str(self.department)

    @property
    @label(_("Clubs"))
    def clubs_display(self):
        return ", ".join(club.title for club in self.clubs.all())


class Association(models.Model):
    """An association or other actor taking part in the PAQTE in a department."""

    name = models.CharField(_("nom"), max_length=255)
    department = department_field("paqte_associations")
    description = models.TextField(_("présentation"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    email = models.EmailField(_("courriel de contact"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("department"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("website"), FieldPanel("email")]),
    ]

    class Meta:
        verbose_name = _("association partenaire")
        verbose_name_plural = _("associations partenaires")
        ordering = ["name"]

    def __str__(self):
        return self.name


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


class DepartmentOrganisation(ClusterableModel):
    """How a department runs the PAQTE: referent, follow-up, steering committee."""

    department = models.OneToOneField(
        Territory,
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        related_name="paqte_organisation",
        limit_choices_to={"kind": Territory.Kind.DEPARTMENT},
    )
    referent_name = models.CharField(_("référent PAQTE"), max_length=255, blank=True)
    referent_role = models.CharField(_("fonction"), max_length=255, blank=True)
    referent_email = models.EmailField(_("courriel"), blank=True)
    referent_phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    project_officer = models.CharField(
        _("chargé de mission au sein de la préfecture"), max_length=255, blank=True
    )
    prefect_delegate = models.CharField(
        _("délégué du préfet référent"), max_length=255, blank=True
    )
    subsidised_partners = models.TextField(
        _("partenaires subventionnés pour l’animation"), blank=True
    )
    follow_up = models.TextField(
        _("autre organisation de suivi et d’animation"), blank=True
    )
    steering_committee = models.TextField(
        _("comité de pilotage"),
        blank=True,
        help_text=_(
            "Membres : clubs d’entreprises, DIRECCTE, Pôle emploi, collectivités "
            "locales (en particulier les intercommunalités)…"
        ),
    )
    steering_clubs = ParentalManyToManyField(
        "partners.ClubPage",
        verbose_name=_("clubs d’entreprises du comité de pilotage"),
        blank=True,
        related_name="steering_committees",
    )
    partner_associations = ParentalManyToManyField(
        Association,
        verbose_name=_("associations partenaires"),
        blank=True,
        related_name="organisations",
    )

    panels = [
        FieldPanel("department"),
        MultiFieldPanel(
            [
                FieldPanel("referent_name"),
                FieldPanel("referent_role"),
                FieldRowPanel(
                    [FieldPanel("referent_email"), FieldPanel("referent_phone")]
                ),
            ],
            heading=_("Référent du PAQTE"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("project_officer"),
                FieldPanel("prefect_delegate"),
                FieldPanel("subsidised_partners"),
                FieldPanel("follow_up"),
            ],
            heading=_("Organisation de suivi et d’animation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("steering_committee"),
                FieldPanel("steering_clubs", widget=forms.CheckboxSelectMultiple),
                FieldPanel("partner_associations"),
            ],
            heading=_("Comité de pilotage et partenaires"),
        ),
    ]

    class Meta:
        verbose_name = _("organisation départementale du PAQTE")
        verbose_name_plural = _("organisations départementales du PAQTE")
        ordering = ["department__code"]

    def __str__(self):
        return f"PAQTE · {self.department}"

    def referent_contact(self):
        parts = [
            self.referent_name,
            self.referent_role,
            self.referent_email,
            self.referent_phone,
        ]
        return "\n".join(part for part in parts if part)

    def organisation_text(self):
        lines = []
        if self.project_officer:
            lines.append(f"Chargé de mission : {self.project_officer}")
        if self.prefect_delegate:
            lines.append(f"Délégué du préfet référent : {self.prefect_delegate}")
        if self.subsidised_partners:
            lines.append(f"Partenaires subventionnés : {self.subsidised_partners}")
        if self.follow_up:
            lines.append(self.follow_up)
        if self.steering_committee:
            lines.append(f"Comité de pilotage : {self.steering_committee}")
        return "\n".join(lines)

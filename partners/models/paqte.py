"""PAQTE: semesters, axes, companies, associations and the department's organisation.

The conventions, their objectives and results live in ``conventions.py``.
"""

import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
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

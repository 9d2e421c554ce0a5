"""The renovation protocol of a contrat de ville (« protocole d’engagements
renforcés et réciproques », Annex 1 of the circular): its stakeholders, projects and
commitments, the only child page of a ``ContractPage`` (``contracts.py``).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from cms.models import BasePage

from .contracts import (
    RENOVATION_BADGES,
    RENOVATION_DEADLINE,
    RICH_FEATURES,
    ProtocolStatus,
    RenovationState,
    renovation_state,
)
from .territories import Territory


class ProtocolStakeholder(Orderable):
    class Kind(models.TextChoices):
        CITIZEN_COUNCIL = "citizen_council", _("Conseil citoyen")
        ASSOCIATION = "association", _("Association")
        COMPANY = "company", _("Entreprise")
        PUBLIC_SERVICE = "public_service", _("Service public ou autre collectivité")
        OTHER = "other", _("Autre")

    page = ParentalKey(
        "measures.RenovationProtocolPage",
        on_delete=models.CASCADE,
        related_name="stakeholders",
    )
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("nom"), max_length=200)
    role = models.TextField(_("comment il est associé"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("name")]),
        FieldPanel("role"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("partie prenante associée")
        verbose_name_plural = _("parties prenantes associées")


class ProtocolProject(Orderable):
    """A « grand projet » identifiable by the inhabitants (Annex 1, c)."""

    class Kind(models.TextChoices):
        URBAN_RENEWAL = "urban_renewal", _("Projet de rénovation urbaine")
        EDUCATION_CITY = "education_city", _("Cité éducative")
        OTHER = "other", _("Autre grand projet")

    page = ParentalKey(
        "measures.RenovationProtocolPage",
        on_delete=models.CASCADE,
        related_name="projects",
    )
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("nom du projet"), max_length=200)
    qpv = models.ForeignKey(
        Territory,
        verbose_name=_("quartier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": Territory.Kind.QPV},
    )
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("name")]),
        FieldPanel("qpv"),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("grand projet")
        verbose_name_plural = _("grands projets")


class ProtocolCommitment(Orderable, ClusterableModel):
    """A reciprocal commitment of the protocol: who, what, by when, measured how."""

    class Party(models.TextChoices):
        STATE = "state", _("L’État")
        LOCAL_AUTHORITY = "local_authority", _("La collectivité (EPCI, communes)")

    page = ParentalKey(
        "measures.RenovationProtocolPage",
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    party = models.CharField(_("qui s’engage"), max_length=20, choices=Party.choices)
    description = models.TextField(_("engagement"))
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    indicator = models.ForeignKey(
        "measures.Indicator",
        verbose_name=_("indicateur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="protocol_commitments",
    )
    target_value = models.DecimalField(
        _("cible territoriale"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    target_territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire de la cible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind__in": [Territory.Kind.DEPARTMENT, Territory.Kind.QPV]},
        help_text=_("Le département ou un quartier du contrat."),
    )
    pacte_commitment = models.ForeignKey(
        "measures.PacteCommitment",
        verbose_name=_("engagement du pacte de Dijon décliné"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="protocol_commitments",
    )
    measures = ParentalManyToManyField(
        "measures.MeasurePage",
        verbose_name=_("mesures de la feuille de route"),
        blank=True,
        related_name="protocol_commitments",
    )

    panels = [
        FieldRowPanel([FieldPanel("party"), FieldPanel("due_date")]),
        FieldPanel("description"),
        FieldRowPanel(
            [
                FieldPanel("indicator"),
                FieldPanel("target_value"),
                FieldPanel("target_territory"),
            ]
        ),
        FieldPanel("pacte_commitment"),
        FieldPanel("measures", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("engagement du protocole")
        verbose_name_plural = _("engagements du protocole")

    def __str__(self):
        return self.description[:80]

    def clean(self):
        super().clean()
        if self.target_value is not None and self.indicator_id is None:
            raise ValidationError(
                {
                    "indicator": _(
                        "Une cible se rapporte à un indicateur : choisissez-le."
                    )
                }
            )


class RenovationProtocolPage(BasePage):
    """The « protocole d’engagements renforcés et réciproques » of a contrat de ville."""

    status = models.CharField(
        _("état"),
        max_length=20,
        choices=ProtocolStatus.choices,
        default=ProtocolStatus.NOT_ENGAGED,
    )
    signature_date = models.DateField(
        _("date de signature"),
        null=True,
        blank=True,
        help_text=_(
            "Échéance fixée par la circulaire : fin juillet 2019 (31/07/2019)."
        ),
    )
    midterm_evaluation = RichTextField(
        _("appui sur l’évaluation à mi-parcours"), blank=True, features=RICH_FEATURES
    )
    global_approach = RichTextField(
        _("a) approche globale de l’action publique"),
        blank=True,
        features=RICH_FEATURES,
        help_text=_(
            "Mixité sociale (lois Égalité et citoyenneté, ELAN), déclinaison des plans "
            "nationaux (pauvreté, santé), égalité entre les femmes et les hommes."
        ),
    )
    territorial_differentiation = RichTextField(
        _("b) différenciation en fonction des territoires"),
        blank=True,
        features=RICH_FEATURES,
        help_text=_(
            "Dynamiques locales, portage intercommunal, villes moyennes, grands "
            "ensembles ou centres anciens, évolution du périmètre du contrat."
        ),
    )
    accountability = RichTextField(
        _("c) responsabilisation et évaluation des acteurs"),
        blank=True,
        features=RICH_FEATURES,
        help_text=_(
            "Traduction des engagements du pacte de Dijon par le président de l’EPCI, "
            "les maires et le préfet ; autres collectivités et services publics."
        ),
    )
    childhood_parenting = RichTextField(
        _("volet enfance et soutien à la parentalité"),
        blank=True,
        features=RICH_FEATURES,
        help_text=_("La circulaire demande de lui accorder une place majeure."),
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("status"), FieldPanel("signature_date")])],
            heading=_("État de la rénovation"),
        ),
        FieldPanel("midterm_evaluation"),
        MultiFieldPanel(
            [
                HelpPanel(
                    _(
                        "Les trois principes de l’annexe 1 de la circulaire, dans la "
                        "logique du pacte de Dijon."
                    )
                ),
                FieldPanel("global_approach"),
                FieldPanel("territorial_differentiation"),
                FieldPanel("accountability"),
            ],
            heading=_("Les trois principes"),
        ),
        FieldPanel("childhood_parenting"),
        InlinePanel("stakeholders", label=_("Parties prenantes associées")),
        InlinePanel(
            "projects", label=_("Grands projets identifiables par les habitants")
        ),
        InlinePanel("commitments", label=_("Engagements réciproques")),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("global_approach"),
        index.SearchField("territorial_differentiation"),
        index.SearchField("accountability"),
        index.SearchField("childhood_parenting"),
        index.FilterField("status"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("status"),
        APIField("signature_date"),
        APIField("global_approach"),
        APIField("territorial_differentiation"),
        APIField("accountability"),
        APIField("childhood_parenting"),
    ]
    parent_page_types = ["measures.ContractPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("protocole d’engagements renforcés et réciproques")
        verbose_name_plural = _("protocoles d’engagements renforcés et réciproques")

    @classmethod
    def can_create_at(cls, parent):
        """One protocol per contract."""
        return (
            super().can_create_at(parent)
            and not cls.objects.filter(
                path__startswith=parent.path, depth=parent.depth + 1
            ).exists()
        )

    def clean(self):
        super().clean()
        if self.status == ProtocolStatus.SIGNED and not self.signature_date:
            raise ValidationError(
                {"signature_date": _("Un protocole signé a une date de signature.")}
            )
        if self.signature_date and self.status != ProtocolStatus.SIGNED:
            raise ValidationError(
                {
                    "status": _(
                        "Une date de signature est saisie : choisissez l’état « Signé » "
                        "ou effacez la date."
                    )
                }
            )

    @property
    def renovation_state(self):
        return renovation_state(self)

    @property
    def renovation_state_label(self):
        return RenovationState(self.renovation_state).label

    @property
    def renovation_badge(self):
        return RENOVATION_BADGES[self.renovation_state]

    def get_commitments(self):
        return list(
            self.commitments.select_related(
                "indicator", "target_territory", "pacte_commitment"
            ).prefetch_related("measures")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from .territorial import PacteDijonPage

        context["contract"] = self.get_parent().specific
        pacte_page = PacteDijonPage.objects.live().first()
        context["pacte_url"] = pacte_page.get_url(request=request) if pacte_page else ""
        context["deadline"] = RENOVATION_DEADLINE
        commitments = self.get_commitments()
        context["state_commitments"] = [
            c for c in commitments if c.party == ProtocolCommitment.Party.STATE
        ]
        context["local_commitments"] = [
            c
            for c in commitments
            if c.party == ProtocolCommitment.Party.LOCAL_AUTHORITY
        ]
        context["stakeholders"] = list(self.stakeholders.all())
        context["projects"] = list(self.projects.select_related("qpv"))
        return context

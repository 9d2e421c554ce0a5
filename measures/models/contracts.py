"""Contrats de ville and the states of their renovation (Annex 1 of the circular).

A ``ContractPage`` lives under its department's ``DepartmentPage``; its renovation
protocol (« protocole d’engagements renforcés et réciproques ») is its only child,
a ``RenovationProtocolPage``. Rights come from the page tree: see
``measures.permissions`` (local roles). The protocol and its parts live in
``protocols.py``.
"""

import copy
import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from cms.models import BasePage

from .territories import Territory

RENOVATION_DEADLINE = datetime.date(2019, 7, 31)
RICH_FEATURES = ["bold", "italic", "ol", "ul", "link", "h3", "h4"]


class ProtocolStatus(models.TextChoices):
    NOT_ENGAGED = "not_engaged", _("Non engagé")
    NEGOTIATING = "negotiating", _("En négociation")
    SIGNED = "signed", _("Signé")


class RenovationState(models.TextChoices):
    """Where a contract stands against the deadline of 31 July 2019."""

    ON_TIME = "on_time", _("Protocole signé dans les délais")
    LATE = "late", _("Protocole signé après l’échéance")
    NEGOTIATING = "negotiating", _("Protocole en négociation")
    NOT_ENGAGED = "not_engaged", _("Rénovation non engagée")


RENOVATION_BADGES = {
    RenovationState.ON_TIME: "success",
    RenovationState.LATE: "warning",
    RenovationState.NEGOTIATING: "info",
    RenovationState.NOT_ENGAGED: "error",
}


def renovation_state(protocol):
    """The renovation state of a contract whose protocol is ``protocol`` (or None)."""
    if protocol is None or protocol.status == ProtocolStatus.NOT_ENGAGED:
        return RenovationState.NOT_ENGAGED
    if protocol.status == ProtocolStatus.NEGOTIATING:
        return RenovationState.NEGOTIATING
    if protocol.signature_date and protocol.signature_date <= RENOVATION_DEADLINE:
        return RenovationState.ON_TIME
    return RenovationState.LATE


def qpv_queryset(department=None):
    queryset = Territory.objects.filter(kind=Territory.Kind.QPV).order_by("code")
    if department is not None:
        queryset = queryset.filter(parent=department)
    return queryset


class ContractPageForm(WagtailAdminPageForm):
    """Only the QPV of the contract's own department can be chosen."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        parent = parent_page
        if parent is None and self.instance.pk:
            parent = self.instance.get_parent()
        department = getattr(getattr(parent, "specific", None), "department", None)
        self.department = department
        if "qpvs" in self.fields and department is not None:
            self.fields["qpvs"].queryset = qpv_queryset(department)
        if department is None:
            return
        for formset in self.formsets.values():
            form_class = formset.form
            if "qpv" not in form_class.base_fields:
                continue
            # A subclass for this form only: its forms, and the empty form used
            # to add one, offer the department's QPV only.
            fields = copy.deepcopy(form_class.base_fields)
            fields["qpv"].queryset = qpv_queryset(department)
            subclass = type(form_class.__name__, (form_class,), {})
            subclass.base_fields = fields  # after the metaclass has set its own
            formset.form = subclass


class ContractSignatory(Orderable):
    class Role(models.TextChoices):
        PREFECT = "prefect", _("Préfet")
        EPCI_PRESIDENT = "epci_president", _("Président de l’EPCI")
        MAYOR = "mayor", _("Maire")
        OTHER = "other", _("Autre signataire")

    page = ParentalKey(
        "measures.ContractPage", on_delete=models.CASCADE, related_name="signatories"
    )
    role = models.CharField(_("qualité"), max_length=20, choices=Role.choices)
    name = models.CharField(
        _("nom"), max_length=150, blank=True, help_text=_("Laisser vide si inconnu.")
    )
    organisation = models.CharField(
        _("institution"),
        max_length=200,
        help_text=_("Ex. : Préfecture de la Haute-Garonne, Toulouse Métropole."),
    )

    panels = [
        FieldRowPanel([FieldPanel("role"), FieldPanel("name")]),
        FieldPanel("organisation"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("signataire")
        verbose_name_plural = _("signataires")


class CitizenCouncil(Orderable):
    page = ParentalKey(
        "measures.ContractPage",
        on_delete=models.CASCADE,
        related_name="citizen_councils",
    )
    name = models.CharField(_("nom du conseil citoyen"), max_length=200)
    qpv = models.ForeignKey(
        Territory,
        verbose_name=_("quartier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": Territory.Kind.QPV},
    )
    description = models.TextField(_("rôle dans le contrat"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("qpv"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("conseil citoyen")
        verbose_name_plural = _("conseils citoyens")


class ContractPage(BasePage):
    """A contrat de ville (2015-2020, extended to 2022) of one department."""

    epci = models.CharField(
        _("EPCI porteur"),
        max_length=200,
        blank=True,
        help_text=_("Intercommunalité signataire, ex. : Toulouse Métropole."),
    )
    signature_date = models.DateField(
        _("date de signature du contrat"), null=True, blank=True
    )
    initial_end_date = models.DateField(_("échéance initiale"), null=True, blank=True)
    extended_to_2022 = models.BooleanField(
        _("prolongé jusqu’en 2022"),
        default=True,
        help_text=_(
            "Par la loi du 28 décembre 2018 de finances pour 2019 (annexe 1 de la "
            "circulaire)."
        ),
    )
    qpvs = ParentalManyToManyField(
        Territory,
        verbose_name=_("quartiers prioritaires couverts"),
        blank=True,
        related_name="contracts",
        limit_choices_to={"kind": Territory.Kind.QPV},
    )
    body = RichTextField(_("présentation"), blank=True, features=RICH_FEATURES)
    steps_taken = models.TextField(
        _("démarches engagées"),
        blank=True,
        help_text=_("Pour la synthèse du préfet : où en est la rénovation du contrat."),
    )
    difficulties = models.TextField(
        _("difficultés rencontrées"),
        blank=True,
        help_text=_(
            "Pour la synthèse du préfet (circulaire : « difficultés rencontrées »)."
        ),
    )

    base_form_class = ContractPageForm
    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("epci"),
                FieldRowPanel(
                    [
                        FieldPanel("signature_date"),
                        FieldPanel("initial_end_date"),
                        FieldPanel("extended_to_2022"),
                    ]
                ),
            ],
            heading=_("Contrat"),
        ),
        InlinePanel("signatories", label=_("Signataires")),
        FieldPanel("qpvs", widget=forms.CheckboxSelectMultiple),
        InlinePanel("citizen_councils", label=_("Conseils citoyens")),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("steps_taken"), FieldPanel("difficulties")],
            heading=_("Pour la synthèse du préfet"),
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("epci"),
        index.SearchField("body"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("epci"),
        APIField("signature_date"),
        APIField("initial_end_date"),
        APIField("extended_to_2022"),
        APIField("body"),
    ]
    parent_page_types = ["measures.DepartmentPage"]
    subpage_types = ["measures.RenovationProtocolPage"]

    class Meta:
        verbose_name = _("contrat de ville")
        verbose_name_plural = _("contrats de ville")

    @cached_property
    def department(self):
        """The department (``Territory``) of the contract."""
        parent = self.get_parent()
        return getattr(parent.specific, "department", None) if parent else None

    def clean(self):
        super().clean()
        if (
            self.signature_date
            and self.initial_end_date
            and self.initial_end_date < self.signature_date
        ):
            raise ValidationError(
                {
                    "initial_end_date": _(
                        "L’échéance initiale ne peut pas précéder la signature."
                    )
                }
            )

    def get_protocol(self):
        from .protocols import RenovationProtocolPage

        return RenovationProtocolPage.objects.child_of(self).live().public().first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        protocol = self.get_protocol()
        context["protocol"] = protocol
        state = renovation_state(protocol)
        context["renovation_state"] = state
        context["renovation_badge"] = RENOVATION_BADGES[state]
        context["deadline"] = RENOVATION_DEADLINE
        context["qpvs"] = list(self.qpvs.select_related("qpv").order_by("code"))
        context["signatories"] = list(self.signatories.all())
        context["citizen_councils"] = list(self.citizen_councils.select_related("qpv"))
        return context

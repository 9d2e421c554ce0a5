"""The semester report (bilan semestriel) of a department, in the circular's format."""

from collections import OrderedDict

from django.db import models
from django.db.models import Count, Sum
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    WorkflowMixin,
)

from cms.blocks import SourceBlock
from measures.department_figures import QPVSum, department_figures
from measures.models import Territory

from .conventions import Convention, ConventionResult, public_convention_q
from .paqte import (
    DepartmentOrganisation,
    Half,
    label,
    semester_bounds,
    semester_label,
    year_field,
)

REPORT_WORKFLOW = "Bilan semestriel PAQTE"


def lines(text):
    """Text with its line breaks, for the admin inspect view."""
    if not text:
        return "—"
    return format_html_join(
        mark_safe("<br>"), "{}", ((line,) for line in text.splitlines())
    )


class SemesterReportQuerySet(models.QuerySet):
    def with_workflow_states(self):
        """Prefetch the active workflow states that ``received`` and
        ``workflow_status_display`` read (one query for the whole listing)."""
        from wagtail.models import WorkflowState

        return self.prefetch_related(
            models.Prefetch(
                "_workflow_states",
                queryset=WorkflowState.objects.active().select_related(
                    "current_task_state__task"
                ),
                to_attr="_current_workflow_states",
            )
        )


class SemesterReport(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model
):
    """Bilan quantitatif et qualitatif semestriel du PAQTE d'un département.

    Sections in the order of annex 2 of the circular. The list of signatories, the
    aggregated results and the context figures are computed from the data; the
    context figures are entered here only where the data does not exist.
    """

    department = models.ForeignKey(
        Territory,
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        related_name="paqte_reports",
        limit_choices_to={"kind": Territory.Kind.DEPARTMENT},
    )
    year = year_field(_("année"))
    half = models.PositiveSmallIntegerField(_("semestre"), choices=Half.choices)
    referent_contact = models.TextField(
        _("référent du PAQTE (coordonnées)"),
        blank=True,
        help_text=_("Vide : repris de l’organisation départementale du PAQTE."),
    )
    organisation = models.TextField(
        _("organisation retenue de suivi et d’animation du PAQTE"),
        blank=True,
        help_text=_(
            "Ex. : chargé de mission au sein de la préfecture ; désignation d’un "
            "délégué du préfet référent ; subventions accordées à des partenaires en "
            "charge de l’animation… Vide : repris de l’organisation départementale."
        ),
    )
    partners = models.TextField(
        _("associations et autres acteurs partenaires du déploiement du PAQTE"),
        blank=True,
        help_text=_("Vide : repris de l’organisation départementale."),
    )
    examples = models.TextField(_("exemples concrets d’actions réalisées"), blank=True)
    example_links = StreamField(
        [("link", SourceBlock())],
        blank=True,
        verbose_name=_("liens vers des bonnes pratiques"),
    )
    strategy = models.TextField(
        _("stratégie définie et obstacles rencontrés"), blank=True
    )
    qpv_count = models.PositiveIntegerField(
        _("nombre de QPV"),
        null=True,
        blank=True,
        help_text=_(
            "À saisir seulement si les QPV du département ne sont pas chargés."
        ),
    )
    pru_count = models.PositiveIntegerField(
        _("nombre de PRU d’intérêt national"), null=True, blank=True
    )
    qpv_population = models.PositiveIntegerField(
        _("population départementale des QPV"),
        null=True,
        blank=True,
        help_text=_("À saisir seulement si les fiches QPV ne la donnent pas."),
    )
    qpv_jobseekers = models.PositiveIntegerField(
        _("demandeurs d’emploi en fin de mois (DEFM) dans les QPV"),
        null=True,
        blank=True,
        help_text=_("À saisir seulement si les fiches QPV ne les donnent pas."),
    )

    panels = [
        FieldRowPanel(
            [FieldPanel("department"), FieldPanel("year"), FieldPanel("half")],
            heading=_("Département et semestre"),
        ),
        FieldPanel("referent_contact"),
        FieldPanel("organisation"),
        FieldPanel("partners"),
        MultiFieldPanel(
            [FieldPanel("examples"), FieldPanel("example_links")],
            heading=_("Exemples concrets"),
        ),
        FieldPanel("strategy"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("qpv_count"), FieldPanel("pru_count")]),
                FieldRowPanel(
                    [FieldPanel("qpv_population"), FieldPanel("qpv_jobseekers")]
                ),
            ],
            heading=_("Éléments de contexte (si les données manquent)"),
        ),
    ]

    objects = SemesterReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("bilan semestriel PAQTE")
        verbose_name_plural = _("bilans semestriels PAQTE")
        ordering = ["-year", "-half", "department__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year", "half"],
                name="unique_paqte_report_per_semester",
                violation_error_message=_(
                    "Un bilan existe déjà pour ce département et ce semestre : "
                    "modifiez-le plutôt que d’en créer un second."
                ),
            )
        ]

    def __str__(self):
        department = self.department if self.department_id else ""
        return f"Bilan PAQTE {semester_label(self.year, self.half)} · {department}"

    @property
    @label(_("Semestre"))
    def semester(self):
        return semester_label(self.year, self.half)

    @property
    def semester_end(self):
        return semester_bounds(self.year, self.half)[1]

    # Computed sections ---------------------------------------------------------

    @cached_property
    def department_organisation(self):
        return (
            DepartmentOrganisation.objects.filter(department_id=self.department_id)
            .prefetch_related("partner_associations", "steering_clubs")
            .first()
        )

    def signatory_conventions(self):
        """Conventions of the department signed by the end of the semester."""
        return (
            Convention.objects.public()
            .filter(
                company__department_id=self.department_id,
                start_date__lte=self.semester_end,
            )
            .select_related("company")
            .prefetch_related("axes")
            .order_by("company__name")
        )

    def aggregated_results(self):
        """The semester's results of the signatories, summed per axis and indicator."""
        rows = (
            ConventionResult.objects.filter(
                public_convention_q("convention__"),
                convention__company__department_id=self.department_id,
                year=self.year,
                half=self.half,
            )
            .values(
                "axis__number",
                "axis__name",
                "indicator__code",
                "indicator__name",
                "indicator__unit",
                "label",
            )
            .annotate(total=Sum("value"), companies=Count("convention", distinct=True))
            .order_by("axis__number", "indicator__code", "label")
        )
        return [
            {
                "axis": row["axis__name"] or _("Engagement spécifique"),
                "indicator": row["indicator__name"] or row["label"],
                "code": row["indicator__code"] or "",
                "unit": row["indicator__unit"] or "",
                "total": row["total"],
                "companies": row["companies"],
            }
            for row in rows
        ]

    def context_figures(self):
        """Number of QPV, PRU, QPV population and DEFM: computed where data exists.

        The QPV figures follow ``measures.department_figures`` (the sum of the
        known values, with the QPV without a value said). A figure entered in the
        report replaces a computed one that is missing or partial; otherwise the
        figure stays to be filled.
        """
        qpvs = department_figures(self.department_id)
        computed = {
            "qpv_count": qpvs.qpv_count or None,
            "pru_count": None,
            "qpv_population": qpvs.population,
            "qpv_jobseekers": qpvs.jobseekers,
        }
        figures = OrderedDict()
        for name in ("qpv_count", "pru_count", "qpv_population", "qpv_jobseekers"):
            label = capfirst(self._meta.get_field(name).verbose_name)
            value, note = computed[name], ""
            if isinstance(value, QPVSum):
                value, note = value.total, value.note
            entered = getattr(self, name)
            if value is not None and not (note and entered is not None):
                origin = _("calculé à partir des données QPV du site")
                figures[name] = {
                    "label": label,
                    "value": value,
                    "origin": f"{origin} ({note})" if note else origin,
                }
            elif entered is not None:
                figures[name] = {
                    "label": label,
                    "value": getattr(self, name),
                    "origin": _("saisi dans le bilan"),
                }
            else:
                figures[name] = {
                    "label": label,
                    "value": None,
                    "origin": _("à renseigner"),
                }
        return figures

    def get_referent_contact(self):
        if self.referent_contact:
            return self.referent_contact
        organisation = self.department_organisation
        return organisation.referent_contact() if organisation else ""

    def get_organisation(self):
        if self.organisation:
            return self.organisation
        organisation = self.department_organisation
        return organisation.organisation_text() if organisation else ""

    def get_partners(self):
        if self.partners:
            return self.partners
        organisation = self.department_organisation
        if organisation is None:
            return ""
        names = [a.name for a in organisation.partner_associations.all()]
        names += [club.title for club in organisation.steering_clubs.all()]
        return ", ".join(names)

    def sections(self):
        """The report in the circular’s format: its sections, computed once."""
        conventions = list(self.signatory_conventions())
        companies = []
        for convention in conventions:
            if convention.company not in companies:
                companies.append(convention.company)
        return {
            "referent": self.get_referent_contact(),
            "organisation": self.get_organisation(),
            "conventions": conventions,
            "companies": companies,
            "partners": self.get_partners(),
            "results": self.aggregated_results(),
            "examples": self.examples,
            "example_links": [
                {
                    "title": block.value["title"],
                    "url": block.value["url"]
                    or (block.value["page"].full_url if block.value["page"] else ""),
                }
                for block in self.example_links
            ],
            "strategy": self.strategy,
            "context": self.context_figures(),
        }

    # The report as the inspect view shows it, in the circular's order.

    @property
    @label(_("1. Référent du PAQTE (coordonnées)"))
    def referent_display(self):
        return lines(self.get_referent_contact())

    @property
    @label(_("2. Organisation retenue de suivi et d’animation du PAQTE"))
    def organisation_display(self):
        return lines(self.get_organisation())

    @property
    @label(_("3. Entreprises signataires (nombre et liste)"))
    def signatories_display(self):
        conventions = list(self.signatory_conventions())
        names = sorted({convention.company.name for convention in conventions})
        return lines("\n".join([f"{len(names)} entreprise(s) signataire(s)", *names]))

    @property
    @label(_("4. Associations et autres acteurs partenaires"))
    def partners_display(self):
        return lines(self.get_partners())

    @property
    @label(_("5. Résultats agrégés du semestre"))
    def results_display(self):
        rows = [
            f"{row['axis']} · {row['indicator']} : {row['total'].normalize():f}"
            f"{' ' + row['unit'] if row['unit'] else ''} ({row['companies']} entreprise(s))"
            for row in self.aggregated_results()
        ]
        return lines("\n".join(rows) or "Aucun résultat déclaré pour ce semestre.")

    @property
    @label(_("6. Éléments de contexte"))
    def context_display(self):
        return lines(
            "\n".join(
                f"{figure['label']} : "
                f"{figure['value'] if figure['value'] is not None else 'à renseigner'}"
                f" ({figure['origin']})"
                for figure in self.context_figures().values()
            )
        )

    @property
    def received(self):
        """Sent to the national level: approved (live) or in its workflow (awaiting
        approval or sent back for changes). Reads ``_current_workflow_states`` when
        the queryset used ``with_workflow_states()``."""
        if self.live:
            return True
        if hasattr(self, "_current_workflow_states"):
            return bool(self._current_workflow_states)
        from wagtail.models import WorkflowState

        return WorkflowState.objects.active().for_instance(self).exists()

    @property
    def workflow_status_display(self):
        """Where the report stands in its workflow, in words (reports listing).
        Reads ``_current_workflow_states`` when the listing prefetched it."""
        state = self.current_workflow_state
        if state is not None:
            if state.status == state.STATUS_NEEDS_CHANGES:
                return _("Renvoyé au référent : modifications demandées")
            task = state.current_task_state.task if state.current_task_state else None
            if task is not None:
                return _("En validation : %(task)s") % {"task": task.name}
            return _("En validation")
        if self.live:
            return _("Validé")
        return _("Brouillon (non soumis)")

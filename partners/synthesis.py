"""The PAQTE section of the prefect's synthesis (``measures/synthesis.py``),
contributed through the hook ``quartiers_synthesis_sections`` so that measures
never imports partners: the department's conventions and their signatories, its
PAQTE referent, and the semester results the signatories declared (summed per
semester, axis and indicator), with the status of each semester report.
"""

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from cms.admin_listings import with_unit

from .models import (
    Convention,
    ConventionResult,
    ConventionStatus,
    DepartmentOrganisation,
    SemesterReport,
    public_convention_q,
)
from .models.paqte import semester_label


def _date(value):
    return value.strftime("%d/%m/%Y") if value else _("non renseignée")


def report_status(report):
    if report is None:
        return _("pas de bilan saisi")
    if report.live:
        return _("bilan validé")
    if report.received:
        return _("bilan transmis, en cours de validation")
    return _("bilan en cours de rédaction")


def paqte_section(department):
    conventions = list(
        Convention.objects.filter(company__department=department)
        .select_related("company")
        .prefetch_related("axes")
        .order_by("company__name", "start_date")
    )
    signed = [c for c in conventions if c.is_public]
    counts = dict.fromkeys(ConventionStatus, 0)
    for convention in conventions:
        counts[convention.status] += 1
    signatories = sorted({c.company.name for c in signed})
    organisation = DepartmentOrganisation.objects.filter(department=department).first()

    paragraphs = []
    if organisation and organisation.referent_name:
        referent = organisation.referent_name
        if organisation.referent_role:
            referent += f", {organisation.referent_role}"
        paragraphs.append(_("Référent PAQTE du département : %s.") % referent)
    else:
        paragraphs.append(_("Référent PAQTE du département : non renseigné."))
    paragraphs.append(
        " ; ".join(
            f"{ConventionStatus(status).label} : {count}"
            for status, count in counts.items()
        )
        + "."
    )
    paragraphs.append(
        _("Entreprises signataires (%(count)d) : %(names)s.")
        % {
            "count": len(signatories),
            "names": ", ".join(signatories) or _("aucune"),
        }
    )

    tables = []
    if conventions:
        tables.append(
            {
                "caption": _("Conventions PAQTE du département"),
                "headers": [
                    _("Entreprise"),
                    _("Taille"),
                    _("État"),
                    _("Signée le"),
                    _("Fin"),
                    _("Axes"),
                ],
                "rows": [
                    [
                        c.company.name,
                        c.company.get_size_display(),
                        c.get_status_display(),
                        _date(c.signed_on),
                        _date(c.end_date),
                        ", ".join(axis.name for axis in c.axes.all()) or "—",
                    ]
                    for c in conventions
                ],
            }
        )

    results = (
        ConventionResult.objects.filter(
            public_convention_q("convention__"),
            convention__company__department=department,
        )
        .values(
            "year",
            "half",
            "axis__number",
            "axis__name",
            "indicator__code",
            "indicator__name",
            "indicator__unit",
            "label",
        )
        .annotate(total=Sum("value"), companies=Count("convention", distinct=True))
        .order_by("-year", "-half", "axis__number", "indicator__code", "label")
    )
    reports = {
        (report.year, report.half): report
        for report in SemesterReport.objects.filter(
            department=department
        ).with_workflow_states()
    }
    rows = [
        [
            semester_label(row["year"], row["half"]),
            row["axis__name"] or _("Engagement spécifique"),
            row["indicator__name"] or row["label"],
            with_unit(row["total"], row["indicator__unit"] or ""),
            str(row["companies"]),
            report_status(reports.get((row["year"], row["half"]))),
        ]
        for row in results
    ]
    if rows:
        tables.append(
            {
                "caption": _("Résultats semestriels déclarés par les signataires"),
                "headers": [
                    _("Semestre"),
                    _("Axe"),
                    _("Indicateur"),
                    _("Total"),
                    _("Entreprises"),
                    _("Bilan semestriel"),
                ],
                "rows": rows,
            }
        )
    else:
        paragraphs.append(_("Aucun résultat semestriel déclaré par les signataires."))
    return {
        "key": "paqte",
        "title": _("Pacte avec les quartiers pour toutes les entreprises (PAQTE)"),
        "paragraphs": paragraphs,
        "tables": tables,
    }

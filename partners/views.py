"""Admin views of the PAQTE: a report's xlsx export and the national table."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cms.permissions import ANY_ACTION, user_can
from cms.spreadsheets import download_response
from measures.models import Territory
from measures.permissions import can_act_nationally

from .exports import report_xlsx
from .models import Half, SemesterReport
from .models.paqte import FIRST_YEAR, LAST_YEAR, current_semester, semester_label


def report_export(request, pk):
    report = get_object_or_404(
        SemesterReport.objects.select_related("department"), pk=pk
    )
    if not user_can(request.user, ANY_ACTION, report):
        raise PermissionDenied
    filename = slugify(f"bilan-paqte-{report.department.code}-{report.semester}")
    return download_response(report_xlsx(report), f"{filename}.xlsx")


def parse_semester(request):
    """The semester asked in the query string; the current one, with a message,
    when the year is not a year of the PAQTE (FIRST_YEAR to LAST_YEAR)."""
    year, half = current_semester()
    try:
        asked_year = int(request.GET.get("annee", year))
        asked_half = int(request.GET.get("semestre", half))
    except ValueError:
        return year, half
    if not FIRST_YEAR <= asked_year <= LAST_YEAR:
        messages.warning(
            request,
            _(
                "L’année doit être comprise entre %(first)s et %(last)s : "
                "le semestre en cours est affiché."
            )
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
        )
        return year, half
    if asked_half not in (Half.FIRST, Half.SECOND):
        asked_half = Half.FIRST
    return asked_year, asked_half


def national_table(request):
    """Reports received per semester, department by department, with the missing."""
    if not can_act_nationally(request.user):
        raise PermissionDenied
    year, half = parse_semester(request)
    reports = {
        report.department_id: report
        for report in SemesterReport.objects.filter(
            year=year, half=half
        ).with_workflow_states()
    }
    rows = []
    for department in Territory.objects.filter(kind=Territory.Kind.DEPARTMENT).order_by(
        "code"
    ):
        report = reports.get(department.pk)
        received = report is not None and report.received
        if report is None:
            status = "Manquant"
        elif report.live:
            status = "Reçu et validé"
        elif received:
            status = "Reçu, en cours de validation"
        else:
            status = "Brouillon non transmis"
        rows.append(
            {
                "department": department,
                "report": report,
                "status": status,
                "received": received,
            }
        )
    received_count = sum(row["received"] for row in rows)
    current_year = current_semester()[0]
    return TemplateResponse(
        request,
        "partners/admin/national_table.html",
        {
            "rows": rows,
            "year": year,
            "half": half,
            "semester": semester_label(year, half),
            "received_count": received_count,
            "missing_count": len(rows) - received_count,
            "years": list(
                range(FIRST_YEAR, min(max(current_year, year) + 1, LAST_YEAR) + 1)
            ),
            "halves": Half.choices,
        },
    )

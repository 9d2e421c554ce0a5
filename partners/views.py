"""Admin views of the PAQTE: a report's xlsx export and the national table."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.text import slugify

from cms.permissions import ANY_ACTION, user_can
from cms.spreadsheets import download_response
from measures.models import Territory
from measures.permissions import can_act_nationally

from .exports import report_xlsx
from .models import Half, SemesterReport
from .models.paqte import FIRST_YEAR, current_semester, semester_label


def report_export(request, pk):
    report = get_object_or_404(
        SemesterReport.objects.select_related("department"), pk=pk
    )
    if not user_can(request.user, ANY_ACTION, report):
        raise PermissionDenied
    filename = slugify(f"bilan-paqte-{report.department.code}-{report.semester}")
    return download_response(report_xlsx(report), f"{filename}.xlsx")


def parse_semester(request):
    year, half = current_semester()
    try:
        year = int(request.GET.get("annee", year))
        half = int(request.GET.get("semestre", half))
    except ValueError:
        pass
    if half not in (Half.FIRST, Half.SECOND):
        half = Half.FIRST
    return year, half


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
            "years": list(range(FIRST_YEAR, max(current_year, year) + 2)),
            "halves": Half.choices,
        },
    )

"""Dashboard panels of the PAQTE and of the good practices' moderation.

Registered by ``partners/wagtail_hooks.py``; the machinery is ``cms.dashboard``.
Who sees a panel is decided by its ``is_shown_to`` (permissions, the groups a
moderation task names, local roles), never by a group's name.

The moderation queue (``partners_moderation_queue``) is linked filtered by age
with ``?age=lt2|2to7|gt7`` (``cms.dashboard.age_buckets``).
"""

import datetime
from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from wagtail.models import TaskState, WorkflowState
from wagtail.permissions import policy_registry

from cms.dashboard import ROWS, DashboardPanel, age_buckets, age_filter
from measures.dashboard import acting_departments, has_local_role
from measures.models import Territory

from .models import (
    Convention,
    ConventionStatus,
    GoodPracticePage,
    Half,
    SemesterReport,
)
from .models.paqte import current_semester, semester_label
from .moderation_queue import age_label
from .permissions import (
    can_moderate_good_practices,
    can_view_moderation_queue,
)

CONVENTIONS_ENDING_WITHIN = datetime.timedelta(days=183)

# Permission checks, one per panel family, so they are easy to switch ----------


def can_follow_department_reports(user):
    """A referent acting for departments, with rights on their semester reports."""
    policy = policy_registry.get_by_type(SemesterReport)
    return has_local_role(user) and policy.user_has_any_permission(
        user, ["add", "change"]
    )


def can_follow_national_reports(user):
    """Who validates the semester reports of every department."""
    return user.is_active and user.has_perm("partners.publish_semesterreport")


# Helpers --------------------------------------------------------------------------


def practice_task_states():
    content_type = ContentType.objects.get_for_model(GoodPracticePage)
    return TaskState.objects.filter(workflow_state__content_type=content_type)


def due_semesters(today=None):
    """The semester just ended (its report is due) and the current one."""
    year, half = current_semester(today)
    last = (year - 1, Half.SECOND) if half == Half.FIRST else (year, Half.FIRST)
    return [last, (year, half)]


def report_states(reports):
    """For each report pk: its latest workflow state (not cancelled), or None.
    One query."""
    if not reports:
        return {}
    states = {}
    for state in (
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(SemesterReport),
            object_id__in=[str(report.pk) for report in reports],
        )
        .exclude(status=WorkflowState.STATUS_CANCELLED)
        .select_related("current_task_state__task")
        .order_by("created_at", "pk")
    ):
        states[int(state.object_id)] = state
    return states


# Badge of a report's status → column of the national table.
REPORT_KINDS = {
    "success": "validated",
    "info": "in_review",
    "warning": "returned",
    "": "draft",
    "error": "missing",
}


def report_status(report, state):
    """(label, badge) of a semester report, as a referent reads it."""
    if report is None:
        return "Manquant", "error"
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return "Renvoyé pour modifications", "warning"
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        task = state.current_task_state.task if state.current_task_state else None
        step = f" ({task.name})" if task else ""
        return f"En cours de validation{step}", "info"
    if report.live and not report.has_unpublished_changes:
        return "Validé", "success"
    if report.live:
        return "Validé, modifications non transmises", "success"
    return "Brouillon non transmis", ""


# Moderation -------------------------------------------------------------------


class ModerationQueuePanel(DashboardPanel):
    """Good practices awaiting moderation, counted by age, the oldest listed."""

    name = "good_practices_moderation"
    order = 40
    heading = "Bonnes pratiques à modérer"
    icon = "tasks"
    template_name = "partners/admin/dashboard/moderation_queue.html"

    @classmethod
    def is_shown_to(cls, user):
        # Moderators act on the queue, national administrators follow it.
        return can_view_moderation_queue(user)

    def get_panel_context(self):
        now = timezone.now()
        waiting = practice_task_states().filter(status=TaskState.STATUS_IN_PROGRESS)
        counts = waiting.aggregate(
            total=Count("pk"),
            **{
                key: Count("pk", filter=age_filter("started_at", key, now))
                for key, *_rest in age_buckets()
            },
        )
        queue_url = reverse("partners_moderation_queue")
        tiles = [
            {
                "label": label,
                "count": counts[key],
                "url": f"{queue_url}?age={key}",
                "level": "critical" if key == "gt7" and counts[key] else "",
            }
            for key, label, _lower, _upper in age_buckets()
        ]
        oldest = list(
            waiting.select_related("workflow_state__requested_by").order_by(
                "started_at", "pk"
            )[:5]
        )
        pages = GoodPracticePage.objects.select_related("department").in_bulk(
            [int(state.workflow_state.object_id) for state in oldest]
        )
        rows = []
        for state in oldest:
            page = pages.get(int(state.workflow_state.object_id))
            if page is not None:
                rows.append(
                    {
                        "page": page,
                        "since": state.started_at,
                        "age": (now - state.started_at).days,
                        "age_display": age_label((now - state.started_at).days),
                        "submitter": state.workflow_state.requested_by,
                        "url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                    }
                )
        return {
            "total": counts["total"],
            "tiles": tiles,
            "rows": rows,
            "queue_url": queue_url,
        }


class PracticesChangedPanel(DashboardPanel):
    """Practices changed since I asked for changes."""

    name = "practices_changed"
    order = 45
    heading = "Bonnes pratiques modifiées depuis votre demande"
    icon = "edit"
    template_name = "partners/admin/dashboard/practices_changed.html"

    @classmethod
    def is_shown_to(cls, user):
        return can_moderate_good_practices(user)

    def get_panel_context(self):
        requests = list(
            practice_task_states()
            .filter(status=TaskState.STATUS_REJECTED, finished_by=self.user)
            .exclude(workflow_state__status=WorkflowState.STATUS_CANCELLED)
            .select_related("workflow_state")
            .order_by("-finished_at", "-pk")[:50]
        )
        last_request = {}
        for state in requests:
            page_id = int(state.workflow_state.object_id)
            last_request.setdefault(page_id, state)
        pages = GoodPracticePage.objects.only(
            "title", "draft_title", "latest_revision_created_at", "live"
        ).in_bulk(list(last_request))
        rows = []
        for page_id, state in last_request.items():
            page = pages.get(page_id)
            if (
                page is None
                or page.latest_revision_created_at is None
                or state.finished_at is None
                or page.latest_revision_created_at <= state.finished_at
            ):
                continue
            rows.append(
                {
                    "page": page,
                    "requested_at": state.finished_at,
                    "changed_at": page.latest_revision_created_at,
                    "resubmitted": state.workflow_state.status
                    == WorkflowState.STATUS_IN_PROGRESS,
                    "url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                }
            )
        rows.sort(key=lambda row: row["changed_at"], reverse=True)
        return {"rows": rows[:ROWS]}


# PAQTE: a referent's departments -------------------------------------------------


class DepartmentPaqtePanel(DashboardPanel):
    """A referent's PAQTE: conventions ending soon, semester reports due,
    missing or returned, with their workflow status."""

    name = "department_paqte"
    wide = True
    order = 25
    heading = "PAQTE de vos départements"
    icon = "doc-full-inverse"
    template_name = "partners/admin/dashboard/department_paqte.html"

    @classmethod
    def is_shown_to(cls, user):
        return can_follow_department_reports(user)

    def get_panel_context(self):
        today = timezone.localdate()
        departments = list(acting_departments(self.user))
        semesters = due_semesters(today)
        reports = list(
            SemesterReport.objects.filter(
                department__in=departments,
                year__in={year for year, _half in semesters},
            )
        )
        by_key = {(r.department_id, r.year, r.half): r for r in reports}
        states = report_states(reports)
        report_rows = []
        for department in departments:
            for year, half in semesters:
                report = by_key.get((department.pk, year, half))
                label, badge = report_status(
                    report, states.get(report.pk) if report else None
                )
                report_rows.append(
                    {
                        "department": department,
                        "semester": semester_label(year, half),
                        "current": (year, half) == semesters[-1],
                        "status": label,
                        "badge": badge,
                        "url": reverse(
                            "wagtailsnippets_partners_semesterreport:edit",
                            args=[report.pk],
                        )
                        if report
                        else None,
                    }
                )
        policy = policy_registry.get_by_type(SemesterReport)
        add_url = (
            reverse("wagtailsnippets_partners_semesterreport:add")
            if policy.user_has_permission(self.user, "add")
            else None
        )
        ending = list(
            Convention.objects.filter(
                company__department__in=departments,
                status=ConventionStatus.SIGNED,
                end_date__gte=today,
                end_date__lte=today + CONVENTIONS_ENDING_WITHIN,
            )
            .select_related("company", "company__department")
            .order_by("end_date", "pk")[:ROWS]
        )
        may_change_conventions = self.user.has_perm("partners.change_convention")
        return {
            "reports": report_rows,
            "add_url": add_url,
            "reports_url": reverse("wagtailsnippets_partners_semesterreport:list"),
            "conventions": [
                {
                    "convention": convention,
                    "url": reverse(
                        "partners_convention_modeladmin_edit",
                        args=[convention.pk],
                    )
                    if may_change_conventions
                    else None,
                }
                for convention in ending
            ],
            "conventions_url": reverse("partners_convention_modeladmin_index"),
            "within_months": 6,
        }


# PAQTE: national -----------------------------------------------------------------


class NationalReportsPanel(DashboardPanel):
    """Semester reports received and missing, department by department."""

    name = "national_reports"
    wide = True
    order = 35
    heading = "Bilans semestriels PAQTE (national)"
    icon = "doc-full-inverse"
    template_name = "partners/admin/dashboard/national_reports.html"

    @classmethod
    def is_shown_to(cls, user):
        return can_follow_national_reports(user)

    def get_panel_context(self):
        departments = list(
            Territory.objects.filter(kind=Territory.Kind.DEPARTMENT)
            .only("code", "name")
            .order_by("code")
        )
        semesters = due_semesters()
        reports = list(
            SemesterReport.objects.filter(
                year__in={year for year, _half in semesters}
            ).only("department", "year", "half", "live", "has_unpublished_changes")
        )
        states = report_states(reports)
        table_url = reverse("partners_reports:national_table")
        columns = []
        for year, half in semesters:
            received = {
                r.department_id: r for r in reports if (r.year, r.half) == (year, half)
            }
            counts = Counter(
                REPORT_KINDS[report_status(report, states.get(report.pk))[1]]
                for report in received.values()
            )
            missing = [d for d in departments if d.pk not in received]
            columns.append(
                {
                    "semester": semester_label(year, half),
                    "current": (year, half) == semesters[-1],
                    "counts": counts,
                    "missing": len(missing),
                    "missing_sample": missing[:12],
                    "url": f"{table_url}?annee={year}&semestre={half}",
                }
            )
        return {"columns": columns, "departments": len(departments)}

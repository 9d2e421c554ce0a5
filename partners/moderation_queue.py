"""The moderators' work queue: good practices awaiting moderation, in Wagtail's
listing design, with filters, sorting by age and the moderation actions on each
row (they come back to the queue, filters kept)."""

from urllib.parse import urlencode

import django_filters

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import TaskState

from cms.spreadsheets import SafeSpreadsheetExportMixin
from measures.models import Territory

from .models import Axis, GoodPracticePage, OrganisationType
from .moderation import (
    AGE_CHOICES,
    awaiting_moderation_queryset,
    filter_by_age,
)
from .permissions import can_view_moderation_queue

# Query parameters of the listing itself, not of the queue's state.
INTERNAL_PARAMETERS = ("_w_filter_fragment", "p")


class ModerationQueueFilterSet(WagtailFilterSet):
    department = django_filters.ModelChoiceFilter(
        label=_("Département"),
        field_name="department",
        queryset=Territory.objects.filter(kind=Territory.Kind.DEPARTMENT),
        empty_label=_("Tous les départements"),
    )
    axis = django_filters.ModelChoiceFilter(
        label=_("Axe du PAQTE"),
        field_name="axes",
        queryset=Axis.objects.order_by("number"),
        empty_label=_("Tous les axes"),
    )
    organisation_type = django_filters.ChoiceFilter(
        label=_("Type d’organisation"),
        choices=OrganisationType.choices,
        empty_label=_("Tous les types"),
    )
    age = django_filters.ChoiceFilter(
        label=_("En attente depuis"),
        choices=AGE_CHOICES,
        method="filter_age",
        empty_label=_("Toutes les durées"),
    )

    class Meta:
        model = GoodPracticePage
        fields = []

    def filter_age(self, queryset, name, value):
        return filter_by_age(queryset, value)


class AgeColumn(Column):
    cell_template_name = "partners/admin/moderation_age_cell.html"


class ModerationActionsColumn(Column):
    cell_template_name = "partners/admin/moderation_actions_cell.html"

    class Media:
        js = ["partners/js/moderation-queue.js"]
        css = {"all": ["partners/css/moderation-queue.css"]}


class ModerationQueueView(SafeSpreadsheetExportMixin, ReportView):
    page_title = _("Bonnes pratiques à modérer")
    header_icon = "tasks"
    index_url_name = "partners_moderation_queue"
    index_results_url_name = "partners_moderation_queue_results"
    filterset_class = ModerationQueueFilterSet
    default_ordering = "submitted_at"
    paginate_by = 50
    verbose_name = _("bonne pratique à modérer")
    verbose_name_plural = _("bonnes pratiques à modérer")

    def dispatch(self, request, *args, **kwargs):
        # Moderators act on the queue; national administrators (who publish the
        # section) follow it: their rows offer no moderation action.
        if not can_view_moderation_queue(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "draft_title",
                label=_("Bonne pratique"),
                get_url=lambda page: page.queue_edit_url,
            ),
            Column(
                "department",
                label=_("Département"),
                sort_key="department__code",
            ),
            Column("axes_display", label=_("Axes")),
            Column("organisation_display", label=_("Organisation")),
            Column("submitter", label=_("Proposée par")),
            AgeColumn(
                "submitted_at", label=_("En attente depuis"), sort_key="submitted_at"
            ),
            ModerationActionsColumn("actions", label=_("Décision")),
        ]

    def get_base_queryset(self):
        return (
            awaiting_moderation_queryset()
            .select_related("department")
            .prefetch_related("axes")
        )

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "pk")

    @cached_property
    def queue_url(self):
        """The queue as the moderator sees it (filters and order), to come back to."""
        query = self.request.GET.copy()
        for name in INTERNAL_PARAMETERS:
            query.pop(name, None)
        encoded = query.urlencode()
        return self.index_url + (f"?{encoded}" if encoded else "")

    def decorate_paginated_queryset(self, object_list):
        pages = list(object_list)
        states = TaskState.objects.select_related(
            "workflow_state__requested_by", "task"
        ).in_bulk([page.task_state_id for page in pages])
        actions_by_task = {}
        now = timezone.now()
        next_query = urlencode({"next": self.queue_url})
        for page in pages:
            state = states[page.task_state_id]
            task = state.task.specific
            if task.pk not in actions_by_task:
                actions_by_task[task.pk] = task.get_actions(page, self.request.user)
            page.task_state = state
            submitter = state.workflow_state.requested_by
            page.submitter = (
                (submitter.get_full_name() or submitter.email or submitter.username)
                if submitter
                else ""
            )
            page.age_display = age_label((now - page.submitted_at).days)
            page.axes_display = ", ".join(axis.name for axis in page.axes.all())
            page.organisation_display = " — ".join(
                part
                for part in (page.organisation, page.get_organisation_type_display())
                if part
            )
            page.queue_url = self.queue_url
            page.queue_edit_url = (
                reverse("wagtailadmin_pages:edit", args=[page.pk]) + "?" + next_query
            )
            page.queue_actions = [
                {
                    "label": label,
                    "modal": modal,
                    "url": reverse(
                        "wagtailadmin_pages:workflow_action",
                        args=[page.pk, name, state.pk],
                    )
                    + "?"
                    + next_query,
                    "name": name,
                }
                for name, label, modal in actions_by_task[task.pk]
            ]
        return pages

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["queue_url"] = self.queue_url
        return context

    @cached_property
    def no_results_message(self):
        if self.is_filtering:
            return _("Aucune bonne pratique en attente ne correspond à ces filtres.")
        return _("Aucune bonne pratique n’attend de modération.")


def age_label(days):
    if days < 1:
        return _("moins d’un jour")
    return ngettext("%(days)s jour", "%(days)s jours", days) % {"days": days}

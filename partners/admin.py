"""Admin screens of the PAQTE: companies and conventions (wagtail-modeladmin
desktop listings), axes, associations, departmental organisation and semester
reports (snippet viewsets). Every department-bound screen is scoped to the
departments the user manages: listing, export, inspect, edit, delete, history.
Registered by ``wagtail_hooks.py``."""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import URLPattern, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import InspectView, SnippetViewSet
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import CreateView, EditView

from cms.admin_listings import ObjectLinkColumn, SelectListFilter
from cms.modeladmin import PolicyCheckedHistoryView, PolicyPermissionHelper
from cms.permissions import ANY_ACTION, allowed, user_can
from measures.admin import SafeModelAdminIndexView, SafeSnippetIndexView
from measures.filters import ManagedDepartmentFilterSet
from measures.permissions import managed_departments

from .forms import ConventionForm, DepartmentScopedForm
from .models import (
    Association,
    Axis,
    Company,
    Convention,
    DepartmentOrganisation,
    SemesterReport,
)

# Department-bound models have one registered permission policy each
# (``partners.permissions``); every screen below asks it through
# ``cms.permissions``.


class AtomicCreateView(CreateView):
    def form_valid(self, form):
        with transaction.atomic():
            return super().form_valid(form)


class AtomicEditView(EditView):
    def form_valid(self, form):
        with transaction.atomic():
            return super().form_valid(form)


class ManagedDepartmentFilter(SelectListFilter):
    """Department filter listing only the departments the user manages (a select,
    not one button per department)."""

    title = _("département")
    parameter_name = "departement"
    lookup = "department"

    def choices_queryset(self, request, model_admin):
        return managed_departments(request.user).order_by("code")


class ConventionDepartmentFilter(ManagedDepartmentFilter):
    lookup = "company__department"


class ScopedModelAdmin(ModelAdmin):
    index_view_class = SafeModelAdminIndexView
    create_view_class = AtomicCreateView
    edit_view_class = AtomicEditView
    history_view_class = PolicyCheckedHistoryView
    inspect_view_enabled = True
    permission_helper_class = PolicyPermissionHelper

    def get_queryset(self, request):
        return self.permission_helper.scoped(
            request.user, super().get_queryset(request)
        )


class CompanyAdmin(ScopedModelAdmin):
    model = Company
    menu_label = _("Entreprises")
    menu_icon = "site"
    edit_handler = ObjectList(Company.panels, base_form_class=DepartmentScopedForm)
    list_display = ("name", "siren", "size", "department", "sector")
    list_filter = (ManagedDepartmentFilter, "size", "clubs")
    search_fields = ("name", "siren", "sector")
    list_export = (
        "name",
        "siren",
        "size_label",
        "sector",
        "department_name",
        "clubs_display",
        "website",
    )
    export_filename = "entreprises-paqte"
    list_per_page = 50

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("department")
            .prefetch_related("clubs")
        )


class ConventionAdmin(ScopedModelAdmin):
    model = Convention
    menu_label = _("Conventions")
    menu_icon = "doc-full"
    edit_handler = ObjectList(Convention.panels, base_form_class=ConventionForm)
    list_display = (
        "company",
        "department_name",
        "company_size",
        "status",
        "start_date",
        "end_date",
        "axes_display",
    )
    list_filter = (
        ConventionDepartmentFilter,
        "axes",
        "company__size",
        "status",
        "company__clubs",
        "origin",
    )
    search_fields = ("company__name", "company__siren", "company__sector")
    list_export = (
        "company_name",
        "company_siren",
        "company_size",
        "department_name",
        "status_label",
        "signed_on",
        "start_date",
        "end_date",
        "axes_display",
        "origin_label",
        "charter_conversion_date",
        "notes",
    )
    export_filename = "conventions-paqte"
    list_per_page = 50

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("company", "company__department")
            .prefetch_related("axes")
        )


# Snippet viewsets ---------------------------------------------------------------


def allowed_instances(model, user):
    return allowed(user, ANY_ACTION, model)


class ScopedChooseView(ChooseView):
    def get_object_list(self):
        return allowed_instances(self.model_class, self.request.user)


class ScopedChooseResultsView(ChooseResultsView):
    def get_object_list(self):
        return allowed_instances(self.model_class, self.request.user)


class ScopedChosenView(SnippetChosenView):
    def get_object(self, pk):
        return allowed_instances(self.model_class, self.request.user).get(pk=pk)


class ScopedChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return allowed_instances(self.model_class, self.request.user).filter(pk__in=pks)


class ScopedSnippetChooserViewSet(SnippetChooserViewSet):
    """The snippet chooser, listing only the objects of the user's departments."""

    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView


class DepartmentScopedSnippetViewSet(SnippetViewSet):
    """A snippet viewset whose every view is scoped to the user's departments.

    Wagtail checks a permission policy per object in some views only (inspect,
    history, usage... fetch the object by primary key): every URL that names an
    object is therefore wrapped with the policy check, and the listing (with its
    export) is narrowed to the objects the policy allows.
    """

    chooser_viewset_class = ScopedSnippetChooserViewSet

    def get_queryset(self, request):
        return self.scoped_queryset(request).filter(
            pk__in=allowed(request.user, ANY_ACTION, self.model).values("pk")
        )

    def scoped_queryset(self, request):
        return self.model._default_manager.all()

    def get_urlpatterns(self):
        return [self.guard(pattern) for pattern in super().get_urlpatterns()]

    def guard(self, pattern):
        # ``regex.groupindex``: path() converters and re_path() groups alike (the
        # revisions comparison is a re_path).
        if (
            not isinstance(pattern, URLPattern)
            or "pk" not in pattern.pattern.regex.groupindex
        ):
            return pattern
        view = pattern.callback
        viewset = self

        @wraps(view)
        def guarded(request, *args, **kwargs):
            instance = (
                viewset.model._default_manager.filter(pk=unquote(str(kwargs["pk"])))
                .select_related(None)
                .first()
            )
            if instance is not None and not user_can(
                request.user, ANY_ACTION, instance
            ):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return URLPattern(pattern.pattern, guarded, pattern.default_args, pattern.name)


class AssociationFilterSet(ManagedDepartmentFilterSet):
    class Meta:
        model = Association
        fields = ["department"]


class DepartmentOrganisationFilterSet(ManagedDepartmentFilterSet):
    class Meta:
        model = DepartmentOrganisation
        fields = ["department"]


class SemesterReportFilterSet(ManagedDepartmentFilterSet):
    class Meta:
        model = SemesterReport
        fields = ["department", "year", "half"]


class AxisViewSet(SnippetViewSet):
    model = Axis
    icon = "list-ol"
    menu_label = _("Axes du PAQTE")
    index_view_class = SafeSnippetIndexView
    inspect_view_enabled = True
    list_display = ["number", "name", "definition"]
    search_backend_name = None
    search_fields = ["code", "name", "definition"]
    list_export = ["number", "code", "name", "definition", "source"]
    export_filename = "axes-paqte"
    ordering = ["number"]


class AssociationViewSet(DepartmentScopedSnippetViewSet):
    model = Association
    icon = "group"
    menu_label = _("Associations partenaires")
    index_view_class = SafeSnippetIndexView
    inspect_view_enabled = True
    edit_handler = ObjectList(Association.panels, base_form_class=DepartmentScopedForm)
    list_display = [
        "name",
        Column("department", label=_("Département"), sort_key="department__code"),
        "website",
    ]
    filterset_class = AssociationFilterSet
    search_fields = ["name", "description"]
    list_export = ["name", "department", "description", "website", "email"]
    export_filename = "associations-paqte"

    def scoped_queryset(self, request):
        return Association.objects.select_related("department")


class DepartmentOrganisationViewSet(DepartmentScopedSnippetViewSet):
    model = DepartmentOrganisation
    icon = "user"
    menu_label = _("Organisation départementale")
    index_view_class = SafeSnippetIndexView
    inspect_view_enabled = True
    edit_handler = ObjectList(
        DepartmentOrganisation.panels, base_form_class=DepartmentScopedForm
    )
    list_display = [
        ObjectLinkColumn(
            "department", label=_("Département"), sort_key="department__code"
        ),
        "referent_name",
        "referent_email",
    ]
    filterset_class = DepartmentOrganisationFilterSet
    search_fields = ["referent_name", "referent_email", "department__name"]
    list_export = [
        "department",
        "referent_name",
        "referent_role",
        "referent_email",
        "referent_phone",
        "project_officer",
        "prefect_delegate",
        "subsidised_partners",
        "steering_committee",
    ]
    export_filename = "organisation-paqte"

    def scoped_queryset(self, request):
        return DepartmentOrganisation.objects.select_related("department")


class ReportExportColumn(Column):
    def get_value(self, instance):
        url = reverse("partners_reports:report_xlsx", args=[instance.pk])
        return format_html('<a href="{}">{}</a>', url, _("Télécharger (xlsx)"))


class SemesterReportInspectView(InspectView):
    """The report in the circular's format, with its xlsx download."""

    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            Button(
                _("Télécharger (xlsx)"),
                url=reverse("partners_reports:report_xlsx", args=[self.object.pk]),
                icon_name="download",
                priority=30,
            ),
        ]


class SemesterReportViewSet(DepartmentScopedSnippetViewSet):
    model = SemesterReport
    icon = "doc-full-inverse"
    menu_label = _("Bilans semestriels")
    index_view_class = SafeSnippetIndexView
    inspect_view_enabled = True
    inspect_view_class = SemesterReportInspectView
    inspect_view_fields = [
        "department",
        "semester",
        "referent_display",
        "organisation_display",
        "signatories_display",
        "partners_display",
        "results_display",
        "examples",
        "context_display",
        "strategy",
    ]
    edit_handler = ObjectList(
        SemesterReport.panels, base_form_class=DepartmentScopedForm
    )
    list_display = [
        ObjectLinkColumn(
            "department", label=_("Département"), sort_key="department__code"
        ),
        Column("semester", label=_("Semestre"), sort_key="year"),
        Column("workflow_status_display", label=_("Étape du workflow")),
        ReportExportColumn("export", label=_("Export")),
    ]
    filterset_class = SemesterReportFilterSet
    search_fields = ["department__name", "department__code"]
    list_export = ["department", "semester", "live"]
    export_headings = {"semester": _("Semestre"), "live": _("Validé")}
    export_filename = "bilans-paqte"

    def scoped_queryset(self, request):
        return SemesterReport.objects.select_related(
            "department"
        ).with_workflow_states()


class PaqteViewSetGroup(ViewSetGroup):
    menu_label = _("PAQTE : suivi")
    menu_icon = "doc-full-inverse"
    menu_order = 230
    items = (
        SemesterReportViewSet,
        DepartmentOrganisationViewSet,
        AssociationViewSet,
        AxisViewSet,
    )

"""Admin views of the territories: QPV import, the prefect's synthesis.

Mounted by ``measures/admin_urls.py`` (admin only). The synthesis of a department
is reachable by the national administrators and by the referents of that
department (``measures.permissions.managed_departments``); any other user gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from cms.spreadsheets import download_response
from measures.models import QPV, Territory
from measures.permissions import forbidden_response, managed_departments
from measures.qpv_import import apply_qpv_import, parse_qpv_workbook
from measures.synthesis import DOCX_CONTENT_TYPE, build_docx, build_synthesis
from measures.views import ImportForm


class QPVImportForm(ImportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Fichier national des QPV (.xlsx) : colonnes CODE_QP, NOM_QP, "
            "COMMUNE_QP et, facultative, une feuille « statistiques » ; %(size)s au "
            "plus."
        ) % {"size": self.max_size_label()}


class QPVImportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Upload the national QPV file: validated whole, then written all or nothing.

    The import adds and changes QPV: both are asked of ``QPV``'s registered
    permission policy (``PermissionCheckedMixin`` checks ``permission_required``
    and ``any_permission_required`` alike)."""

    model = QPV
    permission_required = "add"
    any_permission_required = ["change"]

    template_name = "measures/admin/qpv_import.html"
    form_class = QPVImportForm
    page_title = gettext_lazy("Import des quartiers prioritaires (QPV)")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("measures_admin:qpv_import"), "label": self.page_title},
        ]

    def form_valid(self, form):
        result = parse_qpv_workbook(form.cleaned_data["file"])
        if result.errors:
            return self.render_to_response(
                self.get_context_data(form=form, result=result)
            )
        counts = apply_qpv_import(result, user=self.request.user)
        messages.success(
            self.request,
            _(
                "Import terminé : %(created)d quartier(s) créé(s), %(updated)d mis à "
                "jour, statistiques de %(statistics)d quartier(s)."
            )
            % {
                "created": counts.created,
                "updated": counts.updated,
                "statistics": counts.statistics,
            },
        )
        if result.absent_columns:
            messages.info(
                self.request,
                _(
                    "Colonnes absentes du fichier : %(columns)s. Les valeurs déjà "
                    "enregistrées de ces colonnes n’ont pas été modifiées."
                )
                % {"columns": ", ".join(result.absent_columns)},
            )
        return redirect("measures_admin:qpv_import")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("result", None)
        return context


def _department_for(user, code):
    department = get_object_or_404(
        Territory, kind=Territory.Kind.DEPARTMENT, code=code.upper()
    )
    if not managed_departments(user).filter(pk=department.pk).exists():
        return None
    return department


class SynthesisIndexView(WagtailAdminTemplateMixin, TemplateView):
    """The departments whose synthesis the user may generate."""

    template_name = "measures/admin/synthesis_index.html"
    page_title = gettext_lazy("Synthèses du préfet")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not managed_departments(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["departments"] = managed_departments(self.request.user).order_by("code")
        return context


class SynthesisView(View):
    """The synthesis of a department as a printable HTML page."""

    def get(self, request, code):
        department = _department_for(request.user, code)
        if department is None:
            return forbidden_response(request)
        data = build_synthesis(department)
        data["docx_url"] = reverse("measures_admin:synthesis_docx", args=[code])
        data["index_url"] = reverse("measures_admin:synthesis_index")
        page = data["page"]
        data["page_edit_url"] = (
            reverse("wagtailadmin_pages:edit", args=[page.pk])
            if page is not None and page.permissions_for_user(request.user).can_edit()
            else None
        )
        return TemplateResponse(request, "measures/synthesis.html", data)


class SynthesisDocxView(View):
    """The synthesis of a department as a .docx document."""

    def get(self, request, code):
        department = _department_for(request.user, code)
        if department is None:
            return forbidden_response(request)
        content = build_docx(build_synthesis(department))
        filename = f"synthese-prefet-{department.code}.docx"
        return download_response(
            content, filename, content_type=DOCX_CONTENT_TYPE, no_store=True
        )


__all__ = ["QPVImportView", "SynthesisDocxView", "SynthesisIndexView", "SynthesisView"]

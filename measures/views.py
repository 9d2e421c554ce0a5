"""Admin views: xlsx import (upload → preview → confirm) and exports of indicators.

Mounted by ``measures/admin_urls.py`` (namespace ``measures_admin``). Every view needs
the permission ``measures.add_indicatorvalue`` or ``measures.change_indicatorvalue``.

The uploaded file waits for confirmation under ``MEDIA_ROOT/imports/<uuid4>.xlsx``.
The token is random (uuid4) and is also recorded in the uploader's session with
their user id: only they can preview, confirm or cancel it. Files older than
``UPLOAD_TTL`` are removed on the next upload. The web server must not serve
``MEDIA_ROOT/imports/`` (the files are only read by these views).
"""

import datetime
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton

from cms.spreadsheets import download_response
from measures.exports import export_indicators, export_values
from measures.imports import (
    LEVEL_LABELS,
    PRECISION_LABELS,
    apply_import,
    build_template,
    parse_workbook,
)
from measures.models import IndicatorValue, Territory

SESSION_KEY = "measures_indicator_imports"
UPLOAD_TTL = datetime.timedelta(hours=24)
PREVIEW_ROWS = 50


def uploads_dir():
    return Path(settings.MEDIA_ROOT) / "imports"


def upload_path(token):
    return uploads_dir() / f"{uuid.UUID(str(token))}.xlsx"


def purge_stale_uploads(now=None):
    """Delete the uploads left unconfirmed for longer than ``UPLOAD_TTL``."""
    limit = (now or timezone.now()).timestamp() - UPLOAD_TTL.total_seconds()
    directory = uploads_dir()
    if not directory.is_dir():
        return
    for path in directory.glob("*.xlsx"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:
            continue


def format_number(value):
    """1234.5000 → « 1 234,5 » (French, no useless zeros)."""
    if value is None:
        return ""
    return number_format(value.normalize(), use_l10n=True, force_grouping=True)


def _xlsx_response(content, filename):
    return download_response(content, filename, no_store=True)


class ImportPermissionMixin(PermissionCheckedMixin):
    """Only for users who may add or change indicator values (asked of
    ``IndicatorValue``'s registered permission policy)."""

    model = IndicatorValue
    any_permission_required = ["add", "change"]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier Excel (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Classeur .xlsx construit à partir du modèle, feuille « valeurs » ; "
            "%(size)s au plus."
        ) % {"size": self.max_size_label()}

    @staticmethod
    def max_size_label():
        return filesizeformat(settings.QUARTIERS_IMPORT_MAX_SIZE)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.QUARTIERS_IMPORT_MAX_SIZE:
            raise forms.ValidationError(
                _("Le fichier dépasse la taille maximale autorisée (%(size)s).")
                % {"size": self.max_size_label()}
            )
        return upload


class ImportBaseMixin(ImportPermissionMixin, WagtailAdminTemplateMixin):
    header_icon = "upload"
    page_title = gettext_lazy("Import de valeurs d’indicateurs")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("measures_admin:indicator_import"),
                "label": _("Import de valeurs d’indicateurs"),
            },
        ]

    def get_header_buttons(self):
        return [
            HeaderButton(
                _("Modèle d’import"),
                url=reverse("measures_admin:indicator_import_template"),
                icon_name="download",
                priority=10,
            ),
            HeaderButton(
                _("Exporter les valeurs"),
                url=reverse("measures_admin:indicator_value_export"),
                icon_name="download",
                priority=20,
            ),
            HeaderButton(
                _("Exporter les indicateurs"),
                url=reverse("measures_admin:indicator_export"),
                icon_name="download",
                priority=30,
            ),
        ]


def preset_indicator(request):
    """The indicator named by ``?indicator=<pk>``, or None (unknown, invalid)."""
    from measures.models import Indicator

    value = request.GET.get("indicator", "")
    if not value.isdigit() or len(value) > 12:
        return None
    return Indicator.objects.filter(pk=int(value)).first()


class ImportTemplateView(ImportPermissionMixin, View):
    """GET: the import template (.xlsx); ``?indicator=<pk>`` pre-sets it for one
    indicator (the dashboard's « Importer » links)."""

    def get(self, request):
        indicator = preset_indicator(request)
        if indicator is None:
            return _xlsx_response(build_template(), "modele-import-valeurs.xlsx")
        return _xlsx_response(
            build_template(indicator),
            f"modele-import-{slugify(indicator.code)}.xlsx",
        )


class ImportUploadView(ImportBaseMixin, FormView):
    """Step 1: upload the file. A valid file is kept and previewed (step 2)."""

    template_name = "measures/admin/import_upload.html"
    form_class = ImportForm

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        result = parse_workbook(upload)
        if result.errors:
            return self.render_to_response(
                self.get_context_data(form=form, result=result)
            )
        upload.seek(0)
        content = upload.read()
        token = uuid.uuid4()
        purge_stale_uploads()
        path = upload_path(token)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        uploads = self.request.session.get(SESSION_KEY, {})
        uploads[str(token)] = {
            "user": self.request.user.pk,
            "name": Path(upload.name or "").name[:200],
            "uploaded_at": timezone.now().isoformat(),
        }
        self.request.session[SESSION_KEY] = uploads
        return redirect("measures_admin:indicator_import_preview", token=token)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("result", None)
        context["template_url"] = reverse("measures_admin:indicator_import_template")
        context["indicator"] = preset_indicator(self.request)
        if context["indicator"] is not None:
            context["template_url"] += f"?indicator={context['indicator'].pk}"
        context["max_size"] = ImportForm.max_size_label()
        return context


class ImportPreviewView(ImportBaseMixin, TemplateView):
    """Step 2 (GET): what the import will do. Step 3 (POST): do it, or cancel."""

    template_name = "measures/admin/import_preview.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.token = str(kwargs["token"])

    def get_upload(self):
        """The session entry of the upload; 404 if it is not the user's own."""
        entry = self.request.session.get(SESSION_KEY, {}).get(self.token)
        if not entry or entry.get("user") != self.request.user.pk:
            raise Http404
        uploaded_at = datetime.datetime.fromisoformat(entry["uploaded_at"])
        path = upload_path(self.token)
        if timezone.now() - uploaded_at > UPLOAD_TTL or not path.is_file():
            self.forget()
            raise Http404
        return entry, path

    def forget(self):
        """Delete the stored file and its session entry."""
        upload_path(self.token).unlink(missing_ok=True)
        uploads = self.request.session.get(SESSION_KEY, {})
        if uploads.pop(self.token, None) is not None:
            self.request.session[SESSION_KEY] = uploads

    def parse(self):
        entry, path = self.get_upload()
        with path.open("rb") as handle:
            result = parse_workbook(handle)
        result.filename = entry["name"]
        if result.errors:
            # Nothing can be confirmed any more: the user fixes the file and
            # uploads it again.
            self.forget()
        return result

    def get(self, request, *args, **kwargs):
        result = self.parse()
        return self.render_to_response(self.get_context_data(result=result))

    def post(self, request, *args, **kwargs):
        if "cancel" in request.POST:
            self.get_upload()
            self.forget()
            messages.info(request, _("Import annulé : aucune valeur n’a été modifiée."))
            return redirect("measures_admin:indicator_import")

        result = self.parse()
        if result.errors:
            return self.render_to_response(self.get_context_data(result=result))
        try:
            counts = apply_import(result, user=request.user)
        except DatabaseError:
            messages.error(
                request,
                _(
                    "L’import a échoué (des valeurs ont peut-être été modifiées en "
                    "même temps) : aucune valeur n’a été enregistrée. Réessayez."
                ),
            )
            return self.render_to_response(self.get_context_data(result=result))
        self.forget()
        messages.success(request, success_message(counts.created, counts.updated))
        return redirect("measures_admin:indicator_import")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = context["result"]
        context["preview_rows"] = [
            {
                "row_number": row.row_number,
                "indicator": row.indicator,
                "level": LEVEL_LABELS.get(row.territory.kind, row.territory.kind),
                "territory": row.territory,
                "date": row.date,
                "value": format_number(row.value),
                "precision": PRECISION_LABELS.get(row.approximation, ""),
                "comment": row.comment,
                "creates": row.creates,
                "previous_value": format_number(row.previous_value),
            }
            for row in result.rows[:PREVIEW_ROWS]
        ]
        context["hidden_rows"] = max(len(result.rows) - PREVIEW_ROWS, 0)
        context["token"] = self.token
        context["upload_url"] = reverse("measures_admin:indicator_import")
        return context


def success_message(created, updated):
    return _("%(created)s, %(updated)s.") % {
        "created": ngettext(
            "%(count)d valeur créée", "%(count)d valeurs créées", created
        )
        % {"count": created},
        "updated": ngettext("%(count)d mise à jour", "%(count)d mises à jour", updated)
        % {"count": updated},
    }


class IndicatorExportView(ImportPermissionMixin, View):
    """GET: every indicator (.xlsx)."""

    def get(self, request):
        filename = f"indicateurs-{timezone.localdate():%Y-%m-%d}.xlsx"
        return _xlsx_response(export_indicators(), filename)


class IndicatorValueExportView(ImportPermissionMixin, View):
    """GET: indicator values (.xlsx), re-importable.

    Optional filters: ``?indicateur=CODE`` (repeatable) and ``?niveau=national``,
    ``region`` or ``departement``.
    """

    def get(self, request):
        queryset = IndicatorValue.objects.all()
        codes = [code.strip().upper() for code in request.GET.getlist("indicateur")]
        if codes := [code for code in codes if code]:
            queryset = queryset.filter(indicator__code__in=codes)
        level = request.GET.get("niveau", "").strip().lower()
        kinds = {label: kind for kind, label in LEVEL_LABELS.items()}
        if level in kinds:
            queryset = queryset.filter(territory__kind=kinds[level])
        elif level in Territory.Kind.values:
            queryset = queryset.filter(territory__kind=level)
        filename = f"valeurs-indicateurs-{timezone.localdate():%Y-%m-%d}.xlsx"
        return _xlsx_response(export_values(queryset), filename)

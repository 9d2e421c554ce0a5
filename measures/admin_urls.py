"""Admin URLs of the indicator import and exports.

Meant to be included in the Wagtail admin, e.g. from a ``register_admin_urls`` hook::

    path("quartiers/", include("measures.admin_urls", namespace="measures_admin"))

The views are wrapped here with Wagtail's ``require_admin_access`` too, so they
stay admin-only wherever this module is included.
"""

from django.urls import path

from wagtail.admin.auth import require_admin_access
from wagtail.utils.urlpatterns import decorate_urlpatterns

from measures import territorial_views, views

app_name = "measures_admin"

urlpatterns = decorate_urlpatterns(
    [
        path(
            "indicateurs/import/",
            views.ImportUploadView.as_view(),
            name="indicator_import",
        ),
        path(
            "indicateurs/import/modele/",
            views.ImportTemplateView.as_view(),
            name="indicator_import_template",
        ),
        path(
            "indicateurs/import/<uuid:token>/",
            views.ImportPreviewView.as_view(),
            name="indicator_import_preview",
        ),
        path(
            "indicateurs/export/",
            views.IndicatorExportView.as_view(),
            name="indicator_export",
        ),
        path(
            "indicateurs/valeurs/export/",
            views.IndicatorValueExportView.as_view(),
            name="indicator_value_export",
        ),
        path(
            "qpv/import/",
            territorial_views.QPVImportView.as_view(),
            name="qpv_import",
        ),
        path(
            "synthese/",
            territorial_views.SynthesisIndexView.as_view(),
            name="synthesis_index",
        ),
        path(
            "synthese/<str:code>/",
            territorial_views.SynthesisView.as_view(),
            name="synthesis",
        ),
        path(
            "synthese/<str:code>/docx/",
            territorial_views.SynthesisDocxView.as_view(),
            name="synthesis_docx",
        ),
    ],
    require_admin_access,
)

"""Wagtail's own exports (reports, listings) written by the project's one rule.

Wagtail's report and listing views export CSV and .xlsx through its
``SpreadsheetExportMixin``, which only keeps openpyxl from writing a formula: a
CSV cell or a text starting with ``+``, ``-`` or ``@`` goes out as typed, and a
control character stored in a name makes openpyxl raise. Some of them are fed by
anonymous visitors (the search terms report). The project's own views use
``cms.spreadsheets.SafeSpreadsheetExportMixin``; Wagtail's are remounted here,
ahead of the admin's URLs (``cms.urls``), as the same class with that mixin,
given the same arguments and the same decorators as Wagtail's admin URLs
(admin access, admin 404 page, never cached). Every such view is found by walking
the admin's URLs, so a report that a Wagtail upgrade or a hook adds is covered
too (``tests/cms/test_admin_exports.py`` checks that none is left out).
"""

from functools import update_wrapper

from django.urls import URLResolver, path
from django.views.decorators.cache import never_cache

from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import display_custom_404
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from cms.spreadsheets import SafeSpreadsheetExportMixin


def export_patterns(patterns, prefix=""):
    """(route, URL pattern) of every view of ``patterns`` that exports."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from export_patterns(pattern.url_patterns, route)
            continue
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is not None and issubclass(view_class, SpreadsheetExportMixin):
            yield route, pattern


def safe_class(view_class, classes={}):  # noqa: B006 (one class per view class)
    if view_class not in classes:
        classes[view_class] = type(
            view_class.__name__,
            (SafeSpreadsheetExportMixin, view_class),
            {"__module__": __name__},
        )
    return classes[view_class]


def safe_view(callback):
    """The view of ``callback``, safe, decorated as Wagtail decorates its admin's
    (``decorate_urlpatterns``, in ``wagtail.admin.urls``)."""
    view = safe_class(callback.view_class).as_view(**callback.view_initkwargs)
    for decorator in (require_admin_access, display_custom_404, never_cache):
        view = update_wrapper(decorator(view), view)
    return view


def safe_export_urls(admin_urls):
    """URL patterns, to mount ahead of ``admin_urls``, for their exporting
    views that do not write through the project's rule."""
    return [
        path(route, safe_view(pattern.callback))
        for route, pattern in export_patterns(admin_urls.urlpatterns)
        if not issubclass(pattern.callback.view_class, SafeSpreadsheetExportMixin)
    ]

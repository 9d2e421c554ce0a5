from urllib.parse import urlparse

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from wagtail.admin.auth import require_admin_access

from .site import site_search


@require_GET
@cache_control(public=True, max_age=3600)
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/"]
    search = site_search()
    if search:  # result pages are not for crawlers
        lines.append(f"Disallow: {urlparse(search['url']).path}")
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


def lockout(request, original_response=None, credentials=None):
    """django-axes' lock-out answer: a French page, status 429 (AXES_LOCKOUT_CALLABLE)."""
    admin = request.path_info.startswith(settings.QUARTIERS_ADMIN_PREFIX)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = TemplateResponse(
        request,
        "lockout.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": minutes,
            "reset_url": resolve_url(
                "wagtailadmin_password_reset"
                if admin
                else settings.QUARTIERS_ACCOUNT_RECOVERY_URL
            ),
            "login_url": resolve_url(
                "wagtailadmin_login" if admin else settings.LOGIN_URL
            ),
        },
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response.render()


def admin_help_view():
    """The admin's help page (built lazily: Wagtail's admin views are imported only
    once the apps are ready)."""
    from django.views.generic import TemplateView

    from wagtail.admin.views.generic import WagtailAdminTemplateMixin

    class AdminHelpView(WagtailAdminTemplateMixin, TemplateView):
        """« Aide » : what each role does in the admin, step by step, in French."""

        template_name = "cms/admin/help.html"
        page_title = "Aide : le rôle de chacun, pas à pas"
        header_icon = "help"

        def get_breadcrumbs_items(self):
            return [
                {"url": reverse("wagtailadmin_home"), "label": "Tableau de bord"},
                {"url": "", "label": self.page_title},
            ]

    return AdminHelpView


@require_admin_access
def revision_zero(request, page_id, revision_id):
    """Wagtail reads revision 0 of a page as "no revision" and then fails on it
    (``/admin/pages/<id>/revisions/0/revert/`` answered 500): no such revision."""
    raise Http404

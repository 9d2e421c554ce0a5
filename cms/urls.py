from django.conf import settings
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms.admin_exports import safe_export_urls
from cms.api import api_router, not_found
from cms.site import site_urls
from cms.views import revision_zero, robots_txt

urlpatterns = [
    re_path(
        r"^admin/pages/(?P<page_id>\d+)/revisions/(?P<revision_id>0+)/revert/$",
        revision_zero,
    ),
    # Wagtail's exports written by the project's rule (see cms.admin_exports).
    path("admin/", include(safe_export_urls(wagtailadmin_urls))),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    re_path(r"^api/v2/(?P<path>.*)$", not_found, name="api_not_found"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # The apps' public URLs (``register_site_urls`` hook, see cms.site).
    *site_urls(),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

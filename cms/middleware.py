from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers


class SharedCacheHeadersMiddleware:
    """Let a shared cache (Varnish, CDN) keep anonymous public pages a while.

    Only for anonymous GET/HEAD requests answered 200 that set no cookie, use no
    CSRF token, are no preview and are outside the admin; everything else is
    marked private. Freshness comes from purges on publish (``cms.cache``).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.s_maxage = getattr(settings, "CACHE_S_MAXAGE", 600)
        self.stale = getattr(settings, "CACHE_STALE_WHILE_REVALIDATE", 60)

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control") or request.path.startswith(
            ("/admin/", "/documents/")
        ):
            return response
        user = getattr(request, "user", None)
        shareable = (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not (user and user.is_authenticated)
            and not getattr(request, "is_preview", False)
            and not request.META.get("CSRF_COOKIE_USED")
            and not response.cookies
        )
        if shareable:
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                s_maxage=self.s_maxage,
                stale_while_revalidate=self.stale,
            )
        else:
            patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
        return response

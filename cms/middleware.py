import re

from csp.middleware import CSPMiddleware

from django.conf import settings
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.datastructures import MultiValueDictKeyError

POST_FORM = re.compile(rb"<form\b[^>]*\bmethod=[\"']?post", re.IGNORECASE)


def carries_post_form(response):
    """An HTML page holding a form sent by POST (its token is the visitor's own)."""
    return (
        not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and POST_FORM.search(response.content) is not None
    )


def is_personal(request, response):
    """True when the response belongs to one visitor: it sets a cookie (CSRF token,
    session, flash messages), used the CSRF token (even one already set) or holds a
    POST form. Django 5 marks a used token with ``CSRF_COOKIE_NEEDS_UPDATE`` (the
    key stays after its middleware has set the cookie and cleared the flag)."""
    return (
        bool(response.cookies)
        or "CSRF_COOKIE_NEEDS_UPDATE" in request.META
        or carries_post_form(response)
    )


class SharedCacheHeadersMiddleware:
    """Let a shared cache (Varnish, CDN) keep anonymous public pages a while.

    Placed before the session, CSRF and messages middlewares, it sees the final
    response, with every cookie they add. Only anonymous GET/HEAD requests answered
    200 that are not personal (``is_personal``), no preview and outside the admin
    are shared; a personal response is ``private, no-store`` whatever the view
    said; everything else is private. Freshness comes from purges on publish
    (``cms.cache``).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.s_maxage = getattr(settings, "CACHE_S_MAXAGE", 600)
        self.stale = getattr(settings, "CACHE_STALE_WHILE_REVALIDATE", 60)

    def __call__(self, request):
        response = self.get_response(request)
        if is_personal(request, response):
            response["Cache-Control"] = "private, no-cache, no-store"
            patch_vary_headers(response, ["Cookie"])
            return response
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


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy under ``/admin/``.

    The public site gets ``CONTENT_SECURITY_POLICY`` (no inline script); the
    Wagtail admin gets ``QUARTIERS_ADMIN_CSP`` (see settings: Wagtail still needs
    inline scripts there, and frames its previews). A preview (Wagtail's preview
    views for pages and snippets) keeps the public policy but may be framed by the
    admin's own origin. A view decorated with django-csp's own decorators keeps its
    policy.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if getattr(request, "is_preview", False):
            # Wagtail renders a preview (pages and snippets alike) through a dummy
            # request to the public URL, run through this middleware: the public
            # policy applies, except that the admin (our own origin) may frame it.
            parts.replace = {
                **(parts.replace or {}),
                "frame-ancestors": settings.QUARTIERS_PREVIEW_FRAME_ANCESTORS,
            }
        elif request.path_info.startswith(settings.QUARTIERS_ADMIN_PREFIX):
            parts.config = settings.QUARTIERS_ADMIN_CSP
        return parts


class IncompleteFormMiddleware:
    """A POST (or PUT) lacking a key its view reads answers 400, writing nothing.

    Wagtail reads some fields with ``request.POST[...]`` (a StreamField's
    ``-count``, a chooser's hidden inputs...): a forged or truncated form makes it
    raise ``MultiValueDictKeyError``, which would be a 500. The view runs in a
    transaction, rolled back when that exception escapes, and the visitor gets a
    page saying the form was incomplete (the admin's layout under the admin, the
    site's elsewhere). Any other exception goes on as before. Placed last, so that
    the other middlewares' ``process_view`` have run.
    """

    METHODS = ("POST", "PUT")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in self.METHODS:
            return None
        try:
            with transaction.atomic():
                return view_func(request, *view_args, **view_kwargs)
        except MultiValueDictKeyError as error:
            return incomplete_form_response(request, error)


def incomplete_form_response(request, error):
    in_admin = request.path_info.startswith(settings.QUARTIERS_ADMIN_PREFIX)
    template = "cms/admin/incomplete_form.html" if in_admin else "incomplete_form.html"
    missing = error.args[0] if error.args else ""
    return TemplateResponse(request, template, {"missing": missing}, status=400)

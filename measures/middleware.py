"""An explicit 403 for the admin pages of another department's territorial pages.

Wagtail answers a refused admin page view with a redirect to the dashboard and a
message. For the pages of the /territoires/ tree (department pages, contracts,
protocols), a signed-in admin user who holds no page permission at all on the
page asked (another department's page) gets a 403 page saying so, before the view
runs. The decision is the page permission policy's (``cms.permissions``): this
middleware only chooses the answer's form. A user who may work on the page but
not do the action asked keeps Wagtail's own refusal.
"""

from wagtail.models import Page

from cms.permissions import user_can

from .permissions import forbidden_response, territorial_admin_page_id

PAGE_ACTIONS = ("add", "change", "publish", "bulk_delete", "lock", "unlock")


class TerritorialPagesForbiddenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or not user.has_perm("wagtailadmin.access_admin")
            or request.headers.get("x-requested-with") == "XMLHttpRequest"
        ):
            return None
        page_id = territorial_admin_page_id(request)
        if page_id is None:
            return None
        page = Page.objects.filter(pk=page_id).first()
        if page is None or user_can(user, PAGE_ACTIONS, page):
            return None
        return forbidden_response(request)

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from wagtail.models import Page


def search(request):
    """Search the public pages (issue 6 extends it with facets and snippets)."""
    query = request.GET.get("q", "").strip()[:200]
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().specific().search(query)
    paginator = Paginator(results, 10)
    page_obj = paginator.get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "page_obj": page_obj,
            "title": _("Recherche"),
            "breadcrumb_data": {"links": [], "current": _("Recherche")},
        },
    )

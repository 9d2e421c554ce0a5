import re

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string

from .excerpts import excerpt, page_text
from .query import build_query
from .sources import public_sources

PER_PAGE = 10
MAX_LENGTH = 200


def log_query_after_response(response, query_string):
    """Count the query for the "popular searches" report once the page is sent:
    no database write delays the visitor's response."""

    def log():
        Query.get(query_string).add_hit()

    response._resource_closers.append(log)


def public_pages():
    return Page.objects.live().public().exclude(depth__lte=1)


def promotions_for(query_string):
    normalised = normalise_query_string(query_string)
    return list(
        SearchPromotion.objects.filter(query__query_string=normalised)
        .select_related("page")
        .order_by("sort_order")
    )


def programme_pages():
    from measures.models import ProgrammePage

    return list(ProgrammePage.objects.live().public().order_by("path"))


def department_pages():
    from measures.models import DepartmentPage

    return list(
        DepartmentPage.objects.live()
        .public()
        .order_by("department__code")
        .only("title", "slug", "path")
    )


@require_GET
def search(request):
    query_string = " ".join(request.GET.get("q", "").split())[:MAX_LENGTH]
    selected_type = request.GET.get("type", "")
    selected_programme = request.GET.get("programme", "")
    query = build_query(query_string)
    context = {
        "search_query": query_string,
        "selected_type": selected_type,
        "selected_programme": selected_programme,
        "title": _("Recherche"),
        "breadcrumb_data": {"links": [], "current": _("Recherche")},
    }
    if query is None:
        context["suggestions"] = programme_pages()
        return TemplateResponse(request, "search/search.html", context)

    sources = public_sources()
    programmes = programme_pages()
    pages = public_pages()
    programme = next((p for p in programmes if p.slug == selected_programme), None)
    if programme is not None:
        pages = pages.filter(path__startswith=programme.path)
    selected_department = request.GET.get("departement", "")
    departments = department_pages()
    department = next((d for d in departments if d.slug == selected_department), None)
    if department is not None:
        pages = pages.filter(path__startswith=department.path)

    # Facets: page types, then the other public sources, then programmes.
    type_counts = pages.search(query).facet("content_type_id")
    content_types = ContentType.objects.in_bulk(list(type_counts))
    type_facets = sorted(
        (
            {
                "value": f"{ct.app_label}.{ct.model}",
                "label": capfirst(ct.model_class()._meta.verbose_name),
                "count": count,
            }
            for ct_id, count in type_counts.items()
            if (ct := content_types.get(ct_id)) and ct.model_class() and count
        ),
        key=lambda facet: (-facet["count"], facet["label"]),
    )
    backend = get_search_backend()
    source_results = {
        key: backend.search(query, source["queryset"]())
        for key, source in sources.items()
    }
    for key, results in source_results.items():
        count = results.count()
        if count:
            type_facets.append(
                {"value": key, "label": sources[key]["label"], "count": count}
            )
    # One query: matched pages by path, summed under each programme and department.
    matched_paths = public_pages().search(query).facet("path")

    def under(prefix):
        return sum(n for path, n in matched_paths.items() if path.startswith(prefix))

    programme_facets = [
        {"value": p.slug, "label": p.title, "count": under(p.path)} for p in programmes
    ]
    department_facets = [
        {"value": d.slug, "label": d.title, "count": under(d.path)} for d in departments
    ]

    if selected_type in sources:
        source = sources[selected_type]
        paginator = Paginator(source_results[selected_type], PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        results = [
            {
                "title": source["title"](obj),
                "url": source["url"](obj, request),
                "type": source["label"],
                "excerpt": excerpt(source["summary"](obj), query_string),
            }
            for obj in page_obj
        ]
    else:
        if selected_type:
            app_label, _dot, model = selected_type.partition(".")
            content_type = ContentType.objects.filter(
                app_label=app_label, model=model
            ).first()
            pages = (
                pages.filter(content_type=content_type)
                if content_type
                else pages.none()
            )
        paginator = Paginator(pages.search(query), PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        specific = Page.objects.filter(pk__in=[p.pk for p in page_obj]).specific()
        by_pk = {page.pk: page for page in specific}
        results = [
            {
                "title": page.title,
                "url": page.get_url(request=request),
                "type": capfirst(page._meta.verbose_name),
                "excerpt": excerpt(page_text(page), query_string),
            }
            for page in (by_pk.get(p.pk, p) for p in page_obj)
        ]

    context.update(
        {
            "page_obj": page_obj,
            "results": results,
            "total": paginator.count,
            "type_facets": type_facets,
            "programme_facets": [f for f in programme_facets if f["count"]],
            "department_facets": [f for f in department_facets if f["count"]],
            "selected_department": selected_department if department else "",
            "promotions": promotions_for(query_string),
        }
    )
    response = TemplateResponse(request, "search/search.html", context)
    if not (request.GET.get("page") or selected_type or selected_programme):
        log_query_after_response(response, query_string)
    return response


@require_GET
def autocomplete(request):
    """Titles for the header's search box: ``/recherche/suggestions/?q=emp``."""
    # Words only: quotes and other operators of the search engine's syntax (FTS5 on
    # SQLite) made the query fail.
    query_string = " ".join(re.findall(r"\w+", request.GET.get("q", "")))
    query_string = query_string[:MAX_LENGTH].strip()
    if len(query_string) < 2:
        return JsonResponse({"results": []})
    pages = public_pages().autocomplete(query_string)[:8]
    return JsonResponse(
        {
            "results": [
                {"title": page.title, "url": page.get_url(request=request)}
                for page in pages
            ]
        }
    )

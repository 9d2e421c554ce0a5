import re
from urllib.parse import urlencode

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.search.utils import normalise_query_string

from .engine import Selection, programme_pages, public_pages, run
from .models import synonym_sets
from .query import Terms
from .sources import public_sources
from .spelling import suggestion

MAX_LENGTH = 200


def log_query_after_response(response, query_string):
    """Count the query for the "popular searches" report once the page is sent:
    no database write delays the visitor's response."""

    def log():
        Query.get(query_string).add_hit()

    response._resource_closers.append(log)


def promotions_for(query_string):
    normalised = normalise_query_string(query_string)
    return list(
        SearchPromotion.objects.filter(query__query_string=normalised)
        .select_related("page")
        .order_by("sort_order")
    )


def facet_groups(outcome, selection, query_string):
    """The facets as the template shows them: each link keeps the other choices
    (and drops the page number)."""
    chosen = {
        "type": selection.type,
        "programme": outcome.programme.slug if outcome.programme else "",
        "departement": outcome.department.slug if outcome.department else "",
        "axe": outcome.axis.code if outcome.axis else "",
    }

    def link(param, value):
        params = {"q": query_string, **chosen, param: value}
        return "?" + urlencode({k: v for k, v in params.items() if v})

    groups = []
    for param, title, everything, facets in [
        ("type", _("Type de contenu"), _("Tous les types"), outcome.type_facets),
        (
            "programme",
            _("Programme"),
            _("Tous les programmes"),
            outcome.programme_facets,
        ),
        ("axe", _("Axe du PAQTE"), _("Tous les axes"), outcome.axis_facets),
        (
            "departement",
            _("Département"),
            _("Tous les départements"),
            outcome.department_facets,
        ),
    ]:
        if not facets and not chosen[param]:
            continue
        groups.append(
            {
                "param": param,
                "title": title,
                "all": {
                    "label": everything,
                    "url": link(param, ""),
                    "active": not chosen[param],
                },
                "facets": [
                    {
                        **facet,
                        "url": link(param, facet["value"]),
                        "active": chosen[param] == facet["value"],
                    }
                    for facet in facets
                ],
            }
        )
    return groups


def also_found(outcome, selection, sources, query_string):
    """Matches of the public sources (indicators, companies), listed under their
    own type: named beside the pages' results so that none goes unseen."""
    if selection.type:
        return []
    return [
        {
            **facet,
            "url": "?" + urlencode({"q": query_string, "type": facet["value"]}),
        }
        for facet in outcome.type_facets
        if facet["value"] in sources
    ]


def results(terms, query_string, selection, sources, request):
    """The outcome of the search, and whether it holds only part of the words:
    when no result holds every word, the best ones holding most of them."""
    outcome = run(terms, query_string, selection, sources, request)
    if outcome.total or len(terms.concepts) < 2:
        return outcome, False
    partial = run(terms.partial(), query_string, selection, sources, request)
    return (partial, True) if partial.total else (outcome, False)


@require_GET
def search(request):
    query_string = " ".join(request.GET.get("q", "").split())[:MAX_LENGTH]
    selection = Selection.from_request(request)
    terms = Terms.parse(query_string, synonym_sets())
    context = {
        "search_query": query_string,
        "selected_type": selection.type,
        "selected_programme": selection.programme,
        "title": _("Recherche"),
        "breadcrumb_data": {"links": [], "current": _("Recherche")},
    }
    if not terms.concepts:
        context["suggestions"] = programme_pages()
        return TemplateResponse(request, "search/search.html", context)

    sources = public_sources()
    outcome, partial = results(terms, query_string, selection, sources, request)
    if partial or not outcome.total:
        corrected = suggestion(query_string)
        if corrected:
            context["did_you_mean"] = {
                "text": corrected,
                "url": "?" + urlencode({"q": corrected}),
            }
    context.update(
        {
            "page_obj": outcome.page_obj,
            "results": outcome.results,
            "total": outcome.total,
            "type_facets": outcome.type_facets,
            "programme_facets": outcome.programme_facets,
            "department_facets": outcome.department_facets,
            "axis_facets": outcome.axis_facets,
            "facet_groups": facet_groups(outcome, selection, query_string),
            "selected_department": outcome.department.slug
            if outcome.department
            else "",
            "selected_axis": outcome.axis.code if outcome.axis else "",
            "filtered": bool(
                selection.type
                or outcome.programme
                or outcome.department
                or outcome.axis
            ),
            "partial": partial,
            "promotions": promotions_for(query_string),
            "also_found": also_found(outcome, selection, sources, query_string),
        }
    )
    response = TemplateResponse(request, "search/search.html", context)
    if not (selection.page or context["filtered"]):
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

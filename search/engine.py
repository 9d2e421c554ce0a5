"""The public search in a small, constant number of queries.

Per search, for the pages: one SQL statement (``single_pass``) computes the matched
pages and their score once and returns the facet rows (type × programme/department
section), the good practices' counts per PAQTE axis and the requested page of
results (``ORDER BY score LIMIT/OFFSET``). Each public source (indicators,
companies) is counted once, with its axis counts when it declares them. The
excerpts come from the plain text the search index already stores, not from
rendering StreamFields. Nothing is written: the query log runs after the response
(``views.log_query_after_response``).

The SQL lives in ``statement``, the facets' registrations in ``sources``.
On PostgreSQL the matches are written by ``postgres_hits`` (cheap match order, one
rank per field); the GIN index of migration ``0002_indexentry_title_body_gin`` serves
``(title || body) @@ query`` for rare words. On SQLite, Wagtail's backend writes them
(FTS5). With Elasticsearch, its first ``MAX_HITS`` hits are used.
"""

import hashlib
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils.text import capfirst

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from cms.pagination import CountedPaginator

from .sources import (
    axes,
    axis_links_sql,
    pages_with_axis,
    section_links_sql,
    within_section_sql,
)
from .statement import MAX_HITS, indexed_texts, single_pass

PER_PAGE = 10
# How long a search's results are remembered at most (a change of content forgets
# them at once: see ``Memory``).
SEARCH_CACHE_SECONDS = 600


def public_pages():
    return Page.objects.live().public().exclude(depth__lte=1)


def without_private(queryset, restrictions):
    """``queryset.public()`` with the view restrictions already read (``public()``
    reads them again on every call)."""
    for restriction in restrictions:
        queryset = queryset.exclude(path__startswith=restriction.page.path)
    return queryset


def view_restrictions():
    from wagtail.models import PageViewRestriction

    return list(PageViewRestriction.objects.select_related("page").only("page__path"))


def matching(queryset, query):
    """The objects of ``queryset`` matching ``query``, as an unordered queryset
    (ranking is left out: facets and counts do not need it)."""
    results = get_search_backend().search(query, queryset, order_by_relevance=False)
    if hasattr(results, "get_queryset"):  # Wagtail's database backends
        return results.get_queryset().order_by()
    return queryset.filter(pk__in=[obj.pk for obj in results[:MAX_HITS]])


def ranked(queryset, query):
    """Search results in relevance order, sliced in SQL by the paginator."""
    return get_search_backend().search(query, queryset)


@dataclass
class Selection:
    """What the visitor picked: facet values from the URL (slugs and keys)."""

    type: str = ""
    programme: str = ""
    department: str = ""
    axis: str = ""
    page: str = ""

    @classmethod
    def from_request(cls, request):
        return cls(
            type=request.GET.get("type", ""),
            programme=request.GET.get("programme", ""),
            department=request.GET.get("departement", ""),
            axis=request.GET.get("axe", ""),
            page=request.GET.get("page", ""),
        )


@dataclass
class Outcome:
    page_obj: object
    results: list
    total: int
    type_facets: list = field(default_factory=list)
    programme_facets: list = field(default_factory=list)
    department_facets: list = field(default_factory=list)
    axis_facets: list = field(default_factory=list)
    # The selections that exist (an unknown slug in the URL selects nothing).
    programme: object = None
    department: object = None
    axis: object = None


def programme_pages(restrictions=None):
    from measures.models import ProgrammePage

    pages = ProgrammePage.objects.live()
    pages = (
        pages.public() if restrictions is None else without_private(pages, restrictions)
    )
    return list(
        pages.order_by("path").only("title", "slug", "path", "depth", "url_path")
    )


def department_pages(restrictions):
    from measures.models import DepartmentPage

    return list(
        without_private(DepartmentPage.objects.live(), restrictions)
        .order_by("department__code")
        .only("title", "slug", "path", "depth")
    )


def label_for_content_type(content_type_id):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return capfirst(model._meta.verbose_name) if model else ""


def type_value(content_type_id):
    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


class Window:
    """The page of results already fetched, as the paginator slices it."""

    def __init__(self, items, count):
        self.items, self._count = items, count

    def __len__(self):
        return self._count

    def count(self):
        return self._count

    def __getitem__(self, key):
        return self.items


def page_number(raw, count):
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    last = max((count + PER_PAGE - 1) // PER_PAGE, 1)
    return min(max(number, 1), last)


class Memory:
    """Search results remembered in the cache until public content changes.

    The costly part of a search (the full-text statement over the pages and each
    source's count) depends only on the query, the selection, the view
    restrictions and the public content, which the *content version* follows
    (``cms.cache``: bumped on every publication, move, deletion or import). So a
    popular search is computed once per change of content, and a change is visible
    on the next request. The page objects and the excerpts are read each time.
    """

    def __init__(self, restrictions, terms, selection):
        from cms.cache import content_version

        self.base = (
            content_version(),
            tuple(sorted(r.page.path for r in restrictions)),
            terms,
            selection.type,
            selection.programme,
            selection.department,
            selection.axis,
        )

    def __call__(self, part, compute):
        digest = hashlib.sha256(repr((self.base, part)).encode()).hexdigest()
        key = f"quartiers:search:{digest}"
        found = cache.get(key)
        if found is None:
            found = compute()
            cache.set(key, found, SEARCH_CACHE_SECONDS)
        return found


def tally(candidate, queryset, terms, with_axes):
    """How many objects of a public source match, with their counts per axis."""
    hits = matching(queryset, terms.wagtail_query())
    count = hits.count()
    axis_rows = []
    if count and with_axes:
        axis_rows = [
            (row["axis_key"], row["n"])
            for row in candidate["axis_counts"](hits.values("pk"))
        ]
    return count, axis_rows


def run(terms, query_string, selection, sources, request):
    """Facets, total and the requested page of results for ``terms``
    (``query.Terms``); ``query_string`` is what the visitor typed."""
    from .excerpts import excerpt

    restrictions = view_restrictions()
    pages = without_private(Page.objects.live().exclude(depth__lte=1), restrictions)
    programmes = programme_pages(restrictions)
    departments = department_pages(restrictions)
    axis_list = axes()
    programme = next((p for p in programmes if p.slug == selection.programme), None)
    department = next((d for d in departments if d.slug == selection.department), None)
    axis = next((a for a in axis_list if a.code == selection.axis), None)
    source = sources.get(selection.type)

    selected_type_id = None
    if selection.type and source is None:
        app_label, _dot, model = selection.type.partition(".")
        found = ContentType.objects.filter(app_label=app_label, model=model).first()
        selected_type_id = found.pk if found else -1

    # Pages: one statement for the facets and the requested page of results.
    if axis is not None:
        pages = pages.filter(pk__in=pages_with_axis(axis.pk))
    filters = []
    if source is not None:
        filters.append(("1 = 0", []))  # a source is listed: no page among results
    if selected_type_id is not None:
        filters.append(("content_type_id = %s", [selected_type_id]))
    section_links = section_links_sql()
    for section in (programme, department):
        if section is not None:
            filters.append(within_section_sql(section.path, section_links))

    remember = Memory(restrictions, terms, selection)

    def fetch(number):
        return remember(("pages", number), lambda: single_pass_rows(number))

    def single_pass_rows(number):
        return single_pass(
            pages,
            terms,
            filters=filters,
            axis_links=axis_links_sql(),
            section_links=section_links,
            # Paths cut at the deepest facet section name the sections of a match.
            section_length=Page.steplen
            * max((p.depth for p in programmes + departments), default=1),
            section_parents=sorted(
                {p.path[: -Page.steplen] for p in programmes + departments}
            ),
            offset=(number - 1) * PER_PAGE,
            limit=PER_PAGE,
        )

    requested = page_number(selection.page, 10**9)
    rows, practice_axes, ranked_ids = fetch(requested)

    def within(row, section):
        return section is None or any(
            path.startswith(section.path) for path in row["sections"]
        )

    def of_type(row):
        return selected_type_id is None or row["content_type_id"] == selected_type_id

    # Each facet counts the matches that the other selections keep.
    type_counts = {}
    for row in rows:
        if within(row, programme) and within(row, department):
            type_counts[row["content_type_id"]] = (
                type_counts.get(row["content_type_id"], 0) + row["n"]
            )
    type_facets = sorted(
        (
            {
                "value": type_value(ct_id),
                "label": label_for_content_type(ct_id),
                "count": count,
            }
            for ct_id, count in type_counts.items()
            if count and label_for_content_type(ct_id)
        ),
        key=lambda facet: (-facet["count"], facet["label"]),
    )

    def section_facets(candidates, other):
        facets = []
        for section in candidates:
            count = sum(
                row["n"]
                for row in rows
                if within(row, section) and within(row, other) and of_type(row)
            )
            if count and source is None:
                facets.append(
                    {"value": section.slug, "label": section.title, "count": count}
                )
        return facets

    programme_facets = section_facets(programmes, department)
    department_facets = section_facets(departments, programme)
    page_total = sum(
        row["n"]
        for row in rows
        if within(row, programme) and within(row, department) and of_type(row)
    )

    # Public sources: counted once each (they sit outside programmes/departments).
    source_querysets = {}
    axis_counts = dict(practice_axes) if source is None else {}
    for key, candidate in sources.items():
        queryset = candidate["queryset"]()
        if axis is not None:
            if not candidate.get("axis_filter"):
                continue
            queryset = candidate["axis_filter"](queryset, axis.pk)
        source_querysets[key] = queryset
        with_axes = bool(candidate.get("axis_counts")) and (
            source is None or key == selection.type
        )
        count, axis_rows = remember(
            ("source", key, with_axes),
            lambda c=candidate, q=queryset, a=with_axes: tally(c, q, terms, a),
        )
        if count:
            type_facets.append(
                {"value": key, "label": candidate["label"], "count": count}
            )
            for axis_key, n in axis_rows:
                axis_counts[axis_key] = axis_counts.get(axis_key, 0) + n
    source_counts = {facet["value"]: facet["count"] for facet in type_facets}
    axis_facets = [
        {"value": a.code, "label": a.name, "count": axis_counts[a.pk]}
        for a in axis_list
        if axis_counts.get(a.pk)
    ]

    if source is not None:
        paginator = CountedPaginator(
            ranked(
                source_querysets.get(selection.type, source["queryset"]()),
                terms.wagtail_query(),
            ),
            PER_PAGE,
            source_counts.get(selection.type, 0),
        )
        page_obj = paginator.get_page(selection.page)
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
        number = page_number(selection.page, page_total)
        if number != requested:  # past the last page: show the last one
            _rows, _axes, ranked_ids = fetch(number)
        by_id = Page.objects.in_bulk(ranked_ids)
        found = [by_id[pk] for pk in ranked_ids if pk in by_id]
        paginator = CountedPaginator(Window(found, page_total), PER_PAGE, page_total)
        page_obj = paginator.get_page(number)
        texts = indexed_texts(found)
        results = [
            {
                "title": page.title,
                "url": page.get_url(request=request),
                "type": label_for_content_type(page.content_type_id),
                "excerpt": excerpt(
                    texts.get(page.pk) or getattr(page, "summary", ""),
                    query_string,
                ),
            }
            for page in found
        ]
    return Outcome(
        page_obj=page_obj,
        results=results,
        total=paginator.count,
        type_facets=type_facets,
        programme_facets=programme_facets,
        department_facets=department_facets,
        axis_facets=axis_facets,
        programme=programme,
        department=department,
        axis=axis,
    )

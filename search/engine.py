"""The public search in a small, constant number of queries.

Per search: the matched pages are grouped in SQL by type and by section (the
programme or department page they sit under), which gives the type, programme and
department facets and the total in one query; one more grouped query gives the PAQTE
axis facet; each public source (indicators, companies) is counted once; the page of
results is one ranked query with LIMIT/OFFSET; the excerpts come from the plain text
the search index already stores, not from rendering StreamFields. Nothing is
written: the query log runs after the response (``views.log_query_after_response``).

On PostgreSQL, the full-text condition ``(title || body) @@ query`` is served by the
GIN index of migration ``0002_indexentry_title_body_gin``.
"""

from dataclasses import dataclass, field

from modelsearch.conf import get_app_config

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.db.models.functions import Substr
from django.utils.functional import cached_property
from django.utils.text import capfirst

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

PER_PAGE = 10
# Search backends without a queryset of matches (Elasticsearch): at most this many
# hits feed the facets.
MAX_HITS = 10_000


def public_pages():
    return Page.objects.live().public().exclude(depth__lte=1)


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


class CountedPaginator(Paginator):
    """A paginator told its count: the facets query has already counted."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self):
        return self._count


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


def programme_pages():
    from measures.models import ProgrammePage

    return list(
        ProgrammePage.objects.live()
        .public()
        .order_by("path")
        .only("title", "slug", "path", "depth", "url_path")
    )


def department_pages():
    from measures.models import DepartmentPage

    return list(
        DepartmentPage.objects.live()
        .public()
        .order_by("department__code")
        .only("title", "slug", "path", "depth")
    )


def axes():
    from partners.models import Axis

    return list(Axis.objects.order_by("number").only("code", "name", "number"))


def practices_with_axis(axis_id):
    from partners.models import GoodPracticePage

    return GoodPracticePage.axes.through.objects.filter(axis_id=axis_id).values(
        "goodpracticepage_id"
    )


def practice_axis_counts(page_ids):
    from partners.models import GoodPracticePage

    return (
        GoodPracticePage.axes.through.objects.filter(goodpracticepage_id__in=page_ids)
        .values(axis_key=F("axis_id"))
        .annotate(n=Count("goodpracticepage_id"))
        .order_by()
    )


def label_for_content_type(content_type_id):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return capfirst(model._meta.verbose_name) if model else ""


def type_value(content_type_id):
    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def run(query, query_string, selection, sources, request):
    """Facets, total and the requested page of results for ``query``."""
    from .excerpts import excerpt

    pages = public_pages()
    programmes = programme_pages()
    departments = department_pages()
    axis_list = axes()
    programme = next((p for p in programmes if p.slug == selection.programme), None)
    department = next((d for d in departments if d.slug == selection.department), None)
    axis = next((a for a in axis_list if a.code == selection.axis), None)
    source = sources.get(selection.type)

    # Pages: one grouped query over the matches, by type and by section.
    page_hits = matching(pages, query)
    if axis is not None:
        page_hits = page_hits.filter(pk__in=practices_with_axis(axis.pk))
    sections = programmes + departments
    lengths = sorted({page.depth * Page.steplen for page in sections})
    prefixes = {f"section_{length}": Substr("path", 1, length) for length in lengths}
    rows = list(page_hits.values("content_type_id", **prefixes).annotate(n=Count("pk")))
    for row in rows:
        row["sections"] = {row[key] for key in prefixes}

    def within(row, section):
        return section is None or section.path in row["sections"]

    selected_type_id = None
    if selection.type and source is None:
        app_label, _dot, model = selection.type.partition(".")
        found = ContentType.objects.filter(app_label=app_label, model=model).first()
        selected_type_id = found.pk if found else -1

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
                if section.path in row["sections"]
                and within(row, other)
                and of_type(row)
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
    for key, candidate in sources.items():
        queryset = candidate["queryset"]()
        if axis is not None:
            if not candidate.get("axis_filter"):
                continue
            queryset = candidate["axis_filter"](queryset, axis.pk)
        source_querysets[key] = queryset
        count = matching(queryset, query).count()
        if count:
            type_facets.append(
                {"value": key, "label": candidate["label"], "count": count}
            )
    source_counts = {facet["value"]: facet["count"] for facet in type_facets}

    # Axes: one query, practices and the sources that declare axes, summed.
    axis_parts = []
    if source is None:
        hits = matching(pages, query)
        if programme is not None:
            hits = hits.filter(path__startswith=programme.path)
        if department is not None:
            hits = hits.filter(path__startswith=department.path)
        if selected_type_id is not None:
            hits = hits.filter(content_type_id=selected_type_id)
        axis_parts.append(practice_axis_counts(hits.values("pk")))
    for key, candidate in sources.items():
        counts = candidate.get("axis_counts")
        if counts and (source is None or key == selection.type):
            unfiltered = matching(candidate["queryset"](), query)
            axis_parts.append(counts(unfiltered.values("pk")))
    axis_counts = {}
    if axis_parts:
        union = axis_parts[0].union(*axis_parts[1:], all=True)
        for row in union:
            axis_counts[row["axis_key"]] = (
                axis_counts.get(row["axis_key"], 0) + row["n"]
            )
    axis_facets = [
        {"value": a.code, "label": a.name, "count": axis_counts[a.pk]}
        for a in axis_list
        if axis_counts.get(a.pk)
    ]

    # The page of results: one ranked query, sliced in SQL.
    if source is not None:
        paginator = CountedPaginator(
            ranked(source_querysets.get(selection.type, source["queryset"]()), query),
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
        filtered = pages
        if programme is not None:
            filtered = filtered.filter(path__startswith=programme.path)
        if department is not None:
            filtered = filtered.filter(path__startswith=department.path)
        if selected_type_id is not None:
            filtered = filtered.filter(content_type_id=selected_type_id)
        if axis is not None:
            filtered = filtered.filter(pk__in=practices_with_axis(axis.pk))
        paginator = CountedPaginator(ranked(filtered, query), PER_PAGE, page_total)
        page_obj = paginator.get_page(selection.page)
        texts = indexed_texts(list(page_obj))
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
            for page in page_obj
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


def indexed_texts(pages):
    """The plain text the search index holds for ``pages`` (summary, body...), by
    page id, in one query; empty with a backend that keeps no such table."""
    backend_module = type(get_search_backend()).__module__
    if not pages or not backend_module.startswith("modelsearch.backends.database"):
        return {}
    index_entry = get_app_config().get_model("IndexEntry")
    field_names = {f.name for f in index_entry._meta.get_fields()}
    # PostgreSQL keeps vectors in "body" and the text in "body_text"; SQLite keeps
    # the text in "body".
    text_field = "body_text" if "body_text" in field_names else "body"
    rows = index_entry.objects.filter(
        content_type_id__in={page.content_type_id for page in pages},
        object_id__in=[str(page.pk) for page in pages],
    ).values_list("object_id", text_field)
    return {int(object_id): " ".join((text or "").split()) for object_id, text in rows}

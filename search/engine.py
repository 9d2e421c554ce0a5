"""The public search in a small, constant number of queries.

Per search, for the pages: one SQL statement (``single_pass``) computes the matched
pages and their score once and returns the facet rows (type × programme/department
section), the good practices' counts per PAQTE axis and the requested page of
results (``ORDER BY score LIMIT/OFFSET``). Each public source (indicators,
companies) is counted once, with its axis counts when it declares them. The
excerpts come from the plain text the search index already stores, not from
rendering StreamFields. Nothing is written: the query log runs after the response
(``views.log_query_after_response``).

On PostgreSQL the matches are written by ``postgres_hits`` (cheap match order, one
rank per field); the GIN index of migration ``0002_indexentry_title_body_gin`` serves
``(title || body) @@ query`` for rare words. On SQLite, Wagtail's backend writes them
(FTS5). With Elasticsearch, its first ``MAX_HITS`` hits are used.
"""

import hashlib
from dataclasses import dataclass, field

from modelsearch.conf import get_app_config

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Value
from django.utils.functional import cached_property
from django.utils.text import capfirst

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

PER_PAGE = 10
# Search backends without a queryset of matches (Elasticsearch): at most this many
# hits feed the facets.
MAX_HITS = 10_000
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


def axes():
    from partners.models import Axis

    return list(Axis.objects.order_by("number").only("code", "name", "number"))


def practices_with_axis(axis_id):
    from partners.models import GoodPracticePage

    return GoodPracticePage.axes.through.objects.filter(axis_id=axis_id).values(
        "goodpracticepage_id"
    )


def label_for_content_type(content_type_id):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return capfirst(model._meta.verbose_name) if model else ""


def type_value(content_type_id):
    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def single_pass(
    pages,
    query,
    *,
    filters,
    axis_table,
    section_length,
    section_parents,
    offset,
    limit,
    query_string=None,
):
    """One SQL statement over the matched pages: facet rows and one ranked page.

    The matched pages (with their relevance score) are computed once, in a common
    table expression that Wagtail's backend writes (``annotate_score``); from it the
    statement returns

    - ``("f", content_type_id, path prefix, count)``: matches grouped by type and by
      the prefix of their path at the depth of the facet sections (when it is under
      one of ``section_parents``, else None);
    - ``("a", axis_id, None, count)``: matched good practices by PAQTE axis, within
      ``filters``;
    - ``("r", page_id, None, None, score)``: the ``limit`` best pages from ``offset``
      within ``filters`` (SQL ``ORDER BY ... LIMIT ... OFFSET``).

    ``filters`` is a list of (SQL condition on the ``hits`` columns, params).
    """
    database_backend = type(get_search_backend()).__module__.startswith(
        "modelsearch.backends.database"
    )
    if not database_backend:
        inner, inner_params = external_hits(pages, query)
    elif connection.vendor == "postgresql" and query_string is not None:
        inner, inner_params = postgres_hits(pages, query_string)
    else:
        scored = (
            get_search_backend()
            .search(query, pages)
            .annotate_score("_score")
            .get_queryset()
            .order_by()
            .values("id", "content_type_id", "path", "_score")
        )
        inner, inner_params = scored.query.sql_with_params()
    # PostgreSQL's ts_rank grows with relevance; SQLite's bm25 decreases.
    direction = "ASC" if database_backend and connection.vendor == "sqlite" else "DESC"
    where = " AND ".join(condition for condition, _params in filters) or "1 = 1"
    where_params = [param for _condition, params in filters for param in params]
    parents = ", ".join(["%s"] * len(section_parents)) or "NULL"
    sql = f"""
        WITH hits AS ({inner})
        SELECT 'f', content_type_id, section, COUNT(*), CAST(NULL AS DOUBLE PRECISION)
        FROM (
            SELECT content_type_id, CASE WHEN SUBSTR(path, 1, %s) IN ({parents})
                THEN SUBSTR(path, 1, %s) END AS section
            FROM hits
        ) sections
        GROUP BY content_type_id, section
        UNION ALL
        SELECT 'a', links.axis_id, NULL, COUNT(*), CAST(NULL AS DOUBLE PRECISION)
        FROM hits JOIN {axis_table} links ON links.goodpracticepage_id = hits.id
        WHERE {where} GROUP BY links.axis_id
        UNION ALL
        SELECT 'r', id, NULL, NULL, _score FROM (
            SELECT id, _score FROM hits WHERE {where}
            ORDER BY _score {direction}, id DESC LIMIT %s OFFSET %s
        ) ranked
    """  # noqa: S608 (identifiers from the models, values as parameters)
    parent_length = section_length - Page.steplen
    params = [
        *inner_params,
        parent_length,
        *section_parents,
        section_length,
        *where_params,
        *where_params,
        limit,
        offset,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    facet_rows = [
        {"content_type_id": key, "prefix": prefix, "n": n}
        for kind, key, prefix, n, _score in rows
        if kind == "f"
    ]
    axis_counts = {key: n for kind, key, _prefix, n, _score in rows if kind == "a"}
    if direction == "ASC":  # bm25: best first, then higher ids first on ties
        ranked_ids = [
            row[1]
            for row in sorted(
                (row for row in rows if row[0] == "r"),
                key=lambda row: (row[4] or 0, -row[1]),
            )
        ]
    else:
        ranked_ids = [
            row[1]
            for row in sorted(
                (row for row in rows if row[0] == "r"),
                key=lambda row: (-(row[4] or 0), -row[1]),
            )
        ]
    return facet_rows, axis_counts, ranked_ids


def external_hits(pages, query):
    """The matched pages as SQL when the search runs elsewhere (Elasticsearch): the
    first ``MAX_HITS`` in the engine's order, scored by their position."""
    ids = [page.pk for page in get_search_backend().search(query, pages)[:MAX_HITS]]
    if not ids:
        return (
            pages.filter(pk__in=[])
            .values("id", "content_type_id", "path")
            .annotate(_score=Value(0.0))
            .query.sql_with_params()
        )
    visible, visible_params = pages.values(
        "id", "content_type_id", "path"
    ).query.sql_with_params()
    values = ", ".join(["(%s, %s)"] * len(ids))
    sql = f"""
        SELECT p.id, p.content_type_id, p.path, ranks.score AS _score
        FROM ({visible}) p
        JOIN (VALUES {values}) ranks (page_id, score) ON ranks.page_id = p.id
    """  # noqa: S608 (values as parameters)
    params = [
        value for position, pk in enumerate(ids) for value in (pk, len(ids) - position)
    ]
    return sql, [*visible_params, *params]


def postgres_hits(pages, query_string):
    """The matched pages with their score, as SQL for PostgreSQL.

    The same matches as Wagtail's backend (every word, in one of its forms, in the
    title or the body of the page's index entry), written for speed at volume:

    - ``body @@ q OR title @@ q OR (title || body) @@ q``: the first two are cheap
      and true for most matches, so the concatenation is rarely computed; and for
      a rare word the planner can combine the three GIN indexes;
    - one ``ts_rank`` per field for the whole query, where Wagtail's expression
      ranks every form of every word apart (8 ranks for two words);
    - the index entry is joined to the page by the page's primary key.
    """
    from modelsearch.backends.database.postgres.weights import get_sql_weights
    from modelsearch.utils import get_descendants_content_types_pks

    from .query import variants, words

    config = get_search_backend().config or "simple"
    forms = [variants(word) for word in words(query_string)]
    tsquery = " && ".join(
        "(" + " || ".join(["plainto_tsquery(%s::regconfig, %s)"] * len(group)) + ")"
        for group in forms
    )
    tsquery_params = [
        param for group in forms for form in group for param in (config, form)
    ]
    entry_table = get_app_config().get_model("IndexEntry")._meta.db_table
    content_types = list(get_descendants_content_types_pks(Page))
    visible, visible_params = pages.values(
        "id", "content_type_id", "path"
    ).query.sql_with_params()
    sql = f"""
        SELECT p.id, p.content_type_id, p.path,
            ts_rank(%s::real[], e.title, q.q) * e.title_norm
            + ts_rank(%s::real[], e.body, q.q) AS _score
        FROM {entry_table} e
        CROSS JOIN (SELECT {tsquery} AS q) q
        JOIN ({visible}) p ON p.id = CAST(e.object_id AS INTEGER)
        WHERE e.content_type_id IN ({", ".join(["%s"] * len(content_types))})
            AND (e.body @@ q.q OR e.title @@ q.q OR (e.title || e.body) @@ q.q)
    """  # noqa: S608 (identifiers from the models, values as parameters)
    weights = get_sql_weights()
    if weights == "{}":  # set when the backend first builds a query
        weights = "{0.1, 0.2, 0.4, 1.0}"
    return sql, [
        weights,
        weights,
        *tsquery_params,
        *visible_params,
        *content_types,
    ]


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

    def __init__(self, restrictions, query_string, selection):
        from cms.cache import content_version

        self.base = (
            content_version(),
            tuple(sorted(r.page.path for r in restrictions)),
            query_string,
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


def tally(candidate, queryset, query, with_axes):
    """How many objects of a public source match, with their counts per axis."""
    hits = matching(queryset, query)
    count = hits.count()
    axis_rows = []
    if count and with_axes:
        axis_rows = [
            (row["axis_key"], row["n"])
            for row in candidate["axis_counts"](hits.values("pk"))
        ]
    return count, axis_rows


def run(query, query_string, selection, sources, request):
    """Facets, total and the requested page of results for ``query``."""
    from partners.models import GoodPracticePage

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
        pages = pages.filter(pk__in=practices_with_axis(axis.pk))
    filters = []
    if source is not None:
        filters.append(("1 = 0", []))  # a source is listed: no page among results
    if selected_type_id is not None:
        filters.append(("content_type_id = %s", [selected_type_id]))
    for section in (programme, department):
        if section is not None:
            filters.append(("path LIKE %s", [section.path + "%"]))

    remember = Memory(restrictions, query_string, selection)

    def fetch(number):
        return remember(("pages", number), lambda: single_pass_rows(number))

    def single_pass_rows(number):
        return single_pass(
            pages,
            query,
            filters=filters,
            axis_table=GoodPracticePage.axes.through._meta.db_table,
            # Paths cut at the deepest facet section name the sections of a match.
            section_length=Page.steplen
            * max((p.depth for p in programmes + departments), default=1),
            section_parents=sorted(
                {p.path[: -Page.steplen] for p in programmes + departments}
            ),
            offset=(number - 1) * PER_PAGE,
            limit=PER_PAGE,
            query_string=query_string,
        )

    requested = page_number(selection.page, 10**9)
    rows, practice_axes, ranked_ids = fetch(requested)

    def within(row, section):
        return section is None or (row["prefix"] or "").startswith(section.path)

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
            lambda c=candidate, q=queryset, a=with_axes: tally(c, q, query, a),
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

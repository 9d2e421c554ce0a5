"""The SQL of the public search, the one module that reads ``modelsearch``'s index
tables directly. Its interface:

- ``single_pass(pages, terms, ...)``: facet rows, axis counts and a page of ranked
  ids for ``terms`` (``query.Terms``);
- ``indexed_texts(pages)``: the plain text the index stores, for excerpts;
- ``closest_indexed_words(words)`` (PostgreSQL, ``pg_trgm``) and ``indexed_words()``:
  the index's vocabulary, for « Vouliez-vous dire ».

It is written for ``MODELSEARCH_VERSION`` and the ``INDEX_COLUMNS`` of that
version's ``IndexEntry``: the system check ``search.E001`` (``search.checks``)
fails when either differs.

The SQL of the public search: the matched pages as a statement, per search
backend (``postgres_hits``, ``external_hits`` or Wagtail's own), and the one
statement (``single_pass``) that reads facets, axis counts and a page of results
from them. ``indexed_texts`` reads the plain text the index stores, for excerpts.
"""

import re

from modelsearch.conf import get_app_config

from django.db import connection
from django.db.models import Value

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

# Search backends without a queryset of matches (Elasticsearch): at most this many
# hits feed the facets.
MAX_HITS = 10_000

MODELSEARCH_VERSION = "1.3.2"
_COMMON_COLUMNS = {
    "id",
    "content_type_id",
    "object_id",
    "title_norm",
    "autocomplete",
    "title",
    "body",
}
INDEX_COLUMNS = {
    "postgresql": _COMMON_COLUMNS | {"title_text", "body_text"},
    "sqlite": _COMMON_COLUMNS,
}
_WORD_SPLIT = re.compile(r"[^\w]+")


def single_pass(
    pages,
    terms,
    *,
    filters,
    axis_links,
    section_links,
    section_length,
    section_parents,
    offset,
    limit,
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

    - ``("l", page_id, section_path, content_type_id)``: for the matched pages that
      ``section_links`` (SQL, params of ``page_key``, ``section_path`` rows) links
      to facet sections, one row per link; these pages are left out of the
      ``"f"`` rows.

    ``filters`` is a list of (SQL condition on the ``hits`` columns, params);
    ``axis_links`` is (SQL, params) of the (``page_key``, ``axis_key``) rows linking
    pages to PAQTE axes, as the app owning them registers it (``sources``).
    """
    database_backend = type(get_search_backend()).__module__.startswith(
        "modelsearch.backends.database"
    )
    if not database_backend:
        inner, inner_params = external_hits(pages, terms.wagtail_query())
    elif connection.vendor == "postgresql":
        inner, inner_params = postgres_hits(pages, terms)
    else:
        scored = (
            get_search_backend()
            .search(terms.wagtail_query(), pages)
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
    links, links_params = axis_links
    linked, linked_params = section_links
    sql = f"""
        WITH hits AS ({inner}), linked AS ({linked})
        SELECT 'f', content_type_id, section, COUNT(*), CAST(NULL AS DOUBLE PRECISION)
        FROM (
            SELECT content_type_id, CASE WHEN SUBSTR(path, 1, %s) IN ({parents})
                THEN SUBSTR(path, 1, %s) END AS section
            FROM hits WHERE id NOT IN (SELECT page_key FROM linked)
        ) sections
        GROUP BY content_type_id, section
        UNION ALL
        SELECT 'l', hits.id, linked.section_path, hits.content_type_id,
            CAST(NULL AS DOUBLE PRECISION)
        FROM hits JOIN linked ON linked.page_key = hits.id
        UNION ALL
        SELECT 'a', links.axis_key, NULL, COUNT(*), CAST(NULL AS DOUBLE PRECISION)
        FROM hits JOIN ({links}) links ON links.page_key = hits.id
        WHERE {where} GROUP BY links.axis_key
        UNION ALL
        SELECT 'r', id, NULL, NULL, _score FROM (
            SELECT id, _score FROM hits WHERE {where}
            ORDER BY _score {direction}, id DESC LIMIT %s OFFSET %s
        ) ranked
    """  # noqa: S608 (identifiers from the models, values as parameters)
    parent_length = section_length - Page.steplen
    params = [
        *inner_params,
        *linked_params,
        parent_length,
        *section_parents,
        section_length,
        *links_params,
        *where_params,
        *where_params,
        limit,
        offset,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    facet_rows = [
        {"content_type_id": key, "sections": {prefix} if prefix else set(), "n": n}
        for kind, key, prefix, n, _score in rows
        if kind == "f"
    ]
    linked_rows = {}
    for kind, page_id, section_path, content_type_id, _score in rows:
        if kind == "l":
            row = linked_rows.setdefault(
                page_id, {"content_type_id": content_type_id, "sections": set(), "n": 1}
            )
            row["sections"].add(section_path)
    facet_rows += linked_rows.values()
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


def postgres_hits(pages, terms):
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

    config = get_search_backend().config or "simple"
    forms = terms.concepts
    tsquery = (" || " if terms.any_concept else " && ").join(
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


def index_table():
    """The search index's table (``modelsearch``'s ``IndexEntry``)."""
    return get_app_config().get_model("IndexEntry")._meta.db_table


def closest_indexed_words(word_list, threshold=0.15, candidates=10):
    """PostgreSQL: for each (folded) word, the indexed words closest to it by
    ``pg_trgm``'s similarity (at most ``candidates``, the word itself first when
    the index holds it), as {word: [indexed words]}."""
    if not word_list:
        return {}
    table = index_table()
    sql = f"""
        WITH vocabulary AS (
            SELECT DISTINCT w AS word, unaccent(w) AS folded
            FROM {table} e, regexp_split_to_table(
                lower(e.title_text || ' ' || e.body_text), '[^[:alnum:]]+') w
            WHERE length(w) > 2
        )
        SELECT q.word, ARRAY(
            SELECT v.word FROM vocabulary v
            WHERE v.folded = q.word OR similarity(v.folded, q.word) >= %s
            ORDER BY v.folded = q.word DESC, similarity(v.folded, q.word) DESC, v.word
            LIMIT %s
        )
        FROM unnest(%s::text[]) q (word)
    """  # noqa: S608 (identifiers from the models, values as parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [threshold, candidates, list(word_list)])
        return dict(cursor.fetchall())


def indexed_words():
    """Every word the index holds (title and text), lower case, for engines
    without trigrams (SQLite): read in Python."""
    index_entry = get_app_config().get_model("IndexEntry")
    field_names = {f.name for f in index_entry._meta.get_fields()}
    fields = (
        ["title_text", "body_text"] if "body_text" in field_names else ["title", "body"]
    )
    found = set()
    for row in index_entry.objects.values_list(*fields).iterator():
        for text in row:
            found.update(
                word
                for word in _WORD_SPLIT.split((text or "").lower())
                if len(word) > 2
            )
    return found

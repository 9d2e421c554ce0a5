"""What the public search covers.

Every live, public page type is searched (a new page type joins by declaring its
``search_fields``). Other models join through the ``register_public_search_source``
hook, which returns a dict::

    {
        "key": "indicators",             # the facet's value in the URL
        "label": "Indicateurs",          # shown to visitors
        "queryset": callable,            # () -> indexed queryset of public objects
        "title": callable,               # (obj) -> str
        "url": callable,                 # (obj, request) -> str or None
        "summary": callable,             # (obj) -> str
        # Optional, for the PAQTE axis facet:
        "axis_filter": callable,         # (queryset, axis_id) -> queryset
        "axis_counts": callable,         # (ids subquery) -> values(axis_key, n) queryset
    }

A source without ``axis_filter`` has no result once an axis is selected. An app may
add entries to another app's source with the ``extend_public_search_source`` hook,
which returns ``(key, dict)``: the app that links axes to indicators gives the
indicators their axis facet.

The axis facet itself (which axes exist, which pages are linked to which axis) comes
from the ``register_public_search_axes`` hook, which returns a dict::

    {
        "axes": callable,        # () -> axes in facet order (pk, code, name)
        "page_axes": callable,   # () -> queryset of values(page_key, axis_key)
    }

Pages that sit outside the programmes and departments but belong to some of them
(a good practice, under /bonnes-pratiques/, names its department and programmes)
join their facets through the ``register_public_search_sections`` hook, which
returns a list of querysets of ``values(page_key, section_path)`` rows: such a page
counts, and is found, under each section whose path it names.

The app that owns the models registers them, so search imports no app.
"""

from wagtail import hooks


def public_sources():
    sources = {}
    for hook in hooks.get_hooks("register_public_search_source"):
        source = hook()
        sources[source["key"]] = source
    for hook in hooks.get_hooks("extend_public_search_source"):
        key, entries = hook()
        if key in sources:
            sources[key] = {**sources[key], **entries}
    return sources


def axis_facet():
    """The registered axis facet, or None when no app registers one."""
    found = [hook() for hook in hooks.get_hooks("register_public_search_axes")]
    return found[-1] if found else None


def axes():
    facet = axis_facet()
    return list(facet["axes"]()) if facet else []


def page_axes():
    """(``page_key``, ``axis_key``) rows linking pages to axes (none without a
    registered facet)."""
    facet = axis_facet()
    return facet["page_axes"]() if facet else None


def pages_with_axis(axis_id):
    """A subquery of the ids of the pages linked to ``axis_id``."""
    links = page_axes()
    if links is None:
        return []
    return links.filter(axis_key=axis_id).values("page_key")


def axis_links_sql():
    """The (``page_key``, ``axis_key``) rows as (SQL, params), for ``single_pass``."""
    links = page_axes()
    if links is None:
        return (
            "SELECT CAST(NULL AS INTEGER) AS page_key,"
            " CAST(NULL AS INTEGER) AS axis_key WHERE 1 = 0",
            [],
        )
    return links.values("page_key", "axis_key").query.sql_with_params()


def section_links_sql():
    """The (``page_key``, ``section_path``) rows linking pages to facet sections,
    as (SQL, params), for ``single_pass`` (no row without a registered hook)."""
    parts = [
        queryset.values("page_key", "section_path").query.sql_with_params()
        for hook in hooks.get_hooks("register_public_search_sections")
        for queryset in hook()
    ]
    if not parts:
        return (
            "SELECT CAST(NULL AS INTEGER) AS page_key,"
            " CAST(NULL AS VARCHAR(255)) AS section_path WHERE 1 = 0",
            [],
        )
    return (
        " UNION ALL ".join(
            f"SELECT * FROM ({sql}) part{n}"  # noqa: S608 (SQL of querysets)
            for n, (sql, _p) in enumerate(parts)
        ),
        [param for _sql, params in parts for param in params],
    )


def within_section_sql(section_path, section_links):
    """The (SQL condition, params) on ``hits`` of a page under ``section_path`` or
    linked to it by ``section_links`` (``section_links_sql()``)."""
    links, params = section_links
    condition = "(path LIKE %s OR id IN (SELECT page_key FROM ({}) linked_to {}))"
    condition = condition.format(links, "WHERE section_path LIKE %s")
    return condition, [section_path + "%", *params, section_path + "%"]

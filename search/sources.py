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

A source without ``axis_filter`` has no result once an axis is selected.

The app that owns the model registers it, so search imports no app.
"""

from wagtail import hooks


def public_sources():
    sources = {}
    for hook in hooks.get_hooks("register_public_search_source"):
        source = hook()
        sources[source["key"]] = source
    return sources

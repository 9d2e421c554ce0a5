"""Pagination of public listings, built only when a cached fragment misses.

Listings hand their template a *lazy* page (``lazy_page``): the template caches the
list in ``{% wagtailpagecache … version listing_key %}`` (content version and the
visitor's filters and page number), so a warm fragment costs no SQL, and a cold one
a fixed number of queries (count and slice), whatever the amount of content.
"""

from django.core.paginator import Paginator
from django.utils.functional import SimpleLazyObject, cached_property


class CountedPaginator(Paginator):
    """A paginator told its count (when another query has already counted)."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self):
        return self._count


def page_of(object_list, request, per_page):
    """The requested page (``?page=``), the first or last one when out of range."""
    return Paginator(object_list, per_page).get_page(request.GET.get("page"))


def lazy_page(build, request, per_page):
    """``page_of(build(), …)``, computed on first use by the template."""
    return SimpleLazyObject(lambda: page_of(build(), request, per_page))


def listing_key(request):
    """The query string, parameters sorted: the same filters make the same key."""
    return "&".join(
        f"{key}={value}"
        for key in sorted(request.GET)
        for value in request.GET.getlist(key)
    )


def query_without_page(request):
    """The query string without ``page``, for links that keep the filters."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()

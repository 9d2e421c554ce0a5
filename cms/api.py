"""The read-only open data API (Wagtail API v2) at /api/v2/.

Its full-text search (``?search=``) goes to the search backend's own query
syntax, where a blank query, a NUL byte or a stray ``http:`` (a column filter to
SQLite's FTS5) fails when the results are read: a 500 after the fact.
``WordsSearchFilter`` keeps the words of the query only, and answers 400 with a
message when none is left or when ``search_operator`` is neither ``and`` nor ``or``.
"""

import re

from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

WORD = re.compile(r"\w+(?:['’-]\w+)*")
MAX_SEARCH_LENGTH = 255
OPERATORS = ("and", "or")


def search_words(query):
    """The words of a visitor's query, as the search backend may read them."""
    return " ".join(WORD.findall(query[:MAX_SEARCH_LENGTH]))


class WordsSearchFilter(SearchFilter):
    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        operator = request.GET.get("search_operator")
        if operator is not None and operator not in OPERATORS:
            raise BadRequestError("search_operator doit valoir « and » ou « or »")
        words = search_words(request.GET["search"])
        if not words:
            raise BadRequestError("search doit contenir au moins un mot")
        # Wagtail's SearchFilter reads the query from the request: it is given
        # the words (the rest of its behaviour is kept, not copied here).
        query = request.GET.copy()
        query["search"] = words
        request._request.GET = query
        return super().filter_queryset(request, queryset, view)


def with_words_search(viewset):
    filters = [
        WordsSearchFilter if backend is SearchFilter else backend
        for backend in viewset.filter_backends
    ]
    return type(viewset.__name__, (viewset,), {"filter_backends": filters})


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", with_words_search(PagesAPIViewSet))
api_router.register_endpoint("images", with_words_search(ImagesAPIViewSet))
api_router.register_endpoint("documents", with_words_search(DocumentsAPIViewSet))

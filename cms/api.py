"""The read-only open data API (Wagtail API v2) at /api/v2/.

Junk in a query string answers 400 with a message in French, never a 500:

- ``check_parameters`` refuses, before anything is read, a NUL byte anywhere, an
  id-like parameter (``id``, ``child_of``…, ``offset``, ``limit``) that is not a
  non-negative integer, and an ``offset`` beyond ``MAX_OFFSET`` (SQLite cannot
  take a number beyond 64 bits: it answered 500);
- its full-text search (``?search=``) goes to the search backend's own query
  syntax, where a blank query or a stray ``http:`` (a column filter to SQLite's
  FTS5) fails when the results are read: ``WordsSearchFilter`` keeps the words of
  the query only, and refuses a query without words or an unknown
  ``search_operator``;
- Wagtail's own refusals (unknown field, type or ordering) keep their detail
  behind a French sentence, and « not found » is said in French, on every path
  under /api/v2/ (``not_found``).
"""

import re

from rest_framework import status
from rest_framework.response import Response

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _

from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

WORD = re.compile(r"\w+(?:['’-]\w+)*")
MAX_SEARCH_LENGTH = 255
OPERATORS = ("and", "or")
INTEGER_PARAMETERS = (
    "offset",
    "limit",
    "id",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "translation_of",
)
# « root » names the site's root page for these (Wagtail's own spelling).
ROOT_PARAMETERS = ("child_of", "descendant_of")
MAX_OFFSET = 100_000
MAX_INTEGER = 2**63 - 1


class InvalidParameter(BadRequestError):
    """A refusal already worded in French."""


def search_words(query):
    """The words of a visitor's query, as the search backend may read them."""
    return " ".join(WORD.findall(query[:MAX_SEARCH_LENGTH]))


def check_integer(name, value):
    if name in ROOT_PARAMETERS and value == "root":
        return
    if not value.isascii() or not value.isdigit() or int(value) > MAX_INTEGER:
        raise InvalidParameter(
            _("%(name)s doit être un entier positif ou nul") % {"name": name}
        )
    if name == "offset" and int(value) > MAX_OFFSET:
        raise InvalidParameter(
            _("offset ne peut pas dépasser %(max)d") % {"max": MAX_OFFSET}
        )


def check_parameters(query):
    """Refuse what no endpoint can read (see the module's docstring)."""
    for name, values in query.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            raise InvalidParameter(
                _("Les paramètres ne peuvent pas contenir de caractère nul")
            )
        if name in INTEGER_PARAMETERS:
            for value in values:
                check_integer(name, value)


class WordsSearchFilter(SearchFilter):
    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        operator = request.GET.get("search_operator")
        if operator is not None and operator not in OPERATORS:
            raise InvalidParameter(_("search_operator doit valoir « and » ou « or »"))
        words = search_words(request.GET["search"])
        if not words:
            raise InvalidParameter(_("search doit contenir au moins un mot"))
        # Wagtail's SearchFilter reads the query from the request: it is given
        # the words (the rest of its behaviour is kept, not copied here).
        query = request.GET.copy()
        query["search"] = words
        request._request.GET = query
        return super().filter_queryset(request, queryset, view)


class OpenDataMixin:
    """Parameters checked first; refusals and « not found » said in French."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        check_parameters(request.GET)

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            return Response(
                {"message": _("Cette ressource n’existe pas.")},
                status=status.HTTP_404_NOT_FOUND,
            )
        if isinstance(exc, BadRequestError) and not isinstance(exc, InvalidParameter):
            exc = InvalidParameter(
                _("Paramètre invalide : %(detail)s") % {"detail": exc}
            )
        return super().handle_exception(exc)


def open_data(viewset):
    filters = [
        WordsSearchFilter if backend is SearchFilter else backend
        for backend in viewset.filter_backends
    ]
    return type(
        viewset.__name__, (OpenDataMixin, viewset), {"filter_backends": filters}
    )


def not_found(request, path=""):
    """Any other path under /api/v2/ (``/pages/abc/``): a 404 the API's way."""
    return JsonResponse({"message": _("Cette ressource n’existe pas.")}, status=404)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", open_data(PagesAPIViewSet))
api_router.register_endpoint("images", open_data(ImagesAPIViewSet))
api_router.register_endpoint("documents", open_data(DocumentsAPIViewSet))

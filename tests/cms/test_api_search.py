"""The open data API's full-text search: junk in ``search`` or
``search_operator`` answers 400 with a message, never a 500 when the results are
read; the words of an odd query still search."""

import pytest

from django.test import Client

pytestmark = pytest.mark.django_db

ENDPOINTS = ("pages", "images", "documents")


@pytest.fixture
def api():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("junk", [" ", "«»", "***", '"'])
def test_a_query_without_words_is_refused_with_a_message(api, endpoint, junk):
    response = api.get(f"/api/v2/{endpoint}/", {"search": junk})
    assert response.status_code == 400
    assert response.json()["message"] == "search doit contenir au moins un mot"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_unknown_search_operator_is_refused(api, endpoint):
    response = api.get(
        f"/api/v2/{endpoint}/", {"search": "quartiers", "search_operator": "xor"}
    )
    assert response.status_code == 400
    assert "search_operator" in response.json()["message"]


@pytest.mark.parametrize(
    "query",
    ['politique "de la ville', "http://example.org", "ville:politique", "ville)("],
)
def test_the_words_of_an_odd_query_are_searched(api, query):
    response = api.get("/api/v2/pages/", {"search": query})
    assert response.status_code == 200
    assert "items" in response.json()


def test_a_plain_query_finds_pages(api):
    response = api.get("/api/v2/pages/", {"search": "politique de la ville"})
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] > 0

"""The open data API refuses junk in every kind of parameter with a 400 and a
French message (never a 500), and says « not found » in French."""

import pytest

from django.test import Client

from cms.api import MAX_OFFSET

pytestmark = pytest.mark.django_db

ENDPOINTS = ("pages", "images", "documents")
BEYOND_64_BITS = "9" * 25
ID_LIKE = ("id", "offset", "limit")
PAGE_ID_LIKE = ("child_of", "descendant_of", "ancestor_of", "translation_of")
NUL = "Les paramètres ne peuvent pas contenir de caractère nul"


@pytest.fixture
def api():
    return Client(raise_request_exception=False)


def refusal(response):
    assert response.status_code == 400
    return response.json()["message"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    "name", ["search", "search_operator", "order", "fields", "type", "title", "x"]
)
def test_a_nul_byte_in_any_parameter_is_refused(api, endpoint, name):
    response = api.get(f"/api/v2/{endpoint}/", {name: "a\x00b"})
    assert refusal(response) == NUL


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("name", ID_LIKE)
@pytest.mark.parametrize("value", [BEYOND_64_BITS, "-1", "abc", "１２", "1.5", ""])
def test_an_id_like_parameter_must_be_a_non_negative_integer(
    api, endpoint, name, value
):
    response = api.get(f"/api/v2/{endpoint}/", {name: value})
    assert refusal(response) == f"{name} doit être un entier positif ou nul"


@pytest.mark.parametrize("name", PAGE_ID_LIKE)
@pytest.mark.parametrize("value", [BEYOND_64_BITS, "-1", "abc"])
def test_a_page_parameter_must_be_a_page_id(api, name, value):
    response = api.get("/api/v2/pages/", {name: value})
    assert refusal(response) == f"{name} doit être un entier positif ou nul"


def test_the_root_page_may_still_be_named(api):
    assert api.get("/api/v2/pages/", {"child_of": "root"}).status_code == 200


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_the_offset_is_bounded(api, endpoint):
    assert api.get(f"/api/v2/{endpoint}/", {"offset": MAX_OFFSET}).status_code == 200
    response = api.get(f"/api/v2/{endpoint}/", {"offset": MAX_OFFSET + 1})
    assert refusal(response) == f"offset ne peut pas dépasser {MAX_OFFSET}"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("order", "nope"),
        ("order", "-"),
        ("fields", '*,-("'),
        ("fields", "title(x"),
        ("type", "a.b.c"),
        ("type", "wagtailcore.Nope"),
        ("limit", "1000"),
        ("search_operator", "xor"),
    ],
)
def test_wagtails_own_refusals_are_introduced_in_french(api, name, value):
    response = api.get("/api/v2/pages/", {name: value, "search": "ville"})
    assert refusal(response).startswith(("Paramètre invalide : ", name))


@pytest.mark.parametrize("value", [BEYOND_64_BITS, "abc", "-1"])
def test_find_by_a_non_numeric_id_is_refused(api, value):
    response = api.get("/api/v2/pages/find/", {"id": value})
    assert refusal(response) == "id doit être un entier positif ou nul"


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v2/pages/{BEYOND_64_BITS}/",
        "/api/v2/pages/-1/",
        "/api/v2/pages/abc/",
        "/api/v2/images/0/",
        "/api/v2/pages/find/?id=0",
        "/api/v2/nope/",
    ],
)
def test_what_does_not_exist_is_a_404_with_a_message(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response.json()["message"] == "Cette ressource n’existe pas."


def test_a_valid_query_still_answers(api, home_page):
    response = api.get(
        "/api/v2/pages/",
        {"offset": "0", "limit": "5", "order": "-title", "fields": "title"},
    )
    assert response.status_code == 200
    assert response.json()["items"]

"""Fuzzing the open data API: any value in any of its parameters, on every
endpoint, answers 200, 400 or 404 with a JSON message, never a 500."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from django.test import Client

from .fuzzing import counted, fuzz_settings, hostile_text

pytestmark = pytest.mark.django_db

ENDPOINTS = ("pages", "images", "documents")
PARAMETERS = (
    "search",
    "search_operator",
    "order",
    "fields",
    "type",
    "offset",
    "limit",
    "id",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "translation_of",
    "title",
    "slug",
    "locale",
    "site",
    "html_path",
)
api_values = st.one_of(
    hostile_text,
    st.integers().map(str),
    st.sampled_from(
        [
            "\x00",
            "a\x00",
            '"ville',
            "ville)(",
            "http:",
            "NEAR(a b)",
            "*",
            "-",
            "random",
            "title,-id",
            "_,*",
            "wagtailcore.Page",
            "root",
            str(2**64),
            str(-(2**63)),
        ]
    ),
)


@pytest.fixture
def api():
    return Client(raise_request_exception=False)


@fuzz_settings(max_examples=60)
@given(
    endpoint=st.sampled_from(ENDPOINTS),
    view=st.sampled_from(["", "find/", "1/"]),
    data=st.data(),
)
def test_no_query_string_makes_the_api_fail(api, home_page, endpoint, view, data):
    counted("paramètres de l’API")
    names = data.draw(st.lists(st.sampled_from(PARAMETERS), max_size=4))
    params = {name: data.draw(api_values) for name in names}
    response = api.get(f"/api/v2/{endpoint}/{view}", params)
    assert response.status_code in (200, 302, 400, 404), (endpoint, view, params)
    if response.status_code in (400, 404):
        assert response.json()["message"]

"""Search results are remembered until public content changes: a repeated search
skips the full-text statements, and a publication, an unpublication or a move is
visible on the very next search."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import GoodPracticeIndexPage
from tests.search.test_search import search, titles
from tests.search.test_search_axes import practice

pytestmark = pytest.mark.django_db


def full_text_statements(client, query):
    with CaptureQueriesContext(connection) as captured:
        response = search(client, query)
    statements = [q["sql"].lower() for q in captured.captured_queries]
    # SQLite's FTS5 matches with MATCH, PostgreSQL with @@.
    return response, [sql for sql in statements if " match " in sql or "@@" in sql]


def test_a_repeated_search_skips_the_full_text_statements(client):
    practice("Passerelle numérique des quartiers")

    first, first_statements = full_text_statements(client, "passerelle")
    again, again_statements = full_text_statements(client, "passerelle")

    assert first_statements
    assert not again_statements
    assert titles(again) == titles(first) == ["Passerelle numérique des quartiers"]


def test_a_new_publication_is_found_on_the_next_search(client):
    practice("Passerelle numérique des quartiers")
    assert titles(search(client, "passerelle")) == [
        "Passerelle numérique des quartiers"
    ]

    practice("Passerelle vers l’apprentissage")

    assert sorted(titles(search(client, "passerelle"))) == [
        "Passerelle numérique des quartiers",
        "Passerelle vers l’apprentissage",
    ]


def test_an_unpublished_page_leaves_the_next_search(client):
    page = practice("Passerelle numérique des quartiers")
    assert titles(search(client, "passerelle"))

    page.unpublish()

    assert titles(search(client, "passerelle")) == []


def test_a_search_with_other_filters_is_remembered_apart(client):
    practice("Passerelle numérique des quartiers", "former")

    assert titles(search(client, "passerelle", axe="former"))
    assert titles(search(client, "passerelle", axe="acheter")) == []
    assert titles(search(client, "passerelle"))


def test_a_move_changes_the_sections_on_the_next_search(client):
    page = practice("Passerelle numérique des quartiers")
    index = GoodPracticeIndexPage.objects.get()
    assert (
        search(client, "passerelle").context["results"][0]["url"].startswith(index.url)
    )

    page.move(index.get_parent(), pos="last-child")

    url = search(client, "passerelle").context["results"][0]["url"]
    assert not url.startswith(index.url)

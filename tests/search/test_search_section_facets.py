"""Good practices sit under /bonnes-pratiques/ but count, and are found, under their
own department and programmes (``register_public_search_sections``)."""

import pytest

from measures.models import ProgrammePage
from tests.search.test_search import search, titles
from tests.search.test_search_axes import practice

pytestmark = pytest.mark.django_db


def facet_counts(response, name):
    return {f["value"]: f["count"] for f in response.context[name]}


def test_good_practice_counts_under_its_department_and_programmes(client):
    page = practice("Tremplin numérique de Toulouse")  # department 31
    page.programmes = [ProgrammePage.objects.get(slug="emploi")]
    page.save_revision().publish()

    response = search(client, "tremplin")

    assert facet_counts(response, "department_facets") == {"haute-garonne": 1}
    assert facet_counts(response, "programme_facets") == {"emploi": 1}


def test_department_and_programme_filters_keep_the_good_practice(client):
    page = practice("Tremplin numérique de Toulouse")
    page.programmes = [ProgrammePage.objects.get(slug="emploi")]
    page.save_revision().publish()
    practice("Tremplin sans programme")

    by_department = search(client, "tremplin", departement="haute-garonne")
    assert sorted(titles(by_department)) == [
        "Tremplin numérique de Toulouse",
        "Tremplin sans programme",
    ]
    by_programme = search(client, "tremplin", programme="emploi")
    assert titles(by_programme) == ["Tremplin numérique de Toulouse"]
    assert facet_counts(by_programme, "department_facets") == {"haute-garonne": 1}
    assert search(client, "tremplin", programme="logement").context["total"] == 0

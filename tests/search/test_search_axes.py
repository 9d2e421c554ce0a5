"""The PAQTE axis facet of the search, what it never shows, and the search's query
budget, which does not grow with the number of matches."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures.models import Territory
from partners.models import Axis, GoodPracticeIndexPage, GoodPracticePage
from tests.partners.factories import CompanyFactory, ConventionFactory
from tests.search.test_search import search, titles

pytestmark = pytest.mark.django_db


def practice(title, *axes, live=True):
    index = GoodPracticeIndexPage.objects.get()
    page = GoodPracticePage(
        title=title,
        summary=f"Une pratique « {title} » dans les quartiers.",
        organisation="Organisation de test",
        department=Territory.objects.get(kind="department", code="31"),
    )
    index.add_child(instance=page)
    page.axes = list(Axis.objects.filter(code__in=axes))
    revision = page.save_revision()
    if live:
        revision.publish()
    else:
        page.unpublish()
    return page


def axis_counts(response):
    return {f["value"]: f["count"] for f in response.context["axis_facets"]}


def test_axis_facet_counts_practices_and_companies_on_each_axis(client):
    practice("Tremplin vers l’alternance", "former")
    practice("Tremplin des stages de troisième", "sensibiliser", "former")
    company = CompanyFactory(name="Tremplin Logistique")
    ConventionFactory(company=company, axes=list(Axis.objects.filter(code="recruter")))

    response = search(client, "tremplin")

    assert axis_counts(response) == {"former": 2, "sensibiliser": 1, "recruter": 1}
    html = response.content.decode()
    assert "Axe du PAQTE" in html
    assert "axe=former" in html


def test_axis_facet_filters_results(client):
    practice("Tremplin vers l’alternance", "former")
    practice("Tremplin des stages de troisième", "sensibiliser")
    company = CompanyFactory(name="Tremplin Logistique")
    ConventionFactory(company=company, axes=list(Axis.objects.filter(code="recruter")))

    assert titles(search(client, "tremplin", axe="sensibiliser")) == [
        "Tremplin des stages de troisième"
    ]
    assert titles(search(client, "tremplin", axe="recruter", type="companies")) == [
        "Tremplin Logistique"
    ]
    assert titles(search(client, "tremplin", axe="recruter")) == []


def test_axis_link_keeps_the_other_filters(client):
    practice("Tremplin vers l’alternance", "former")

    response = search(client, "tremplin", type="partners.goodpracticepage")

    urls = [
        facet["url"]
        for group in response.context["facet_groups"]
        if group["param"] == "axe"
        for facet in group["facets"]
    ]
    assert urls == ["?q=tremplin&type=partners.goodpracticepage&axe=former"]


def test_unpublished_practice_is_neither_listed_nor_counted(client):
    practice("Tremplin publié", "former")
    practice("Tremplin en brouillon", "former", "acheter", live=False)

    response = search(client, "tremplin")

    assert titles(response) == ["Tremplin publié"]
    assert axis_counts(response) == {"former": 1}
    assert response.context["total"] == 1


def test_excerpt_comes_from_the_indexed_text(client):
    practice("Tremplin vers l’alternance", "former")

    response = search(client, "tremplin")

    assert "<mark>Tremplin</mark>" in str(response.context["results"][0]["excerpt"])


def test_unknown_page_number_shows_the_last_page(client):
    for number in range(12):
        practice(f"Tremplin numéro {number}", "former")

    response = search(client, "tremplin", page="99")

    assert response.context["page_obj"].number == 2
    assert len(response.context["results"]) == 2


def count_queries(client, query):
    search(client, query)  # warm the caches
    with CaptureQueriesContext(connection) as queries:
        client.get("/recherche/", {"q": query})
    # Writes run after the response (query log): not on the visitor's path.
    return [
        q
        for q in queries
        if not q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]


def test_search_query_count_does_not_grow_with_matches(client):
    practice("Tremplin un", "former")
    few = len(count_queries(client, "tremplin"))
    for number in range(15):
        practice(f"Tremplin {number}", "former", "recruter")
    CompanyFactory(name="Tremplin Services")

    many = len(count_queries(client, "tremplin"))

    assert many == few
    assert many <= 16

import pytest

from django.db import connection

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from measures.models import MeasurePage

pytestmark = pytest.mark.django_db

POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="stemming needs PostgreSQL's french_unaccent configuration",
)


def search(client, query, **params):
    response = client.get("/recherche/", {"q": query, **params})
    assert response.status_code == 200
    return response


def titles(response):
    return [result["title"] for result in response.context["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("emploi franc", "Emplois francs"),
        ("EMPLOIS FRANCS", "Emplois francs"),
        ("copropriete", "Plan initiative copropriétés"),
        ("dedoublement", "Dédoublement des classes de CP et CE1 en REP et REP+"),
    ],
)
def test_search_ignores_accents_case_and_plurals(client, query, expected):
    assert expected in titles(search(client, query))


@POSTGRES
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "rénovations",
            "Conseils citoyens associés à la rénovation des contrats de ville",
        ),
        ("quartier prioritaire", "La circulaire du 22 janvier 2019"),
    ],
)
def test_french_stemming_on_postgresql(client, query, expected):
    assert expected in titles(search(client, query))


def test_results_show_why_they_matched(client):
    response = search(client, "emploi franc")
    excerpts = " ".join(
        str(result["excerpt"]) for result in response.context["results"]
    )
    assert "<mark>" in excerpts


def test_facets_count_types_and_programmes(client):
    response = search(client, "emploi franc")
    types = {
        facet["value"]: facet["count"] for facet in response.context["type_facets"]
    }
    assert types["measures.measurepage"] >= 1
    assert types["indicators"] == 2  # EMPLOIS-FRANCS and EMPLOIS-FRANCS-TERRITOIRES
    programmes = {f["value"]: f["count"] for f in response.context["programme_facets"]}
    assert programmes["emploi"] >= 1


def test_type_facet_filters_results(client):
    response = search(client, "emploi franc", type="indicators")
    assert titles(response) == [
        "Emplois francs signés",
        "Territoires d’expérimentation des emplois francs",
    ] or sorted(titles(response)) == sorted(
        ["Emplois francs signés", "Territoires d’expérimentation des emplois francs"]
    )
    measures = search(client, "emploi franc", type="measures.measurepage")
    assert titles(measures) == ["Emplois francs"]


def test_programme_facet_filters_results(client):
    response = search(client, "rénovation", programme="logement")
    assert all("/logement/" in r["url"] for r in response.context["results"])


def test_empty_query_helps(client):
    html = client.get("/recherche/").content.decode()
    assert "Les accents et les pluriels sont sans importance" in html
    assert "Lien social" in html


def test_no_result_helps(client):
    html = search(client, "zzzyyyxxx").content.decode()
    assert "Aucun résultat" in html
    assert "feuille de route" in html


def test_drafts_and_private_pages_never_appear(client):
    from wagtail.models import PageViewRestriction

    draft = MeasurePage.objects.get(reference="J1")
    draft.unpublish()
    private = MeasurePage.objects.get(reference="L2")
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="secret"
    )
    assert "Emplois francs" not in titles(search(client, "emplois francs"))
    assert "Plan initiative copropriétés" not in titles(search(client, "copropriétés"))
    suggestions = client.get("/recherche/suggestions/", {"q": "Empl"}).json()
    assert "Emplois francs" not in [r["title"] for r in suggestions["results"]]


def test_promoted_results_come_first(client):
    query = Query.objects.create(query_string="paqte")
    page = MeasurePage.objects.get(reference="J6")
    SearchPromotion.objects.create(query=query, page=page, description="Le pacte")
    html = search(client, "PAQTE").content.decode()
    assert html.index("Recommandé") < html.index("résultat")
    assert "Le pacte" in html


def test_queries_are_logged_for_the_popular_searches_report(client):
    search(client, "cités éducatives")
    assert Query.objects.get(query_string="cités éducatives").hits == 1


def test_no_database_write_before_the_response_is_sent(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.test.utils import CaptureQueriesContext

    from search.views import search as search_view

    request = rf.get("/recherche/", {"q": "rénovation urbaine"})
    request.user = AnonymousUser()
    with CaptureQueriesContext(connection) as queries:
        response = search_view(request)
        response.render()
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert writes == []
    assert not Query.objects.filter(query_string="rénovation urbaine").exists()
    for closer in response._resource_closers:  # what the server runs once it is sent
        closer()
    assert Query.objects.get(query_string="rénovation urbaine").hits == 1


def test_autocomplete_suggests_titles(client):
    data = client.get("/recherche/suggestions/", {"q": "Empl"}).json()
    assert "Emplois francs" in [result["title"] for result in data["results"]]
    assert client.get("/recherche/suggestions/", {"q": "e"}).json() == {"results": []}


def test_search_page_queries_stay_bounded(client, django_assert_max_num_queries):
    search(client, "emploi")  # warm the site and fragment caches
    with django_assert_max_num_queries(30):
        search(client, "emploi")


def test_pagination_marks_unavailable_links_disabled(client):
    html = search(client, "quartier").content.decode()
    assert 'class="fr-pagination"' in html
    assert 'aria-disabled="true" role="link"' in html


def test_department_facet_counts_and_filters(client):
    from tests.factories import make_contract

    make_contract("31", title="Contrat de ville de Toulouse Métropole")
    response = search(client, "Toulouse")
    departments = {
        f["value"]: f["count"] for f in response.context["department_facets"]
    }
    assert departments.get("haute-garonne", 0) >= 1
    filtered = search(client, "Toulouse", departement="haute-garonne")
    assert all("/haute-garonne/" in r["url"] for r in filtered.context["results"])
    assert "Contrat de ville de Toulouse Métropole" in titles(filtered)


def test_companies_with_a_signed_convention_are_found(client):
    import datetime

    from measures.models import Territory
    from partners.models import Company, Convention

    department = Territory.objects.get(kind="department", code="44")
    signed = Company.objects.create(
        name="Chantiers Atlantique Test",
        siren="732829320",
        size="GE",
        department=department,
    )
    Convention.objects.create(
        company=signed,
        status="signed",
        start_date=datetime.date(2019, 3, 1),
    )
    hidden = Company.objects.create(
        name="Chantiers Brouillon Test",
        siren="552100554",
        size="PME",
        department=department,
    )
    Convention.objects.create(
        company=hidden,
        status="preparation",
        start_date=datetime.date(2019, 3, 1),
    )
    response = search(client, "chantiers", type="companies")
    assert titles(response) == ["Chantiers Atlantique Test"]
    assert "/reseau/?q=Chantiers" in response.context["results"][0]["url"]


def test_results_name_the_indicators_found_beside_the_pages(client):
    response = search(client, "emploi franc")

    also = {item["label"]: item for item in response.context["also_found"]}
    assert also["Indicateurs"]["count"] >= 1
    html = response.content.decode()
    assert "Aussi trouvés" in html
    assert "type=indicators" in also["Indicateurs"]["url"]
    filtered = search(client, "emploi franc", type="indicators")
    assert filtered.context["also_found"] == []
    assert filtered.context["total"] == also["Indicateurs"]["count"]

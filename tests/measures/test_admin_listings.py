"""The admin listings of the measures app share one design: every column sorts,
search and filters answer (bad values too), rows link to their object, xlsx and
CSV exports carry labels (not raw choice values) and units."""

import csv
import io

import pytest
from openpyxl import load_workbook

from django.urls import reverse

from measures.models import QPV, Indicator, IndicatorValue, Territory

pytestmark = pytest.mark.django_db

# (listing, sort keys of its columns) for the snippet viewsets.
SNIPPET_SORTS = {
    "/admin/snippets/measures/indicator/": [
        "code",
        "name",
        "producer",
        "latest_value",
        "latest_date",
        "periodicity",
    ],
    "/admin/snippets/measures/ministry/": ["name", "kind", "measure_count"],
    "/admin/snippets/measures/pactecommitment/": [
        "reference",
        "text",
        "theme",
        "party",
    ],
    "/admin/snippets/measures/qpv/": [
        "territory__code",
        "territory__name",
        "communes",
        "territory__parent__code",
        "population",
        "jobseekers",
    ],
}
# wagtail-modeladmin listings and their number of columns (``o`` sorts by index).
MODELADMIN_COLUMNS = {
    "/admin/measures/indicatorvalue/": 5,
    "/admin/measures/indicatortarget/": 4,
    "/admin/measures/territory/": 4,
    "/admin/measures/territorialrole/": 2,
}


@pytest.fixture
def national(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize(
    ("url", "key"),
    [(url, key) for url, keys in SNIPPET_SORTS.items() for key in keys],
)
def test_national_administrator_sorts_each_snippet_column_both_ways(national, url, key):
    html = national.get(url).content.decode()
    assert f"ordering={key}" in html  # the column header offers the sort
    for ordering in (key, f"-{key}"):
        assert national.get(url, {"ordering": ordering}).status_code == 200


@pytest.mark.parametrize(
    ("url", "index"),
    [(url, i) for url, count in MODELADMIN_COLUMNS.items() for i in range(count)],
)
def test_national_administrator_sorts_each_modeladmin_column_both_ways(
    national, url, index
):
    for ordering in (str(index), f"-{index}"):
        assert national.get(url, {"o": ordering}).status_code == 200


def codes_in_order(html, codes):
    return sorted(codes, key=html.index)


def test_indicators_sort_by_latest_value_and_date(national):
    url = "/admin/snippets/measures/indicator/"
    codes = ["COPRO-CREDITS", "ADULTES-RELAIS-POSTES"]  # 3 Md€ and 1 000 postes
    ascending = national.get(url, {"ordering": "latest_value"}).content.decode()
    descending = national.get(url, {"ordering": "-latest_value"}).content.decode()
    assert codes_in_order(ascending, codes) == codes
    # Descending, the indicators with the largest latest values lead the listing.
    latest = {}
    for code, value in (
        IndicatorValue.objects.filter(territory__kind="national")
        .order_by("date")
        .values_list("indicator__code", "value")
    ):
        latest[code] = value
    top = sorted(latest, key=latest.get, reverse=True)[:2]
    if latest[top[0]] != latest[top[1]]:
        assert codes_in_order(descending, top) == top
    assert national.get(url, {"ordering": "-latest_date"}).status_code == 200


def test_indicator_listing_shows_the_latest_value_with_its_unit(national):
    html = national.get("/admin/snippets/measures/indicator/").content.decode()
    assert "3\u202fMd€" in html or "3 Md€" in html


@pytest.mark.parametrize(
    ("url", "query", "found", "absent"),
    [
        (
            "/admin/snippets/measures/indicator/",
            "copro",
            "COPRO-CREDITS",
            "EMPLOIS-FRANCS",
        ),
        ("/admin/snippets/measures/ministry/", "Anah", "Anah", "Bpifrance"),
        ("/admin/snippets/measures/qpv/", "Mirail", "QP031007", "QP034001"),
    ],
)
def test_national_administrator_searches_a_listing(national, url, query, found, absent):
    html = national.get(url, {"q": query}).content.decode()
    assert found in html
    assert absent not in html


def value_edit_url(code):
    value = Indicator.objects.get(code=code).values.order_by("-date").first()
    return f"/admin/measures/indicatorvalue/edit/{value.pk}/"


def territory_edit_url(code):
    territory = Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code=code)
    return f"/admin/measures/territory/edit/{territory.pk}/"


def test_national_administrator_searches_indicator_values(national):
    html = national.get("/admin/measures/indicatorvalue/", {"q": "COPRO"})
    assert value_edit_url("COPRO-CREDITS") in html.content.decode()
    assert value_edit_url("EMPLOIS-FRANCS") not in html.content.decode()


def test_national_administrator_searches_territories(national):
    html = national.get("/admin/measures/territory/", {"q": "Gironde"}).content.decode()
    assert territory_edit_url("33") in html
    assert territory_edit_url("12") not in html


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/admin/snippets/measures/indicator/", {"producer": "abc"}),
        ("/admin/snippets/measures/indicator/", {"periodicity": "jamais"}),
        ("/admin/snippets/measures/qpv/", {"department": "abc"}),
        ("/admin/snippets/measures/qpv/", {"department": "9" * 40}),
        ("/admin/measures/indicatorvalue/", {"indicateur": "abc"}),
        ("/admin/measures/indicatorvalue/", {"territoire": "'; drop"}),
        ("/admin/measures/territory/", {"parent": "x" * 300}),
        ("/admin/measures/territorialrole/", {"departement": "-1"}),
        ("/admin/snippets/measures/indicator/", {"ordering": "nope"}),
    ],
)
def test_bad_filter_values_answer_without_error(national, url, params):
    assert national.get(url, params).status_code in (200, 302)


def test_qpv_listing_filters_by_department_as_one_select(national):
    haute_garonne = Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code="31")
    html = national.get(
        "/admin/snippets/measures/qpv/", {"department": haute_garonne.pk}
    ).content.decode()
    assert "QP031007" in html
    assert "QP034001" not in html  # Hérault
    assert '<select name="department"' in html


def test_qpv_listing_search_and_department_filter_combine(national):
    herault = Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code="34")
    html = national.get(
        "/admin/snippets/measures/qpv/", {"department": herault.pk, "q": "Mirail"}
    ).content.decode()
    assert "QP031007" not in html


def test_qpv_rows_link_to_the_qpv_and_figures_carry_their_unit(national):
    qpv = QPV.objects.get(territory__code="QP031007")
    html = national.get(
        "/admin/snippets/measures/qpv/", {"q": "Mirail"}
    ).content.decode()
    assert reverse("wagtailsnippets_measures_qpv:edit", args=[qpv.pk]) in html
    assert "hab." in html
    inspect = national.get(
        reverse("wagtailsnippets_measures_qpv:inspect", args=[qpv.pk])
    ).content.decode()
    assert "habitants" in inspect


def test_territory_parent_filter_is_a_select_not_a_list_of_buttons(national):
    html = national.get("/admin/measures/territory/").content.decode()
    assert '<select id="filtre-parent" name="parent">' in html
    assert '<label for="filtre-parent">' in html
    occitanie = Territory.objects.get(kind=Territory.Kind.REGION, name="Occitanie")
    filtered = national.get(
        "/admin/measures/territory/", {"parent": occitanie.pk}
    ).content.decode()
    assert territory_edit_url("31") in filtered
    assert territory_edit_url("33") not in filtered


def test_indicator_values_show_their_unit_in_listing_and_inspect(national):
    html = national.get("/admin/measures/indicatorvalue/", {"q": "COPRO-CREDITS"})
    assert "Md€" in html.content.decode()
    value = Indicator.objects.get(code="COPRO-CREDITS").values.get()
    inspect = national.get(f"/admin/measures/indicatorvalue/inspect/{value.pk}/")
    assert "Md€" in inspect.content.decode()


def csv_rows(response):
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(response):
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("export", ["xlsx", "csv"])
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # Choice labels (« Annuelle », « National ») and units (« Md€ »).
        ("/admin/snippets/measures/indicator/", ["Annuelle", "3 Md€"]),
        ("/admin/snippets/measures/ministry/", ["Opérateur"]),
        ("/admin/snippets/measures/qpv/", ["Population municipale (habitants)"]),
        ("/admin/measures/indicatorvalue/", ["National", "Md€"]),
        ("/admin/measures/indicatortarget/", ["Unité", "Échéance"]),
        ("/admin/measures/territorialrole/", ["Utilisateur"]),
        ("/admin/measures/territory/", ["Département"]),
    ],
)
def test_listing_exports_carry_labels_and_units(national, url, expected, export):
    response = national.get(url, {"export": export})
    assert response.status_code == 200
    rows = xlsx_rows(response) if export == "xlsx" else csv_rows(response)
    cells = {str(cell) for row in rows for cell in row if cell is not None}
    for text in expected:
        assert any(text in cell for cell in cells), text


def test_raw_choice_values_are_not_exported(national):
    rows = csv_rows(national.get("/admin/measures/indicatorvalue/", {"export": "csv"}))
    kinds = {row[1] for row in rows[1:]}
    assert "national" not in kinds


def test_stale_indicator_rows_link_to_the_indicator_and_its_import(national):
    html = national.get("/admin/rapports/indicateurs-a-mettre-a-jour/").content.decode()
    indicator = Indicator.objects.get(code="EMPLOIS-FRANCS")  # monthly, stale
    edit = reverse("wagtailsnippets_measures_indicator:edit", args=[indicator.pk])
    assert f'href="{edit}"' in html
    import_url = reverse("measures_admin:indicator_import")
    assert f'href="{import_url}?indicator={indicator.pk}"' in html


def test_stale_indicator_rows_link_a_reader_to_the_inspect_view(client, user_factory):
    from django.contrib.auth.models import Permission

    reader = user_factory("lecteur", "Communication")
    reader.user_permissions.add(
        Permission.objects.get(codename="view_indicatorvalue"),
        Permission.objects.get(codename="add_indicatorvalue"),
    )
    client.force_login(reader)
    html = client.get("/admin/rapports/indicateurs-a-mettre-a-jour/").content.decode()
    indicator = Indicator.objects.get(code="EMPLOIS-FRANCS")
    inspect = reverse("wagtailsnippets_measures_indicator:inspect", args=[indicator.pk])
    edit = reverse("wagtailsnippets_measures_indicator:edit", args=[indicator.pk])
    assert f'href="{inspect}"' in html
    assert f'href="{edit}"' not in html

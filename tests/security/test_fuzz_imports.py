"""Fuzzing of every xlsx import (indicator values, national QPV file) with random
and hostile workbooks: the parser never crashes, a refused file writes nothing,
an accepted one writes exactly what the preview announced; the admin views never
answer 500.

Imports found by ``grep -rn load_workbook``: ``measures.imports`` (indicator
values, ``/admin/quartiers/indicateurs/import/``) and ``measures.qpv_import``
(national QPV list, ``/admin/quartiers/qpv/import/``), which shares its loader.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from measures.imports import (
    LEVEL_ALIASES,
    PRECISION_ALIASES,
    TEMPLATE_HEADERS,
    apply_import,
    parse_workbook,
)
from measures.models import QPV, IndicatorValue, Territory
from measures.qpv_import import apply_qpv_import, parse_qpv_workbook
from tests.factories import xlsx_bytes

from .fuzzing import (
    cell_values,
    counted,
    damaged,
    dates,
    fuzz_settings,
    hostile_text,
    huge_text,
    numbers,
    zip_with,
)
from .world import make_user

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INDICATOR_CODES = ["EMPLOIS-FRANCS", "emplois-francs", " EMPLOIS-FRANCS ", "INCONNU"]
TERRITORY_CODES = ["FR", "31", "031", "76", "2A", "QP031001", "qp031001", "999", ""]
QPV_CODES = ["QP031001", "QP093001", "QP02A001", "qp093002", "QP999999", "XX", ""]


def state():
    return (
        IndicatorValue.objects.count(),
        Territory.objects.count(),
        QPV.objects.count(),
        sorted(IndicatorValue.objects.values_list("pk", "value", "date"))[-50:],
    )


# --- workbooks ---------------------------------------------------------------------

headers = st.one_of(
    st.just(TEMPLATE_HEADERS),
    st.permutations(TEMPLATE_HEADERS),
    st.just([h.upper().replace("_", " ") for h in TEMPLATE_HEADERS]),
    st.lists(st.sampled_from(TEMPLATE_HEADERS), max_size=9),  # missing, doubled
    st.lists(hostile_text, max_size=8),  # wrong headers
)
value_rows = st.lists(
    st.one_of(
        # Plausible rows, with one hostile cell here and there.
        st.tuples(
            st.one_of(st.sampled_from(INDICATOR_CODES), hostile_text),
            st.one_of(st.sampled_from(sorted(LEVEL_ALIASES)), hostile_text),
            st.one_of(st.sampled_from(TERRITORY_CODES), hostile_text, numbers),
            st.one_of(dates, hostile_text, numbers),
            st.one_of(numbers, hostile_text),
            st.one_of(st.sampled_from(sorted(PRECISION_ALIASES)), hostile_text),
            st.one_of(st.none(), hostile_text, huge_text),
        ).map(list),
        st.lists(cell_values, max_size=12),
    ),
    max_size=25,
)
sheet_titles = st.one_of(
    st.just("valeurs"),
    st.just("Valeurs "),
    st.just("aide"),
    hostile_text.filter(lambda t: t and len(t) <= 31 and not set(t) & set("[]:*?/\\")),
)


@st.composite
def value_workbooks(draw):
    sheets = [(draw(sheet_titles), [draw(headers), *draw(value_rows)])]
    if draw(st.booleans()):
        sheets.append(("aide", [["notes"], [draw(hostile_text)]]))
    titles = set()
    unique = []
    for title, rows in sheets:  # sheet titles must differ (case-insensitively)
        if title.lower() not in titles:
            titles.add(title.lower())
            unique.append((title, rows))
    return xlsx_bytes(unique)


GOOD_VALUES = xlsx_bytes(
    [
        (
            "valeurs",
            [TEMPLATE_HEADERS, ["EMPLOIS-FRANCS", "national", "FR", "30/06/2019", 12]],
        )
    ]
)
raw_files = st.one_of(
    st.binary(max_size=2000),
    st.just(b""),
    st.just(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),  # .xls (OLE)
    damaged(GOOD_VALUES),
    st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "[Content_Types].xml",
                    "xl/workbook.xml",
                    "xl/worksheets/sheet1.xml",
                    "x",
                ]
            ),
            st.binary(max_size=300),
        ),
        max_size=4,
    ).map(zip_with),
)


def check_values_import(content):
    before = state()
    result = parse_workbook(content)
    assert state() == before  # parsing writes nothing
    if result.errors:
        with pytest.raises(ValueError):
            apply_import(result)
        assert state() == before
        return
    counts = apply_import(result)
    assert counts.created == result.to_create
    assert counts.updated == result.to_update
    assert IndicatorValue.objects.count() == before[0] + counts.created


@fuzz_settings(max_examples=40)
@given(content=value_workbooks())
def test_indicator_import_survives_random_workbooks(content):
    counted("import des valeurs : classeurs aléatoires")
    check_values_import(content)


@fuzz_settings(max_examples=30)
@given(content=raw_files)
def test_indicator_import_survives_files_that_are_not_workbooks(content):
    counted("import des valeurs : fichiers corrompus")
    check_values_import(content)


def test_a_large_file_with_one_bad_row_at_the_end_writes_nothing():
    counted("import des valeurs : 4 985 lignes")
    rows = [
        ["EMPLOIS-FRANCS", "departement", "31", f"{day:02d}/01/2019", day]
        for day in range(1, 29)
    ] * 178 + [["EMPLOIS-FRANCS", "departement", "31", "31/02/2019", "=1+1"]]
    before = state()
    result = parse_workbook(xlsx_bytes([("valeurs", [TEMPLATE_HEADERS, *rows])]))
    assert result.errors
    assert state() == before


# --- national QPV file -------------------------------------------------------------

qpv_list_rows = st.lists(
    st.one_of(
        st.tuples(
            st.one_of(st.sampled_from(QPV_CODES), hostile_text),
            st.one_of(hostile_text, huge_text),
            hostile_text,
            st.one_of(
                st.sampled_from(["31", "93", "2A", "976"]), hostile_text, numbers
            ),
        ).map(list),
        st.lists(cell_values, max_size=6),
    ),
    max_size=20,
)
qpv_stat_rows = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(QPV_CODES), hostile_text),
        st.one_of(numbers, st.sampled_from(["s", "nd", "secret", ""]), hostile_text),
        st.one_of(numbers, hostile_text),
        st.one_of(numbers, hostile_text),
    ).map(list),
    max_size=15,
)
qpv_headers = st.one_of(
    st.just(["CODE_QP", "NOM_QP", "COMMUNE_QP", "DEP"]),
    st.lists(hostile_text, max_size=5),
)


@st.composite
def qpv_workbooks(draw):
    sheets = [("QP", [draw(qpv_headers), *draw(qpv_list_rows)])]
    if draw(st.booleans()):
        stats_header = draw(
            st.one_of(
                st.just(["CODE_QP", "pop_mun", "abcde", "tp60"]),
                st.lists(hostile_text, max_size=4),
            )
        )
        sheets.append(("statistiques", [stats_header, *draw(qpv_stat_rows)]))
    return xlsx_bytes(sheets)


def check_qpv_import(content):
    before = state()
    result = parse_qpv_workbook(content)
    assert state() == before
    if not result.is_valid:
        assert state() == before
        return
    apply_qpv_import(result)


@fuzz_settings(max_examples=35)
@given(content=st.one_of(qpv_workbooks(), raw_files))
def test_qpv_import_survives_random_and_hostile_files(content):
    counted("import des QPV")
    check_qpv_import(content)


# --- through the admin views ---------------------------------------------------------


def upload(content, name="import.xlsx"):
    return SimpleUploadedFile(name, content, content_type=XLSX)


@fuzz_settings(max_examples=15)
@given(
    content=st.one_of(value_workbooks(), raw_files),
    name=st.sampled_from(["a.xlsx", "a.xls", "../../a.xlsx", "é" * 300 + ".xlsx"]),
)
def test_indicator_import_views_never_answer_500(producer_client, content, name):
    counted("import des valeurs : vues d’administration")
    before = state()
    response = producer_client.post(
        reverse("measures_admin:indicator_import"), {"file": upload(content, name)}
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:  # refused, with its errors
        assert state() == before
        return
    preview = producer_client.get(response["Location"])
    assert preview.status_code in (200, 404)
    confirm = producer_client.post(response["Location"], {"confirm": "1"})
    assert confirm.status_code in (200, 302, 404)
    if confirm.status_code != 302:
        assert state() == before


@fuzz_settings(max_examples=12)
@given(content=st.one_of(qpv_workbooks(), raw_files))
def test_qpv_import_view_never_answers_500(national_client, content):
    counted("import des QPV : vue d’administration")
    before = state()
    response = national_client.post(
        reverse("measures_admin:qpv_import"), {"file": upload(content)}
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert state() == before


@pytest.fixture
def producer_client(db):
    client = Client(raise_request_exception=False)
    client.force_login(make_user("producteur-fuzz", "Producteurs d’indicateurs"))
    return client


@pytest.fixture
def national_client(db):
    client = Client(raise_request_exception=False)
    client.force_login(make_user("cget-fuzz", "Administrateurs nationaux"))
    return client

"""A page's queries do not grow with the amount of content."""

import datetime
from decimal import Decimal

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures.models import (
    DepartmentPage,
    Indicator,
    IndicatorValue,
    MeasureIndicator,
    MeasurePage,
    Ministry,
    ProgrammePage,
    Territory,
)
from tests.query_budget import queries_after_publication

pytestmark = pytest.mark.django_db

HOME_BUDGET = 15
MEASURE_BUDGET = 10
ROADMAP_BUDGET = 20
LISTING_BUDGET = 25


def count_queries(client, url):
    cache.clear()
    client.get(url)  # warm the per-process caches (site root paths, settings)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_content(measures=200, values=5000):
    """200 more measures (with leads and an indicator each) and 5,000 more values."""
    programme = ProgrammePage.objects.get(slug="emploi")
    ministry = Ministry.objects.get(name="Travail")
    departments = list(Territory.objects.filter(kind="department"))
    national = Territory.national()
    indicators = []
    for number in range(measures):
        indicator = Indicator.objects.create(
            code=f"VOLUME-{number}", name=f"Volume {number}"
        )
        indicators.append(indicator)
        page = MeasurePage(
            title=f"Mesure de volume {number}",
            slug=f"volume-{number}",
            status="deploying",
        )
        page.measure_indicators.add(MeasureIndicator(indicator=indicator))
        programme.add_child(instance=page)
        page.lead_ministries.add(ministry)
    emplois_francs = Indicator.objects.get(code="EMPLOIS-FRANCS")
    start = datetime.date(2019, 2, 1)
    rows = [
        IndicatorValue(
            indicator=emplois_francs,
            territory=departments[n % len(departments)],
            date=start + datetime.timedelta(days=n // len(departments)),
            value=Decimal(n),
        )
        for n in range(values - 50)
    ] + [
        IndicatorValue(
            indicator=emplois_francs,
            territory=national,
            # Day 1 + 30 n: never a date of the reference history (26 February 2020).
            date=start + datetime.timedelta(days=30 * n + 1),
            value=Decimal(4000 + n),
        )
        for n in range(50)
    ]
    IndicatorValue.objects.bulk_create(rows)


@pytest.mark.parametrize(
    ("url_of", "budget"),
    [
        (lambda: "/", HOME_BUDGET),
        (lambda: "/feuille-de-route/", ROADMAP_BUDGET),
        (lambda: MeasurePage.objects.get(reference="J1").url, MEASURE_BUDGET),
    ],
    ids=["home", "roadmap", "measure"],
)
def test_page_queries_do_not_grow_with_content(client, url_of, budget):
    url = url_of()
    before = count_queries(client, url)
    add_content()
    after = count_queries(client, url)
    assert before <= budget
    # Never more; fewer is possible (with 218 measures the roadmap no longer says
    # that some of the 40 are still to be published, nor links to the circular).
    assert after <= before


@pytest.mark.parametrize(
    "url_of",
    [
        lambda: "/feuille-de-route/",
        lambda: "/feuille-de-route/?page=2",
        lambda: ProgrammePage.objects.get(slug="emploi").url,
        lambda: DepartmentPage.objects.get(department__code="31").url,
        lambda: DepartmentPage.objects.get(department__code="31").url + "?page=2",
    ],
    ids=["roadmap", "roadmap-page-2", "programme", "department", "department-page-2"],
)
def test_listing_queries_after_a_publication_do_not_grow_with_content(client, url_of):
    """The first request after a publication rebuilds the cached listing: a
    paginated list, the same queries with 200 more measures and 5,000 more values."""
    url = url_of()
    IndicatorValue.objects.create(  # a value listed at both sizes
        indicator=Indicator.objects.get(code="EMPLOIS-FRANCS"),
        territory=Territory.objects.get(kind="department", code="31"),
        date=datetime.date(2000, 1, 1),
        value=Decimal(1),
    )
    before = queries_after_publication(client, url)
    add_content()
    after = queries_after_publication(client, url)
    assert before <= LISTING_BUDGET
    assert after <= before

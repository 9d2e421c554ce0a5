"""Fixtures shared by the measures tests: the territories and indicators of the
indicator import tests."""

import datetime
from decimal import Decimal

import pytest

from tests.factories import (
    DepartmentFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    NationalFactory,
    RegionFactory,
)


@pytest.fixture
def territories(db):
    france = NationalFactory()
    idf = RegionFactory(code="11", name="Île-de-France")
    ara = RegionFactory(code="84", name="Auvergne-Rhône-Alpes")
    corse = RegionFactory(code="94", name="Corse")
    return {
        "FR": france,
        "11": idf,
        "84": ara,
        "93": DepartmentFactory(code="93", name="Seine-Saint-Denis", parent=idf),
        "01": DepartmentFactory(code="01", name="Ain", parent=ara),
        "2A": DepartmentFactory(code="2A", name="Corse-du-Sud", parent=corse),
        "976": DepartmentFactory(code="976", name="Mayotte", parent=None),
    }


@pytest.fixture
def indicators(db):
    return {
        "TEST-EMPLOIS": IndicatorFactory(
            code="TEST-EMPLOIS", name="Emplois francs (test)"
        ),
        "TEST-CITES": IndicatorFactory(
            code="TEST-CITES", name="Cités éducatives (test)"
        ),
    }


@pytest.fixture
def existing(territories, indicators):
    """One value that must survive every refused import unchanged."""
    return IndicatorValueFactory(
        indicator=indicators["TEST-EMPLOIS"],
        territory=territories["FR"],
        date=datetime.date(2023, 12, 31),
        value=Decimal("42.5"),
        comment="avant",
    )

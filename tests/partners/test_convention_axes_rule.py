"""The rule « a large company or an ETI keeps the four PAQTE axes » lives on the
model: any save path that validates (admin form, import, shell) refuses it."""

import pytest

from django.core.exceptions import ValidationError

from partners.models import Axis, Convention

from .factories import CompanyFactory, axis

pytestmark = pytest.mark.django_db


def signed_convention(size, axes):
    convention = Convention(
        company=CompanyFactory(size=size),
        status="signed",
        start_date="2019-01-01",
        signed_on="2019-01-01",
    )
    convention.axes = axes
    return convention


def test_full_clean_refuses_a_large_company_keeping_two_axes():
    convention = signed_convention("ge", [axis("former"), axis("recruter")])
    with pytest.raises(ValidationError) as error:
        convention.full_clean()
    assert "une grande entreprise ou une ETI s’engage sur les quatre axes" in str(
        error.value.message_dict["axes"]
    )


def test_full_clean_accepts_a_large_company_keeping_every_axis():
    signed_convention("eti", list(Axis.objects.all())).full_clean()


def test_full_clean_accepts_a_small_company_keeping_one_axis():
    signed_convention("pme", [axis("former")]).full_clean()

"""Factories of the PAQTE tests. Test data only: no real company is described."""

import datetime

import factory

from measures.models import Indicator, Territory
from partners.models import Axis, Company, Convention, ConventionStatus
from partners.validators import siren_check_digit


def valid_siren(number):
    """A syntactically valid SIREN (Luhn) built from a sequence number."""
    first_eight = f"{90000000 + number:08d}"
    return first_eight + siren_check_digit(first_eight)


def department(code):
    return Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code=code)


def axis(code):
    return Axis.objects.get(code=code)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Entreprise de test {n}")
    siren = factory.Sequence(valid_siren)
    size = "pme"
    sector = "Services"
    department = factory.LazyFunction(lambda: department("44"))


class ConventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Convention
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    status = ConventionStatus.SIGNED
    signed_on = datetime.date(2019, 3, 1)
    start_date = datetime.date(2019, 3, 1)

    @factory.post_generation
    def axes(self, create, extracted, **kwargs):
        if create and extracted:
            self.axes.set(extracted)
            self.save()


class KeyIndicatorFactory(factory.django.DjangoModelFactory):
    """A PAQTE key indicator for tests (the real ones are not loaded)."""

    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"PAQTE-TEST-{n}")
    name = factory.Sequence(lambda n: f"Indicateur clé de test {n}")
    unit = "jeunes"

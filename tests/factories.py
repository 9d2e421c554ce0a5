import datetime
from decimal import Decimal

import factory

from measures.models import Indicator, IndicatorValue, Ministry, Territory


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("kind", "code")

    kind = Territory.Kind.DEPARTMENT
    code = factory.Sequence(lambda n: f"{n + 100:03d}")
    name = factory.Sequence(lambda n: f"Département {n}")


class NationalFactory(TerritoryFactory):
    kind = Territory.Kind.NATIONAL
    code = "FR"
    name = "France"


class RegionFactory(TerritoryFactory):
    kind = Territory.Kind.REGION
    code = factory.Sequence(lambda n: f"R{n}")
    name = factory.Sequence(lambda n: f"Région {n}")


class DepartmentFactory(TerritoryFactory):
    kind = Territory.Kind.DEPARTMENT
    parent = factory.SubFactory(RegionFactory)


class MinistryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ministry
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Ministère {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"IND-{n}")
    name = factory.Sequence(lambda n: f"Indicateur {n}")
    unit = "élèves"
    producer = factory.SubFactory(MinistryFactory)
    source = "Source de test"


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    territory = factory.SubFactory(NationalFactory)
    date = factory.Sequence(
        lambda n: datetime.date(2019, 1, 1) + datetime.timedelta(days=n)
    )
    value = Decimal("100")

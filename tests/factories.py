import datetime
import io
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


# --- territories: contrats de ville, protocols (issue 3) -------------------------


def department_page(code):
    from measures.models import DepartmentPage

    return DepartmentPage.objects.get(department__code=code)


def make_contract(code="31", *, title="Contrat de ville de test", qpvs=(), **fields):
    """A published contrat de ville under the page of department ``code``."""
    from measures.models import ContractPage

    contract = ContractPage(title=title, **fields)
    department_page(code).add_child(instance=contract)
    if qpvs:
        contract.qpvs = list(qpvs)
    contract.save_revision().publish()
    return contract


def make_protocol(contract, *, commitments=(), title=None, **fields):
    """A published renovation protocol under ``contract``.

    ``commitments``: dicts of ``ProtocolCommitment`` fields (``measures`` a list).
    """
    from measures.models import ProtocolCommitment, RenovationProtocolPage

    protocol = RenovationProtocolPage(
        title=title or f"Protocole — {contract.title}", **fields
    )
    for position, values in enumerate(commitments):
        values = dict(values)
        measures = values.pop("measures", [])
        commitment = ProtocolCommitment(sort_order=position, **values)
        commitment.measures = measures
        protocol.commitments.add(commitment)
    contract.add_child(instance=protocol)
    protocol.save_revision().publish()
    return protocol


def make_referent(user_factory, username, code):
    from measures.models import TerritorialRole, Territory

    user = user_factory(username, "Référents départementaux")
    TerritorialRole.objects.create(
        user=user, territory=Territory.objects.get(kind="department", code=code)
    )
    return user


def xlsx_bytes(sheets):
    """Bytes of a workbook: ``sheets`` is {title: rows} or a list of (title, rows)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in dict(sheets).items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()

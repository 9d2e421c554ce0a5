"""Volume data for the benchmark (``generate_volume_data``): companies, conventions.

At scale 1: 500 companies and 1,000 signed conventions (two per company), spread
over the departments, sizes and axes. Generated companies are named « Entreprise de
volume N » with a valid, generated SIREN; nothing here is presented as real.
"""

import datetime
import random

from measures.models import Territory

from .models import Axis, Company, CompanySize, Convention

COMPANIES_PER_SCALE = 500
CONVENTIONS_PER_SCALE = 1000


def luhn_siren(number):
    """A 9-digit SIREN built from an 8-digit number, with its Luhn check digit."""
    digits = [int(d) for d in f"{number:08d}"]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2 == 0:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return f"{number:08d}{(10 - total % 10) % 10}"


def generate_companies(scale, progress):
    target = int(COMPANIES_PER_SCALE * scale)
    existing = Company.objects.count()
    missing = max(target - existing, 0)
    if not missing:
        return 0
    rng = random.Random(7)  # noqa: S311 (not for security)
    departments = list(Territory.objects.filter(kind=Territory.Kind.DEPARTMENT))
    taken = set(Company.objects.values_list("siren", flat=True))
    companies, number = [], 90_000_000
    while len(companies) < missing:
        number += 1
        siren = luhn_siren(number)
        if siren in taken:
            continue
        companies.append(
            Company(
                name=f"Entreprise de volume {existing + len(companies)}",
                siren=siren,
                size=rng.choice(CompanySize.values),
                department=rng.choice(departments),
                sector="Secteur de volume",
            )
        )
    Company.objects.bulk_create(companies, batch_size=1000)
    progress(missing, missing)
    return missing


def generate_conventions(scale, progress):
    target = int(CONVENTIONS_PER_SCALE * scale)
    existing = Convention.objects.count()
    missing = max(target - existing, 0)
    if not missing:
        return 0
    rng = random.Random(11)  # noqa: S311 (not for security)
    companies = list(Company.objects.order_by("pk").values_list("pk", flat=True))
    axes = list(Axis.objects.all())
    conventions = []
    for number in range(missing):
        start = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randint(0, 700))
        conventions.append(
            Convention(
                company_id=companies[number % len(companies)],
                status="signed",
                signed_on=start,
                start_date=start,
                end_date=start.replace(year=start.year + 3),
            )
        )
    created = Convention.objects.bulk_create(conventions, batch_size=1000)
    through = Convention._meta.get_field("axes").remote_field.through
    links = [
        through(convention_id=convention.pk, axis_id=axis.pk)
        for convention in created
        for axis in rng.sample(axes, k=rng.randint(1, len(axes)))
    ]
    through.objects.bulk_create(links, batch_size=2000)
    progress(missing, missing)
    return missing

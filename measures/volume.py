"""Volume data for the benchmark (``generate_volume_data``): measures and values.

Registered with the ``register_volume_data`` hook. Everything it creates is
marked as generated (slugs and codes start with ``volume-`` / ``VOLUME-``).
"""

import datetime
import random
from decimal import Decimal

from cms.ops.volume import bulk_add_children, index_pages

from .models import (
    Indicator,
    IndicatorValue,
    MeasureIndicator,
    MeasurePage,
    Ministry,
    ProgrammePage,
    Territory,
)

MEASURES_PER_SCALE = 40
VALUES_PER_SCALE = 2000


def generate_measures(scale, progress):
    """Up to 40 × scale measures (reference ones included), one indicator each,
    spread over the programmes; bulk-inserted live (``cms.ops.volume``), indexed."""
    target = int(MEASURES_PER_SCALE * scale)
    existing = MeasurePage.objects.count()
    missing = max(target - existing, 0)
    if not missing:
        return 0
    programmes = list(ProgrammePage.objects.order_by("path"))
    ministries = list(Ministry.objects.all())
    rng = random.Random(42 + existing)  # noqa: S311 (not for security)
    numbers = range(existing, existing + missing)
    indicators = Indicator.objects.in_bulk(
        [
            Indicator.objects.get_or_create(
                code=f"VOLUME-{index}",
                defaults={"name": f"Indicateur de volume {index}", "unit": "unités"},
            )[0].pk
            for index in numbers
        ]
    )
    by_code = {indicator.code: indicator for indicator in indicators.values()}
    created = []
    for position, programme in enumerate(programmes):
        pages = [
            MeasurePage(
                title=f"Mesure de volume {index}",
                slug=f"volume-{index}",
                summary="Mesure générée pour la mesure de performance.",
                status=rng.choice(["to_launch", "deploying", "achieved"]),
                progress=rng.randint(0, 100),
            )
            for index in numbers
            if index % len(programmes) == position
        ]
        created += bulk_add_children(programme, pages)
    MeasureIndicator.objects.bulk_create(
        MeasureIndicator(
            page_id=page.pk,
            indicator=by_code[f"VOLUME-{page.slug.removeprefix('volume-')}"],
            sort_order=0,
        )
        for page in created
    )
    if ministries:
        through = MeasurePage.lead_ministries.through
        through.objects.bulk_create(
            through(measurepage_id=page.pk, ministry_id=rng.choice(ministries).pk)
            for page in created
        )
    index_pages(MeasurePage, created)
    progress(missing, missing)
    return missing


def generate_values(scale, progress):
    """2,000 × scale dated values over the indicators and territories."""
    target = int(VALUES_PER_SCALE * scale)
    existing = IndicatorValue.objects.count()
    missing = max(target - existing, 0)
    if not missing:
        return 0
    indicators = list(Indicator.objects.all())
    territories = list(Territory.objects.exclude(kind=Territory.Kind.QPV))
    start = datetime.date(2019, 2, 1)
    seen = set(
        IndicatorValue.objects.values_list("indicator_id", "territory_id", "date")
    )
    rows = []
    number = 0
    while len(rows) < missing:
        indicator = indicators[number % len(indicators)]
        territory = territories[(number // len(indicators)) % len(territories)]
        date = start + datetime.timedelta(
            days=30 * (number // (len(indicators) * len(territories)))
        )
        number += 1
        key = (indicator.pk, territory.pk, date)
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            IndicatorValue(
                indicator=indicator,
                territory=territory,
                date=date,
                value=Decimal(number),
            )
        )
        if len(rows) % 500 == 0:
            progress(len(rows), missing)
    IndicatorValue.objects.bulk_create(rows, batch_size=1000)
    progress(missing, missing)
    return missing

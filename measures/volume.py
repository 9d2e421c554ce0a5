"""Volume data for the benchmark (``generate_volume_data``): measures and values.

Registered with the ``register_volume_data`` hook. Everything it creates is
marked as generated (slugs and codes start with ``volume-`` / ``VOLUME-``).
"""

import datetime
import random
from decimal import Decimal

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
    """Up to 40 × scale measures (reference ones included), one indicator each."""
    target = int(MEASURES_PER_SCALE * scale)
    existing = MeasurePage.objects.count()
    programmes = list(ProgrammePage.objects.order_by("path"))
    ministries = list(Ministry.objects.all())
    rng = random.Random(42)  # noqa: S311 (not for security)
    missing = max(target - existing, 0)
    for number in range(missing):
        index = existing + number
        indicator, _ = Indicator.objects.get_or_create(
            code=f"VOLUME-{index}",
            defaults={"name": f"Indicateur de volume {index}", "unit": "unités"},
        )
        page = MeasurePage(
            title=f"Mesure de volume {index}",
            slug=f"volume-{index}",
            summary="Mesure générée pour la mesure de performance.",
            status=rng.choice(["to_launch", "deploying", "achieved"]),
            progress=rng.randint(0, 100),
        )
        page.measure_indicators.add(MeasureIndicator(indicator=indicator))
        programmes[index % len(programmes)].add_child(instance=page)
        page.save_revision().publish()
        if ministries:
            page.lead_ministries.add(rng.choice(ministries))
        progress(number + 1, missing)
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

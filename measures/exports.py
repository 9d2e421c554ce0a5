"""Exports of indicators and indicator values to .xlsx (openpyxl, write-only).

Written by ``cms.spreadsheets``: every text cell neutralised, numbers stay numbers
and dates stay dates. The values export has exactly the columns of the import
template (sheet « valeurs »), so that an export can be edited and re-imported.
"""

from django.db.models import Case, Count, Value, When
from django.utils.translation import gettext as _

from cms.spreadsheets import (
    add_table,
    new_workbook,
    table_xlsx,
    workbook_bytes,
)
from measures.imports import (
    LEVEL_LABELS,
    PRECISION_LABELS,
    SHEET_NAME,
    TEMPLATE_HEADERS,
)
from measures.models import Indicator, IndicatorValue

__all__ = [
    "export_indicators",
    "export_renovation",
    "export_values",
]

INDICATOR_HEADERS = [
    "code_indicateur",
    "nom",
    "unite",
    "ministere_producteur",
    "periodicite",
    "sens_souhaite",
    "cible_nationale",
    "echeance_cible",
    "source",
    "adresse_source",
    "definition",
    "nombre_valeurs",
    "derniere_valeur_nationale",
    "date_derniere_valeur_nationale",
]


def export_indicators(queryset=None):
    """Bytes of an .xlsx listing the indicators (sheet « indicateurs »)."""
    if queryset is None:
        queryset = Indicator.objects.all()
    queryset = (
        queryset.select_related("producer")
        .with_latest()
        .annotate(values_count=Count("values"))
        .order_by("code")
    )

    def rows():
        for indicator in queryset:
            yield [
                indicator.code,
                indicator.name,
                indicator.unit,
                indicator.producer.name if indicator.producer else "",
                str(indicator.get_periodicity_display()),
                str(indicator.get_direction_display()),
                indicator.national_target,
                indicator.national_target_date,
                indicator.source,
                indicator.source_url,
                indicator.definition,
                indicator.values_count,
                indicator.latest_value,
                indicator.latest_date,
            ]

    return table_xlsx(
        _("indicateurs"),
        INDICATOR_HEADERS,
        rows(),
        (22, 48, 12, 30, 14, 20, 14, 14, 30, 30, 60, 14, 16, 16),
    )


def export_values(queryset=None):
    """Bytes of an .xlsx of indicator values, re-importable (sheet « valeurs »)."""
    if queryset is None:
        queryset = IndicatorValue.objects.all()
    level_order = Case(
        *(
            When(territory__kind=kind, then=Value(index))
            for index, kind in enumerate(LEVEL_LABELS)
        ),
        default=Value(len(LEVEL_LABELS)),
    )
    queryset = queryset.select_related("indicator", "territory").order_by(
        "indicator__code", level_order, "territory__code", "date"
    )

    def rows():
        # Plain tuples, not model instances: 100,000 rows stay fast and small.
        for (
            code,
            kind,
            territory,
            date,
            value,
            approximation,
            comment,
        ) in queryset.values_list(
            "indicator__code",
            "territory__kind",
            "territory__code",
            "date",
            "value",
            "approximation",
            "comment",
        ).iterator(chunk_size=5000):
            yield [
                code,
                LEVEL_LABELS.get(kind, kind),
                territory,
                date,
                value,
                PRECISION_LABELS.get(approximation, ""),
                comment,
            ]

    return table_xlsx(
        SHEET_NAME, TEMPLATE_HEADERS, rows(), (22, 14, 16, 13, 14, 12, 48)
    )


RENOVATION_HEADERS = [
    "code_region",
    "region",
    "code_departement",
    "departement",
    "contrat_de_ville",
    "epci",
    "etat_du_protocole",
    "date_de_signature",
    "etat_de_la_renovation",
    "adresse",
]


def export_renovation(summary):
    """Bytes of an .xlsx: one row per live contrat de ville, and counts by department.

    ``summary`` is ``measures.models.territorial.renovation_summary()``.
    """

    def contract_rows():
        for contract in sorted(
            summary["rows"],
            key=lambda c: (c.department.parent.name, c.department.code, c.title),
        ):
            protocol = contract.protocol
            yield (
                contract.department.parent.code,
                contract.department.parent.name,
                contract.department.code,
                contract.department.name,
                contract.title,
                contract.epci,
                str(protocol.get_status_display()) if protocol else _("aucun"),
                protocol.signature_date if protocol else None,
                str(contract.renovation_label),
                contract.full_url or "",
            )

    workbook = new_workbook()
    add_table(workbook, _("contrats"), RENOVATION_HEADERS, contract_rows())
    add_table(
        workbook,
        _("departements"),
        [
            _("region"),
            _("code_departement"),
            _("departement"),
            *[str(state["label"]) for state in summary["states"]],
            _("total"),
        ],
        (
            (
                region["region"].name,
                item["department"].code,
                item["department"].name,
                *item["counts"],
                item["total"],
            )
            for region in summary["regions"]
            for item in region["departments"]
        ),
    )
    return workbook_bytes(workbook)

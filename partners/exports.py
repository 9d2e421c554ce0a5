"""Spreadsheet exports of the partners app (openpyxl write-only, CSV).

Written by ``cms.spreadsheets``: every text cell is neutralised, so that a value
that a spreadsheet would read as a formula is written as text (CSV cells too).
"""

from django.utils.translation import gettext as _

from cms.spreadsheets import (
    CSV_CONTENT_TYPE,
    cell,
    csv_text,
    download_response,
    new_workbook,
    set_widths,
    table_xlsx,
    workbook_bytes,
)

DIRECTORY_HEADERS = [
    "Type",
    "Nom",
    "Code département",
    "Département",
    "Taille",
    "Secteur",
    "Axes retenus",
    "Clubs",
    "Site web",
]


def directory_rows(directory):
    entries = directory.attach_details(directory.entries())
    for entry in entries:
        yield [
            str(entry["kind_label"]),
            entry["entry_name"],
            entry["department_code"],
            entry["department_name"],
            str(entry["size_label"]),
            entry["entry_sector"],
            ", ".join(entry["axes"]),
            ", ".join(entry["clubs"]),
            entry["entry_website"],
        ]


def directory_response(directory, fmt):
    rows = directory_rows(directory)
    if fmt == "csv":
        return download_response(
            csv_text(DIRECTORY_HEADERS, rows),
            "reseau-paqte.csv",
            content_type=CSV_CONTENT_TYPE,
        )
    return download_response(
        table_xlsx(
            _("réseau"),
            DIRECTORY_HEADERS,
            rows,
            (22, 40, 10, 26, 36, 26, 36, 30, 36),
        ),
        "reseau-paqte.xlsx",
    )


REPORT_SECTIONS = {
    "referent": "1. Référent du PAQTE (coordonnées)",
    "organisation": "2. Organisation retenue de suivi et d’animation du PAQTE",
    "signatories": "3. Nombre et liste des entreprises signataires au niveau "
    "départemental",
    "partners": "4. Associations et autres acteurs partenaires du déploiement du PAQTE",
    "results": "5. Résultats agrégés des entreprises signataires du département "
    "ainsi que des exemples concrets d’actions réalisées",
    "context": "6. Éléments de contexte du département",
    "strategy": "7. Stratégie définie et obstacles rencontrés",
}
NOT_FILLED = "À renseigner"


def report_rows(report):
    """The report's rows, section by section, in the order of annex 2."""
    sections = report.sections()
    yield [f"Bilan semestriel du PAQTE — {report.department} — {report.semester}"]
    yield [
        "Format de l’annexe 2 de la circulaire n° 6057/SG du 22 janvier 2019 ; "
        "à transmettre à paqte@cget.gouv.fr."
    ]
    yield []
    yield ["§", REPORT_SECTIONS["referent"]]
    yield ["", sections["referent"] or NOT_FILLED]
    yield []
    yield ["§", REPORT_SECTIONS["organisation"]]
    yield ["", sections["organisation"] or NOT_FILLED]
    yield []
    yield ["§", REPORT_SECTIONS["signatories"]]
    yield ["", "Nombre d’entreprises signataires", len(sections["companies"])]
    yield ["", "Entreprise", "SIREN", "Taille", "Secteur", "Début", "Axes retenus"]
    for convention in sections["conventions"]:
        company = convention.company
        yield [
            "",
            company.name,
            company.siren,
            company.get_size_display(),
            company.sector,
            convention.start_date,
            convention.axes_display,
        ]
    yield []
    yield ["§", REPORT_SECTIONS["partners"]]
    yield ["", sections["partners"] or NOT_FILLED]
    yield []
    yield ["§", REPORT_SECTIONS["results"]]
    yield [
        "",
        "Axe",
        "Indicateur ou engagement",
        "Unité",
        "Résultat cumulé",
        "Entreprises",
    ]
    for row in sections["results"]:
        yield [
            "",
            str(row["axis"]),
            row["indicator"],
            row["unit"],
            row["total"],
            row["companies"],
        ]
    if not sections["results"]:
        yield ["", "Aucun résultat déclaré pour ce semestre."]
    yield ["", "Exemples concrets d’actions réalisées", sections["examples"] or ""]
    for link in sections["example_links"]:
        yield ["", "Bonne pratique", link["title"], link["url"]]
    yield []
    yield ["§", REPORT_SECTIONS["context"]]
    for figure in sections["context"].values():
        yield [
            "",
            str(figure["label"]),
            figure["value"] if figure["value"] is not None else NOT_FILLED,
            str(figure["origin"]),
        ]
    yield []
    yield ["§", REPORT_SECTIONS["strategy"]]
    yield ["", sections["strategy"] or NOT_FILLED]


def report_xlsx(report):
    workbook = new_workbook()
    sheet = workbook.create_sheet(f"Bilan {report.semester}")
    set_widths(sheet, (4, 48, 40, 24, 24, 14, 36))
    for number, row in enumerate(report_rows(report)):
        is_heading = number == 0 or (row and row[0] == "§")
        if row and row[0] == "§":
            row = ["", *row[1:]]
        sheet.append([cell(sheet, value, bold=is_heading) for value in row])
    return workbook_bytes(workbook)

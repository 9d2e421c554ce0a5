"""The indicator values import template: a « valeurs » sheet with example rows
and input checks, and an « aide » sheet listing the columns, the indicators and
the territories. A styled (not write-only) workbook: cells are formatted after
they are written.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.spreadsheets import neutralise, new_workbook, set_widths, workbook_bytes
from measures.models import Indicator, Territory

from .columns import (
    EXAMPLE_COMMENT,
    HELP_SHEET_NAME,
    LEVEL_LABELS,
    SHEET_NAME,
    TEMPLATE_HEADERS,
)

HEADER_HELP = [
    (
        "code_indicateur",
        True,
        gettext_lazy(
            "Code de l’indicateur, tel que listé ci-dessous (ex. EMPLOIS-FRANCS)."
        ),
    ),
    ("niveau", True, gettext_lazy("national, region, departement ou qpv.")),
    (
        "code_territoire",
        True,
        gettext_lazy(
            "FR pour le niveau national ; sinon le code INSEE de la région (ex. 11, "
            "76) ou du département (ex. 01, 2A, 93, 971). Saisissez-le de préférence "
            "en texte ; un nombre comme 1 est lu « 01 ». Pour un quartier "
            "prioritaire, son code (ex. QP031001)."
        ),
    ),
    (
        "date",
        True,
        gettext_lazy(
            "Date de la valeur : cellule au format date, ou texte JJ/MM/AAAA ou "
            "AAAA-MM-JJ."
        ),
    ),
    (
        "valeur",
        True,
        gettext_lazy(
            "Nombre, dans l’unité de l’indicateur : 1234,5 ou 1 234,5 (4 décimales "
            "au plus, au-delà la valeur est arrondie)."
        ),
    ),
    (
        "precision",
        False,
        gettext_lazy(
            "Vide pour une valeur exacte, ou « environ », « près de », « plus de »."
        ),
    ),
    ("commentaire", False, gettext_lazy("Texte libre, 500 caractères au plus.")),
]


def _example_rows(indicator=None):
    """One example row per level, with codes that exist when possible (and the
    code of ``indicator`` when the template is pre-set for it)."""
    indicator = indicator or Indicator.objects.order_by("code").first()
    indicator_code = indicator.code if indicator else "CODE-INDICATEUR"

    def pick(kind, preferred, fallback):
        territories = Territory.objects.filter(kind=kind)
        territory = (
            territories.filter(code=preferred).first()
            or territories.order_by("code").first()
        )
        return territory.code if territory else fallback

    year = timezone.localdate().year - 1
    date = datetime.date(year, 12, 31)
    return [
        [
            indicator_code,
            "national",
            pick(Territory.Kind.NATIONAL, "FR", "FR"),
            date,
            12500,
            "environ",
            EXAMPLE_COMMENT,
        ],
        [
            indicator_code,
            "region",
            pick(Territory.Kind.REGION, "11", "11"),
            date,
            1234.5,
            "",
            EXAMPLE_COMMENT,
        ],
        [
            indicator_code,
            "departement",
            pick(Territory.Kind.DEPARTMENT, "93", "93"),
            date,
            321,
            "plus de",
            EXAMPLE_COMMENT,
        ],
    ]


def build_template(indicator=None):
    """The import template: .xlsx bytes with the « valeurs » and « aide » sheets.

    With ``indicator``, the template is pre-set for it: its example rows carry its
    code, and the « aide » sheet names it first.
    """
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    example_font = Font(italic=True, color="808080")
    header_fill = PatternFill("solid", fgColor="DDE5F4")

    workbook = new_workbook(write_only=False)
    sheet = workbook.active
    sheet.title = SHEET_NAME
    sheet.append(TEMPLATE_HEADERS)
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = header_fill
    for row in _example_rows(indicator):
        sheet.append([neutralise(value) for value in row])
        for cell in sheet[sheet.max_row]:
            cell.font = example_font
    # Territory codes as text (« 01 » stays « 01 »), dates shown JJ/MM/AAAA, for
    # the example cells and the rows the user adds.
    sheet.column_dimensions["C"].number_format = "@"
    sheet.column_dimensions["D"].number_format = "DD/MM/YYYY"
    for cell in sheet["C"]:
        cell.number_format = "@"
    for cell in sheet["D"][1:]:
        cell.number_format = "DD/MM/YYYY"
    set_widths(sheet, (24, 14, 16, 13, 14, 12, 48))
    sheet.freeze_panes = "A2"

    levels = DataValidation(
        type="list", formula1='"national,region,departement,qpv"', allow_blank=False
    )
    precisions = DataValidation(
        type="list", formula1='"environ,près de,plus de"', allow_blank=True
    )
    levels.error = _("Indiquez national, region, departement ou qpv.")
    precisions.error = _("Laissez vide ou indiquez environ, près de ou plus de.")
    sheet.add_data_validation(levels)
    sheet.add_data_validation(precisions)
    levels.add("B2:B10000")
    precisions.add("F2:F10000")

    help_sheet = workbook.create_sheet(HELP_SHEET_NAME)
    set_widths(help_sheet, (24, 60, 16, 20))

    def title(text):
        help_sheet.append([])
        help_sheet.append([text])
        help_sheet.cell(help_sheet.max_row, 1).font = Font(bold=True, size=13)

    help_sheet.append([_("Import des valeurs d’indicateurs")])
    help_sheet.cell(1, 1).font = Font(bold=True, size=14)
    if indicator is not None:
        help_sheet.append(
            [
                neutralise(
                    _("Modèle pré-rempli pour l’indicateur %(code)s : %(name)s")
                    % {"code": indicator.code, "name": indicator.name}
                )
            ]
        )
    for line in (
        _(
            "Saisissez une valeur par ligne dans la feuille « valeurs », à partir de "
            "la ligne 2, sans modifier la ligne d’en-têtes."
        ),
        _(
            "Les lignes grises sont des exemples : supprimez-les avant l’import "
            "(elles seraient refusées)."
        ),
        _(
            "Une valeur existante (même indicateur, territoire et date) est mise à "
            "jour ; sinon elle est créée. Les lignes vides sont ignorées."
        ),
        _(
            "Le fichier est entièrement vérifié avant tout enregistrement : en cas "
            "d’erreur, rien n’est importé."
        ),
    ):
        help_sheet.append([line])

    title(_("Colonnes"))
    help_sheet.append([_("colonne"), _("description"), _("saisie")])
    for cell in help_sheet[help_sheet.max_row]:
        cell.font = bold
    for header, required, description in HEADER_HELP:
        status = _("obligatoire") if required else _("facultatif")
        help_sheet.append([header, str(description), status])

    title(_("Niveaux de territoire"))
    help_sheet.append([_("niveau"), _("codes de territoire")])
    for cell in help_sheet[help_sheet.max_row]:
        cell.font = bold
    help_sheet.append(["national", _("FR (la France entière)")])
    help_sheet.append(["region", _("code INSEE de la région : 11, 76, 94…")])
    help_sheet.append(["departement", _("code INSEE du département : 01, 2A, 971…")])
    help_sheet.append(["qpv", _("code du quartier prioritaire : QP031001…")])

    title(_("Indicateurs"))
    help_sheet.append([_("code_indicateur"), _("nom"), _("unité"), _("périodicité")])
    for cell in help_sheet[help_sheet.max_row]:
        cell.font = bold
    for listed in Indicator.objects.order_by("code"):
        help_sheet.append(
            [
                neutralise(listed.code),
                neutralise(listed.name),
                neutralise(listed.unit),
                neutralise(str(listed.get_periodicity_display())),
            ]
        )

    title(_("Territoires"))
    help_sheet.append([_("niveau"), _("nom"), _("code_territoire")])
    for cell in help_sheet[help_sheet.max_row]:
        cell.font = bold
    level_order = list(LEVEL_LABELS)
    territories = sorted(
        Territory.objects.all(),
        key=lambda territory: (level_order.index(territory.kind), territory.code),
    )
    for territory in territories:
        help_sheet.append(
            [
                LEVEL_LABELS.get(territory.kind, territory.kind),
                neutralise(territory.name),
                neutralise(territory.code),
            ]
        )
        help_sheet.cell(help_sheet.max_row, 3).number_format = "@"

    return workbook_bytes(workbook)

"""The indicator values file: its sheets, columns and the words read in them.

Shared by the import (``parse``), its template (``template``) and the values
export (``measures.exports``), so that an export re-imports unchanged.
"""

from measures.models import Territory
from measures.models.indicators import Approximation

SHEET_NAME = "valeurs"
HELP_SHEET_NAME = "aide"

TEMPLATE_HEADERS = [
    "code_indicateur",
    "niveau",
    "code_territoire",
    "date",
    "valeur",
    "precision",
    "commentaire",
]
REQUIRED_HEADERS = TEMPLATE_HEADERS[:5]
OPTIONAL_HEADERS = TEMPLATE_HEADERS[5:]

# Level labels written in files, and the spellings accepted on import.
LEVEL_LABELS = {
    Territory.Kind.NATIONAL: "national",
    Territory.Kind.REGION: "region",
    Territory.Kind.DEPARTMENT: "departement",
    Territory.Kind.QPV: "qpv",
}
LEVEL_ALIASES = {
    "national": Territory.Kind.NATIONAL,
    "nationale": Territory.Kind.NATIONAL,
    "france": Territory.Kind.NATIONAL,
    "region": Territory.Kind.REGION,
    "regional": Territory.Kind.REGION,
    "departement": Territory.Kind.DEPARTMENT,
    "departemental": Territory.Kind.DEPARTMENT,
    "department": Territory.Kind.DEPARTMENT,
    "qpv": Territory.Kind.QPV,
    "quartier": Territory.Kind.QPV,
    "quartier prioritaire": Territory.Kind.QPV,
}

# Precision labels written in files, and the spellings accepted on import.
PRECISION_LABELS = {
    Approximation.EXACT: "",
    Approximation.ABOUT: "environ",
    Approximation.NEARLY: "près de",
    Approximation.MORE_THAN: "plus de",
}
PRECISION_ALIASES = {
    "": Approximation.EXACT,
    "exact": Approximation.EXACT,
    "exacte": Approximation.EXACT,
    "valeur exacte": Approximation.EXACT,
    "environ": Approximation.ABOUT,
    "pres de": Approximation.NEARLY,
    "plus de": Approximation.MORE_THAN,
}

# The comment of the template's example rows: such a row is refused, so that an
# example left in the file is never imported.
EXAMPLE_COMMENT = "EXEMPLE : ligne à supprimer avant l’import"

"""Reference data of the measures app, read from ``measures/data/`` (see PROVENANCE.md).

Every loader is idempotent: it creates what is missing and never overwrites what
editors may have changed since.
"""

import csv
import datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from .models import (
    QPV,
    DepartmentPage,
    Indicator,
    IndicatorValue,
    Ministry,
    PacteCommitment,
    PacteDijonPage,
    Periodicity,
    Territory,
    TerritoryIndexPage,
)
from .models.indicators import Approximation

DATA_DIR = Path(__file__).resolve().parent / "data"

STATUS_BY_LABEL = {
    "à lancer": "to_launch",
    "en cours de déploiement": "deploying",
    "atteinte": "achieved",
}
OPERATORS = {"ANRU", "Anah", "Bpifrance"}
MINISTRY_ALIASES = {"Cohésion des territoires (CGET)": "Cohésion des territoires"}
UNKNOWN_LEAD = "non précisé"
CIRCULAR_SOURCE = "Circulaire n° 6057/SG du 22 janvier 2019"


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
                "source": CIRCULAR_SOURCE,
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
                    "source": CIRCULAR_SOURCE,
                },
            )
        by_measure.setdefault(row["measure_ref"], []).append(indicator)
    return by_measure, created


PRECISIONS = {
    "": Approximation.EXACT,
    "près de": Approximation.NEARLY,
    "plus de": Approximation.MORE_THAN,
}
# Each indicator that indicator-history.csv names: the existing indicator it is, or
# the one to create (code, the measure it follows by subject, or its PAQTE axis).
HISTORY_INDICATORS = {
    "Élèves de CP et CE1 en classes dédoublées (REP/REP+)": {
        "code": "DEDOUBLEMENT-ELEVES"
    },
    "Enfants des QPV ayant bénéficié d'un dédoublement (cumul depuis 2017)": {
        "code": "DEDOUBLEMENT-ENFANTS-CUMUL",
        "measure": "E1",
    },
    "Offres de stages de 3e": {"code": "STAGES3-OFFRES"},
    "Projets NPNRU validés par l'ANRU": {"code": "NPNRU-PROJETS-VALIDES"},
    "Emplois francs signés": {"code": "EMPLOIS-FRANCS"},
    "Cités éducatives labellisées": {"code": "CITES-EDUCATIVES", "measure": "E3"},
    # The roadmap as a whole: no measure; shown among the home's key figures.
    "Part des 40 mesures mises en œuvre": {"code": "FDR-MESURES-PART"},
    # No measure of the 18 published is about discrimination testing.
    "Tests de discrimination à l'embauche publiés": {"code": "TESTS-DISCRIMINATION"},
    "Entreprises signataires du PAQTE": {
        "code": "ENTREPRISES-PAQTE",
        "measure": "J6",
    },
    "PAQTE Sensibiliser : jeunes des QPV sensibilisés au monde professionnel": {
        "code": "PAQTE-SENSIBILISER-JEUNES",
        "axis": "sensibiliser",
    },
    "PAQTE Former : jeunes accueillis en stage ou en alternance": {
        "code": "PAQTE-FORMER-JEUNES",
        "axis": "former",
    },
    "PAQTE Recruter : salariés sensibilisés aux biais de recrutement": {
        "code": "PAQTE-RECRUTER-SALARIES",
        "axis": "recruter",
    },
}
# Who published each figure, by the address the file gives.
HISTORY_SOURCES = {
    "fr.readkong.com": "Gouvernement, livret « La grande équipe de la réussite "
    "républicaine », 1 an après (13 juin 2019)",
    "territorial.zepros.fr": "Bilan présenté au Conseil des ministres du 26 février "
    "2020, rapporté par Zepros Territorial",
    "banquedesterritoires.fr": "Premier bilan national du PAQTE (20 février 2019), "
    "rapporté par la Banque des Territoires",
    "prij.fr": "Bilan national du PAQTE (avril 2021), rapporté par le PRIJ",
}
# The file's notes are in English and for us: what visitors read is written here.
HISTORY_COMMENTS = {
    ("DEDOUBLEMENT-ELEVES", "2019-06-13"): "Le livret annonce 300 000 élèves à la "
    "rentrée suivante.",
    ("DEDOUBLEMENT-ENFANTS-CUMUL", "2020-02-26"): "Cumul sur deux ans et demi : "
    "à ne pas confondre avec les élèves d’une année scolaire.",
    ("STAGES3-OFFRES", "2019-06-13"): "Année scolaire 2018-2019.",
    ("CITES-EDUCATIVES", "2020-02-26"): "Annonce de 80 cités éducatives "
    "(200 000 enfants concernés, 100 M€).",
    ("FDR-MESURES-PART", "2019-01-22"): "Calculé : 26 mesures sur 40.",
    ("ENTREPRISES-PAQTE", "2021-04-20"): "Dans 67 départements.",
}
ALREADY_LOADED = "already loaded"


def history_source(address):
    """(label, url) of a row's source: the circular, or a web page."""
    if not address.startswith("http"):
        return CIRCULAR_SOURCE, ""
    host = urlsplit(address).hostname or ""
    host = host.removeprefix("www.")
    return HISTORY_SOURCES.get(host, host), address


def load_indicator_history():
    """Every dated value of ``indicator-history.csv``, credited to its own source.

    Creates the indicators it names that are missing (with the file's wording and
    unit; periodicity, target and producer left empty, as the sources do not give
    them) and the values that are missing (one per indicator and date); an
    existing value, edited or not, is left as it is. The rows that repeat the
    circular's values (« already loaded ») are the circular loader's: never loaded
    twice. Returns the indicators created in this run, by measure reference and by
    PAQTE axis code, and the number of values created.
    """
    national = Territory.national()
    by_code = Indicator.objects.in_bulk(
        [entry["code"] for entry in HISTORY_INDICATORS.values()], field_name="code"
    )
    created = {"measures": {}, "axes": {}, "indicators": [], "values": 0}
    for row in read_csv("indicator-history.csv"):
        entry = HISTORY_INDICATORS[row["indicator"]]
        indicator = by_code.get(entry["code"])
        if indicator is None:
            indicator = Indicator.objects.create(
                code=entry["code"],
                name=row["indicator"],
                unit=row["unit"],
                periodicity=Periodicity.UNKNOWN,
            )
            by_code[indicator.code] = indicator
            created["indicators"].append(indicator)
            if "measure" in entry:
                created["measures"].setdefault(entry["measure"], []).append(indicator)
            if "axis" in entry:
                created["axes"].setdefault(entry["axis"], []).append(indicator)
        if row["note"] == ALREADY_LOADED:
            continue
        source, source_url = history_source(row["source_url"])
        _, was_created = IndicatorValue.objects.get_or_create(
            indicator=indicator,
            territory=national,
            date=datetime.date.fromisoformat(row["date"]),
            defaults={
                "value": Decimal(row["value"]),
                "approximation": PRECISIONS[row["precision"]],
                "source": source,
                "source_url": source_url,
                "source_quote": row["source_says"],
                "comment": HISTORY_COMMENTS.get((entry["code"], row["date"]), ""),
            },
        )
        created["values"] += was_created
    return created


QPV_STATISTICS_SOURCE = (
    "INSEE (démographie 2015, revenus 2017), fichier des 105 QPV d’Occitanie "
    "(ToulouseDataViz/Hackaviz2021)"
)
QPV_TEXT_COLUMNS = {"code_qp", "nom_qp", "nom_commune"}
TERRITORY_INDEX_SUMMARY = (
    "Les départements, leurs quartiers prioritaires (QPV), leurs contrats de ville "
    "prolongés jusqu’en 2022 et la rénovation de ces contrats par un protocole "
    "d’engagements renforcés et réciproques, attendue avant fin juillet 2019."
)
PACTE_SUMMARY = (
    "Les engagements réciproques des agglomérations et métropoles et de l’État, "
    "signés par le Premier ministre le 10 juillet 2018 (annexe 4 de la circulaire), "
    "et les protocoles des contrats de ville qui les déclinent."
)


def department_code_of_qpv(code):
    """« QP031001 » → « 31 », « QP02A001 » → « 2A », « QP971001 » → « 971 »."""
    part = code[2:5].upper()
    return part[1:] if part.startswith("0") else part


def statistic_value(text):
    """A number from the INSEE file ("" → None; « 12 » → 12; « 4.5 » → 4.5)."""
    text = (text or "").strip()
    if not text:
        return None
    number = Decimal(text)
    return int(number) if number == number.to_integral_value() else float(number)


def qpv_geometries():
    import json

    data = json.loads((DATA_DIR / "qpv-occitanie.geojson").read_text(encoding="utf-8"))
    return {
        feature["properties"]["code_qp"]: feature["geometry"]
        for feature in data["features"]
    }


def load_qpv():
    """The 105 QPV of Occitanie with their INSEE figures and contours."""
    existing = set(
        Territory.objects.filter(kind=Territory.Kind.QPV).values_list("code", flat=True)
    )
    rows = [
        row for row in read_csv("qpv-occitanie.csv") if row["code_qp"] not in existing
    ]
    if not rows:
        return 0
    departments = {
        department.code: department
        for department in Territory.objects.filter(kind=Territory.Kind.DEPARTMENT)
    }
    geometries = qpv_geometries()
    for row in rows:
        territory = Territory.objects.create(
            kind=Territory.Kind.QPV,
            code=row["code_qp"],
            name=row["nom_qp"],
            parent=departments[department_code_of_qpv(row["code_qp"])],
        )
        statistics = {
            column: statistic_value(value)
            for column, value in row.items()
            if column not in QPV_TEXT_COLUMNS
        }
        QPV.objects.create(
            territory=territory,
            communes=row["nom_commune"],
            population=statistics.get("pop_mun"),
            jobseekers=statistics.get("abcde"),
            statistics=statistics,
            statistics_source=QPV_STATISTICS_SOURCE,
            geometry=geometries.get(row["code_qp"]),
        )
    return len(rows)


def load_pacte():
    """Every commitment of the pacte de Dijon (measures/data/pacte-de-dijon.csv)."""
    existing = set(PacteCommitment.objects.values_list("reference", flat=True))
    created = 0
    for row in read_csv("pacte-de-dijon.csv"):
        if row["reference"] in existing:
            continue
        PacteCommitment.objects.create(
            reference=row["reference"],
            theme=row["theme"],
            party=row["party"],
            position=int(row["reference"].split("-")[1][1:]),
            text=row["text"],
        )
        created += 1
    return created


def _publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def load_territory_pages(home):
    """/territoires/, the pacte de Dijon page and one page per department."""
    from django.utils.text import slugify

    created = 0
    index = TerritoryIndexPage.objects.first()
    if index is None:
        index = _publish_child(
            home,
            TerritoryIndexPage(
                title="Territoires",
                slug="territoires",
                show_in_menus=True,
                summary=TERRITORY_INDEX_SUMMARY,
            ),
        )
        created += 1
    if not PacteDijonPage.objects.exists():
        _publish_child(
            index,
            PacteDijonPage(
                title="Le pacte de Dijon", slug="pacte-de-dijon", summary=PACTE_SUMMARY
            ),
        )
        created += 1
    with_page = set(DepartmentPage.objects.values_list("department_id", flat=True))
    for department in Territory.objects.filter(kind=Territory.Kind.DEPARTMENT).order_by(
        "code"
    ):
        if department.pk in with_page:
            continue
        _publish_child(
            index,
            DepartmentPage(
                title=department.name,
                slug=slugify(department.name.replace("'", " ")),
                department=department,
            ),
        )
        created += 1
    return created


def load_territorial_content(home):
    """Territorial content (QPV, pacte de Dijon, territories' pages) under ``home``.

    Returns the counts of created objects; creates only what is missing.
    """
    from collections import Counter

    counts = Counter()
    counts["QPV"] += load_qpv()
    counts["engagements du pacte de Dijon"] += load_pacte()
    counts["pages"] += load_territory_pages(home)
    return counts

"""The prefect's synthesis (circular n° 6057/SG: « une synthèse de cinq pages »,
due by 15 March), generated for one department from the published data.

``build_synthesis(department)`` gathers the data (a handful of queries); the
admin views render it as a printable HTML page and as a .docx (python-docx).
"""

import io
from collections import OrderedDict

from django.utils import timezone

from wagtail import hooks

from cms.admin_listings import with_unit
from cms.text import strip_control_characters
from measures.department_figures import department_figures
from measures.models import (
    RENOVATION_DEADLINE,
    ContractPage,
    DepartmentPage,
    IndicatorTarget,
    IndicatorValue,
    ProtocolCommitment,
    RenovationState,
)
from measures.models.territorial import attach_protocols

# Other apps add sections (PAQTE...) through this hook: each function receives the
# department (a Territory) and returns a list of sections, each a dict
# ``{"title", "paragraphs": [str], "tables": [{"caption", "headers", "rows"}]}``
# rendered alike in the HTML page and the .docx, after the circular's four.
SYNTHESIS_SECTIONS_HOOK = "quartiers_synthesis_sections"

DOCX_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
DUE_DATE_LABEL = "15 mars"
REPUBLIC = "République française"
MOTTO = "Liberté Égalité Fraternité"
CIRCULAR = "circulaire du Premier ministre n° 6057/SG du 22 janvier 2019"


def indicator_section(department):
    """The latest value of each indicator known for the department, with its
    unit, date and the department's target where one is set."""
    values = {}
    for value in (
        IndicatorValue.objects.filter(territory=department)
        .select_related("indicator")
        .order_by("indicator__code", "-date", "-pk")
    ):
        values.setdefault(value.indicator_id, value)
    targets = {
        target.indicator_id: target
        for target in IndicatorTarget.objects.filter(territory=department)
    }
    rows = []
    for value in values.values():
        target = targets.get(value.indicator_id)
        rows.append(
            [
                value.indicator.name,
                value.value_display,
                _date(value.date),
                with_unit(target.value, value.indicator.unit) if target else "—",
            ]
        )
    section = {
        "key": "indicators",
        "title": "Indicateurs de la feuille de route dans le département",
        "paragraphs": [],
        "tables": [],
    }
    if rows:
        section["tables"].append(
            {
                "caption": "Dernière valeur connue de chaque indicateur",
                "headers": ["Indicateur", "Valeur", "Au", "Cible du département"],
                "rows": rows,
            }
        )
    else:
        section["paragraphs"].append(
            "Aucune valeur d’indicateur saisie ou importée pour ce département."
        )
    return section


def extra_sections(department):
    """The sections computed here and those other apps contribute (see hook)."""
    sections = [indicator_section(department)]
    for contribute in hooks.get_hooks(SYNTHESIS_SECTIONS_HOOK):
        sections.extend(contribute(department) or [])
    return sections


def build_synthesis(department):
    page = DepartmentPage.objects.filter(department=department).first()
    contracts = []
    unpublished = 0
    if page is not None:
        contracts = attach_protocols(
            ContractPage.objects.live()
            .descendant_of(page)
            .prefetch_related("qpvs")
            .order_by("path"),
            ancestor=page,
        )
        unpublished = (
            ContractPage.objects.descendant_of(page).filter(live=False).count()
        )
    protocol_ids = [c.protocol.pk for c in contracts if c.protocol]
    commitments = list(
        ProtocolCommitment.objects.filter(page_id__in=protocol_ids)
        .select_related("pacte_commitment", "indicator", "target_territory")
        .prefetch_related("measures")
        .order_by("page_id", "sort_order")
    )
    by_protocol = {}
    for commitment in commitments:
        by_protocol.setdefault(commitment.page_id, []).append(commitment)
    pacte = OrderedDict()
    measures = OrderedDict()
    for contract in contracts:
        contract.commitments = (
            by_protocol.get(contract.protocol.pk, []) if contract.protocol else []
        )
        for commitment in contract.commitments:
            if commitment.pacte_commitment:
                entry = pacte.setdefault(
                    commitment.pacte_commitment.pk,
                    {"commitment": commitment.pacte_commitment, "contracts": []},
                )
                if contract.title not in entry["contracts"]:
                    entry["contracts"].append(contract.title)
            for measure in commitment.measures.all():
                entry = measures.setdefault(
                    measure.pk, {"measure": measure, "contracts": []}
                )
                if contract.title not in entry["contracts"]:
                    entry["contracts"].append(contract.title)
    figures = department_figures(department.pk)
    states = dict.fromkeys(RenovationState, 0)
    for contract in contracts:
        states[contract.renovation_state] += 1
    return {
        "department": department,
        "page": page,
        "generated_on": timezone.localdate(),
        "circular": CIRCULAR,
        "due_date": DUE_DATE_LABEL,
        "deadline": RENOVATION_DEADLINE,
        "contracts": contracts,
        "unpublished": unpublished,
        "qpv_count": figures.qpv_count,
        "population": figures.population,
        "jobseekers": figures.jobseekers,
        "pru": page.national_interest_pru if page else None,
        "pacte": list(pacte.values()),
        "measures": list(measures.values()),
        "states": [
            {"label": state.label, "count": count} for state, count in states.items()
        ],
        "difficulties": [c for c in contracts if c.difficulties.strip()],
        "sections": extra_sections(department),
        "first_extra_number": 5,
    }


def _figure(value):
    from cms.templatetags.cms_tags import figure

    return figure(value) if value is not None else "non renseigné"


def _qpv_sum(qpv_sum):
    """« 12 345 (2 QPV sans donnée) », or « non renseigné »."""
    text = _figure(qpv_sum.total)
    return f"{text} ({qpv_sum.note})" if qpv_sum.note else text


def _date(value):
    return value.strftime("%d/%m/%Y") if value else "non renseignée"


def _clean(text):
    """Text as python-docx takes it: control characters (stored before they were
    cleaned on input) would make it raise; line breaks and tabs are kept."""
    return strip_control_characters(str(text), multiline=True)


def _paragraph(document, text="", style=None):
    return document.add_paragraph(_clean(text), style=style)


def _heading(document, text, level):
    return document.add_heading(_clean(text), level=level)


def build_docx(data):
    """The synthesis as .docx bytes."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = Document()
    for section in document.sections:  # A4, 2 cm margins
        section.page_width = Cm(21)
        section.page_height = Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)
    document.core_properties.title = _clean(
        f"Synthèse du préfet — {data['department'].name} ({data['department'].code})"
    )
    document.core_properties.language = "fr-FR"
    style = document.styles["Normal"]
    style.font.name = "Marianne"
    style.font.size = Pt(10)

    department = data["department"]
    # The State's block: « République française » and its motto.
    block = _paragraph(document)
    block.alignment = WD_ALIGN_PARAGRAPH.LEFT
    run = block.add_run(REPUBLIC)
    run.bold = True
    run.font.all_caps = True
    run.font.size = Pt(12)
    motto = _paragraph(document)
    run = motto.add_run(MOTTO)
    run.italic = True
    _paragraph(document, f"Préfecture — {department.name} ({department.code})")
    _heading(
        document, f"Synthèse du préfet — {department.name} ({department.code})", level=0
    )
    _paragraph(
        document,
        f"Mobilisation nationale pour les habitants des quartiers : synthèse "
        f"demandée par la {data['circular']}, à transmettre d’ici au "
        f"{data['due_date']}. Document généré le {_date(data['generated_on'])} à "
        f"partir des contrats de ville publiés sur le site.",
    )
    if data["unpublished"]:
        _paragraph(
            document,
            f"{data['unpublished']} contrat(s) de ville en cours de rédaction, non "
            f"encore publié(s), n’y figure(nt) pas.",
        )

    _heading(document, "Éléments de contexte", level=1)
    for label, value in (
        ("Quartiers prioritaires (QPV) connus du site", _figure(data["qpv_count"])),
        ("Population des QPV", _qpv_sum(data["population"])),
        (
            "Demandeurs d’emploi en fin de mois (DEFM) dans les QPV",
            _qpv_sum(data["jobseekers"]),
        ),
        ("PRU d’intérêt national", _figure(data["pru"])),
    ):
        _paragraph(document, f"{label} : {value}", style="List Bullet")

    _heading(document, "1. Démarches engagées", level=1)
    if not data["contracts"]:
        _paragraph(document, "Aucun contrat de ville publié pour ce département.")
    for contract in data["contracts"]:
        _heading(document, contract.title, level=2)
        _paragraph(
            document,
            f"EPCI : {contract.epci or 'non renseigné'} ; quartiers couverts : "
            + (", ".join(q.name for q in contract.qpvs.all()) or "non renseignés")
            + ".",
        )
        _paragraph(document, contract.steps_taken or "Démarches : non renseignées.")

    _heading(
        document,
        "2. Mesures de la feuille de route et engagements du pacte de Dijon déclinés "
        "dans les contrats de ville",
        level=1,
    )
    _heading(document, "Mesures de la feuille de route", level=2)
    if not data["measures"]:
        _paragraph(document, "Aucune mesure rattachée à un engagement.")
    for entry in data["measures"]:
        _paragraph(
            document,
            f"{entry['measure'].title} — {', '.join(entry['contracts'])}",
            style="List Bullet",
        )
    _heading(document, "Engagements du pacte de Dijon", level=2)
    if not data["pacte"]:
        _paragraph(document, "Aucun engagement du pacte de Dijon décliné.")
    for entry in data["pacte"]:
        _paragraph(
            document,
            f"{entry['commitment'].reference} : {entry['commitment'].display_text} "
            f"({entry['commitment'].party_label}) — {', '.join(entry['contracts'])}",
            style="List Bullet",
        )
    for contract in data["contracts"]:
        if not contract.commitments:
            continue
        _heading(document, f"Engagements du protocole — {contract.title}", level=2)
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells,
            ("Qui s’engage", "Engagement", "Échéance", "Indicateur et cible"),
            strict=True,
        ):
            cell.text = _clean(text)
        for commitment in contract.commitments:
            cells = table.add_row().cells
            cells[0].text = _clean(str(commitment.get_party_display()))
            cells[1].text = _clean(commitment.description)
            cells[2].text = _clean(_date(commitment.due_date))
            target = ""
            if commitment.indicator:
                target = commitment.indicator.name
                if commitment.target_value is not None:
                    target += f" — cible {_figure(commitment.target_value)}"
            cells[3].text = _clean(target or "non renseigné")

    _heading(document, "3. Échéance de rénovation des contrats", level=1)
    _paragraph(
        document,
        f"Échéance fixée par la circulaire : {_date(data['deadline'])}. "
        + " ; ".join(f"{s['label']} : {s['count']}" for s in data["states"])
        + ".",
    )
    if data["contracts"]:
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells,
            ("Contrat de ville", "Protocole", "État au regard de l’échéance"),
            strict=True,
        ):
            cell.text = _clean(text)
        for contract in data["contracts"]:
            cells = table.add_row().cells
            cells[0].text = _clean(contract.title)
            protocol = contract.protocol
            cells[1].text = _clean(
                f"{protocol.get_status_display()}"
                + (
                    f", signé le {_date(protocol.signature_date)}"
                    if protocol.signature_date
                    else ""
                )
                if protocol
                else "aucun protocole publié"
            )
            cells[2].text = _clean(str(contract.renovation_label))

    _heading(document, "4. Difficultés rencontrées", level=1)
    if not data["difficulties"]:
        _paragraph(document, "Aucune difficulté signalée dans les contrats de ville.")
    for contract in data["difficulties"]:
        paragraph = _paragraph(document)
        paragraph.add_run(_clean(f"{contract.title} : ")).bold = True
        paragraph.add_run(_clean(contract.difficulties))

    for number, section in enumerate(
        data["sections"], start=data["first_extra_number"]
    ):
        _heading(document, f"{number}. {section['title']}", level=1)
        for paragraph in section["paragraphs"]:
            _paragraph(document, str(paragraph))
        for table_data in section["tables"]:
            _heading(document, str(table_data["caption"]), level=2)
            table = document.add_table(rows=1, cols=len(table_data["headers"]))
            table.style = "Table Grid"
            for cell, text in zip(
                table.rows[0].cells, table_data["headers"], strict=True
            ):
                cell.text = _clean(str(text))
            for row in table_data["rows"]:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = _clean(str(text))

    output = io.BytesIO()
    document.save(output)
    return output.getvalue()

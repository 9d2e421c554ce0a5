"""Gaps of the measures app for the « À compléter » report (``cms.completeness``).

Registered in ``measures.wagtail_hooks``. Each check reads its objects in a few
queries and yields gaps through ``finder.gap_for``, which keeps only what the user
may edit.
"""

from django.db.models import Count
from django.utils.translation import gettext as _

from .models import (
    QPV,
    ContractPage,
    DepartmentPage,
    Indicator,
    MeasurePage,
    PacteCommitment,
    RenovationProtocolPage,
)


def department_gaps(finder):
    pages = list(
        DepartmentPage.objects.live()
        .select_related("department")
        .only(
            "title",
            "path",
            "depth",
            "content_type",
            "department",
            "national_interest_pru",
        )
        .order_by("department__code")
    )
    contract_paths = list(ContractPage.objects.live().values_list("path", flat=True))
    qpv_counts = dict(
        QPV.objects.values_list("territory__parent_id").annotate(n=Count("pk"))
    )
    for page in pages:
        missing = []
        if not any(path.startswith(page.path) for path in contract_paths):
            missing.append(_("contrats de ville"))
        if not qpv_counts.get(page.department_id):
            missing.append(_("quartiers prioritaires (import du fichier des QPV)"))
        if page.national_interest_pru is None:
            missing.append(_("nombre de PRU d’intérêt national"))
        yield finder.gap_for(
            page, missing, where=f"{page.department.name} ({page.department.code})"
        )


def measure_gaps(finder):
    measures = (
        MeasurePage.objects.live()
        .defer_streamfields()
        .annotate(indicator_count=Count("measure_indicators"))
        .order_by("number", "path")
    )
    for measure in measures:
        missing = []
        if not measure.indicator_count:
            missing.append(_("indicateur"))
        if measure.progress is None:
            missing.append(_("progression"))
        if measure.launch_date is None:
            missing.append(_("date de lancement"))
        if measure.target_date is None:
            missing.append(_("échéance"))
        yield finder.gap_for(measure, missing)


def contract_gaps(finder):
    contracts = list(ContractPage.objects.live().defer_streamfields().order_by("path"))
    protocols = list(
        RenovationProtocolPage.objects.live().defer_streamfields().order_by("path")
    )
    protocol_parents = {protocol.path[:-4] for protocol in protocols}
    for contract in contracts:
        missing = []
        if contract.path not in protocol_parents:
            missing.append(_("protocole d’engagements renforcés et réciproques"))
        if not contract.epci:
            missing.append(_("EPCI porteur"))
        if contract.signature_date is None:
            missing.append(_("date de signature"))
        yield finder.gap_for(contract, missing)
    commitment_counts = dict(
        RenovationProtocolPage.objects.live()
        .annotate(n=Count("commitments"))
        .values_list("pk", "n")
    )
    for protocol in protocols:
        missing = [
            label
            for name, label in (
                ("global_approach", _("approche globale")),
                ("territorial_differentiation", _("différenciation territoriale")),
                ("accountability", _("responsabilisation et évaluation")),
            )
            if not getattr(protocol, name)
        ]
        if not commitment_counts.get(protocol.pk):
            missing.append(_("engagements réciproques"))
        yield finder.gap_for(protocol, missing)


def indicator_gaps(finder):
    indicators = (
        Indicator.objects.annotate(value_count=Count("values"))
        .select_related("producer")
        .order_by("code")
    )
    for indicator in indicators:
        missing = []
        if not indicator.value_count:
            missing.append(_("valeurs"))
        if not indicator.source:
            missing.append(_("source"))
        if not indicator.unit:
            missing.append(_("unité"))
        if indicator.national_target is None:
            missing.append(_("cible nationale"))
        yield finder.gap_for(
            indicator,
            missing,
            title=f"{indicator.code} — {indicator.name}",
            where=str(indicator.producer or ""),
        )


def pacte_gaps(finder):
    commitments = PacteCommitment.objects.annotate(
        protocols=Count("protocol_commitments")
    ).filter(protocols=0)
    for commitment in commitments:
        yield finder.gap_for(
            commitment,
            [_("déclinaison dans un protocole de contrat de ville")],
            title=str(commitment),
        )


def measures_gaps(finder):
    yield from measure_gaps(finder)
    yield from indicator_gaps(finder)
    yield from department_gaps(finder)
    yield from contract_gaps(finder)
    yield from pacte_gaps(finder)

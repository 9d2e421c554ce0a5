"""What the map of /territoires/ can show, and how its values fall into classes.

A ``MapMeasure`` gives one figure per department. ``measures`` defines the ones it
owns (QPV, contrats de ville, protocols, indicators with departmental values);
other apps add theirs through the hook ``quartiers_department_measures``: each
function receives the request and returns a list of ``MapMeasure`` (``measures``
never imports them). Only the chosen measure's ``values`` is called, so a page
costs the same queries whatever the number of measures offered.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from cms.templatetags.cms_tags import figure

MEASURES_HOOK = "quartiers_department_measures"
INDICATOR_PREFIX = "indicateur-"
MAX_CLASSES = 4
# The palette's steps (q-choro--1 lightest to q-choro--4 darkest) used for n
# classes: spread out, so that two classes never sit on neighbouring steps.
PALETTE_STEPS = {1: [3], 2: [2, 4], 3: [1, 3, 4], 4: [1, 2, 3, 4]}


@dataclass
class MapMeasure:
    """One figure per department that the map can show.

    ``values()`` returns {department territory id: number}. A department absent
    from it is counted as 0 when ``counts`` and ``missing_is_zero`` (the platform
    holds every such object: none published is a fact), "non renseigné" otherwise.
    """

    key: str
    label: str
    caption: str
    values: Callable[[], dict]
    source: str
    empty_message: str
    counts: bool = True
    missing_is_zero: bool = True
    unit: str = ""
    unit_plural: str = ""
    zero_label: str = ""
    missing_label: str = _("Donnée non disponible")
    order: int = 100
    notes: list = field(default_factory=list)

    def value_label(self, value):
        if value is None:
            return str(self.missing_label)
        if self.counts and not value:
            return str(self.zero_label)
        unit = self.unit_plural if self.unit_plural and abs(value) >= 2 else self.unit
        return f"{figure(value)} {unit}".strip()


def classify(values, counts=True, max_classes=MAX_CLASSES):
    """Classes of ``values`` (an iterable of numbers): [{"low", "high", "rank"}].

    ``rank`` is the palette step of the class (1 lightest to 4 darkest).

    Up to ``max_classes`` classes of nearly equal numbers of departments, each a
    range of values actually present; a class never splits one value. For counts,
    0 is left out (it has a class of its own).
    """
    numbers = sorted(
        Decimal(str(v)) for v in values if v is not None and (v or not counts)
    )
    distinct = sorted(set(numbers))
    if not distinct:
        return []
    if len(distinct) <= max_classes:
        groups = [[value] for value in distinct]
    else:
        target = len(numbers) / max_classes
        groups, current, taken = [], [], 0
        for value in distinct:
            current.append(value)
            taken += numbers.count(value)
            remaining_classes = max_classes - len(groups) - 1
            remaining_values = len(distinct) - distinct.index(value) - 1
            if remaining_classes and (
                taken >= target * (len(groups) + 1)
                or remaining_values == remaining_classes
            ):
                groups.append(current)
                current = []
        if current:
            groups.append(current)
    steps = PALETTE_STEPS[len(groups)]
    return [
        {"low": group[0], "high": group[-1], "rank": step}
        for step, group in zip(steps, groups, strict=True)
    ]


def class_of(value, classes, counts=True):
    """The CSS class suffix of ``value``: "none", "zero" or the rank of its class."""
    if value is None:
        return "none"
    if counts and not value:
        return "zero"
    value = Decimal(str(value))
    for item in classes:
        if item["low"] <= value <= item["high"]:
            return str(item["rank"])
    return "none"


def class_label(item, measure):
    if item["low"] == item["high"]:
        return measure.value_label(item["low"])
    return _("de %(low)s à %(high)s") % {
        "low": figure(item["low"]),
        "high": measure.value_label(item["high"]),
    }


def _count_by_department(queryset, field_name):
    return dict(
        queryset.values_list(field_name).annotate(n=models.Count("pk")).order_by()
    )


def qpv_measure():
    from measures.models import Territory

    def values():
        """QPV per department; 0 where the department's region has QPV loaded
        (the files are regional or national), unknown elsewhere."""
        counts = _count_by_department(
            Territory.objects.filter(kind=Territory.Kind.QPV), "parent_id"
        )
        departments = list(
            Territory.objects.filter(kind=Territory.Kind.DEPARTMENT).values_list(
                "pk", "parent_id"
            )
        )
        regions = {region for pk, region in departments if pk in counts}
        return {
            pk: counts.get(pk, 0) for pk, region in departments if region in regions
        }

    return MapMeasure(
        key="qpv",
        label=_("Nombre de quartiers prioritaires (QPV)"),
        caption=_("Nombre de quartiers prioritaires (QPV) par département"),
        values=values,
        missing_is_zero=False,
        unit="QPV",
        zero_label=_("Aucun QPV"),
        missing_label=_("Donnée non disponible (QPV non encore chargés)"),
        source=_(
            "Liste des quartiers prioritaires chargée sur la plateforme (géographie "
            "2015) ; à ce jour, les 105 QPV de la région Occitanie."
        ),
        empty_message=_(
            "Aucun quartier prioritaire n’est encore chargé : la carte s’affichera "
            "avec l’import du fichier national des QPV. La liste officielle est "
            "publiée sur sig.ville.gouv.fr."
        ),
        order=10,
    )


def contract_measures():
    from measures.models import ContractPage, DepartmentPage, RenovationState
    from measures.models.territorial import attach_protocols

    def department_of_path():
        return dict(DepartmentPage.objects.values_list("path", "department_id"))

    def contracts():
        departments = department_of_path()
        counts = {}
        for path in ContractPage.objects.live().public().values_list("path", flat=True):
            department = departments.get(path[:-4])
            if department is not None:
                counts[department] = counts.get(department, 0) + 1
        return counts

    def protocols():
        departments = department_of_path()
        counts = {}
        signed = {RenovationState.ON_TIME, RenovationState.LATE}
        for contract in attach_protocols(
            ContractPage.objects.live().public().only("path")
        ):
            department = departments.get(contract.path[:-4])
            if department is not None and contract.renovation_state in signed:
                counts[department] = counts.get(department, 0) + 1
        return counts

    return [
        MapMeasure(
            key="contrats",
            label=_("Contrats de ville publiés"),
            caption=_("Nombre de contrats de ville publiés par département"),
            values=contracts,
            unit=_("contrat"),
            unit_plural=_("contrats"),
            zero_label=_("Aucun contrat publié"),
            source=_("Contrats de ville publiés sur la plateforme."),
            empty_message=_(
                "Aucun contrat de ville n’est encore publié sur la plateforme. "
                "En attendant, chaque page de département présente ses quartiers "
                "prioritaires."
            ),
            order=30,
        ),
        MapMeasure(
            key="protocoles",
            label=_("Protocoles d’engagements signés"),
            caption=_(
                "Nombre de protocoles d’engagements renforcés et réciproques signés "
                "par département"
            ),
            values=protocols,
            unit=_("protocole signé"),
            unit_plural=_("protocoles signés"),
            zero_label=_("Aucun protocole signé publié"),
            source=_(
                "Protocoles de rénovation des contrats de ville publiés sur la "
                "plateforme, signés dans les délais ou après l’échéance."
            ),
            empty_message=_(
                "Aucun protocole d’engagements signé n’est encore publié. La vue "
                "nationale de la rénovation des contrats de ville donne l’état "
                "d’avancement de chacun."
            ),
            order=40,
        ),
    ]


def indicator_measures():
    """One measure per indicator that has values for departments (1 query)."""
    from measures.models import Indicator, IndicatorValue, Territory

    indicators = (
        Indicator.objects.filter(
            pk__in=IndicatorValue.objects.filter(
                territory__kind=Territory.Kind.DEPARTMENT
            ).values("indicator_id")
        )
        .select_related("producer")
        .order_by("name")
    )
    result = []
    for indicator in indicators:

        def values(indicator=indicator):
            latest = {}
            for territory_id, value in (
                IndicatorValue.objects.filter(
                    indicator=indicator, territory__kind=Territory.Kind.DEPARTMENT
                )
                .order_by("territory_id", "-date")
                .values_list("territory_id", "value")
            ):
                latest.setdefault(territory_id, value)
            return latest

        source = indicator.source or _("Producteur : %(producer)s") % {
            "producer": indicator.producer or _("producteur non précisé")
        }
        result.append(
            MapMeasure(
                key=f"{INDICATOR_PREFIX}{indicator.code}",
                label=_("Indicateur : %(name)s") % {"name": indicator.name},
                caption=_("%(name)s, dernière valeur connue par département")
                % {"name": indicator.name},
                values=values,
                counts=False,
                unit=indicator.unit,
                source=_("%(source)s. Dernière valeur saisie pour chaque département.")
                % {"source": str(source).rstrip(".")},
                empty_message=_(
                    "Aucune valeur départementale n’est encore publiée pour cet "
                    "indicateur."
                ),
                order=90,
            )
        )
    return result


def available_measures(request):
    """Every measure the map offers, in order (its own, then other apps')."""
    measures = [qpv_measure(), *contract_measures()]
    for hook in hooks.get_hooks(MEASURES_HOOK):
        measures.extend(hook(request) or [])
    measures.extend(indicator_measures())
    return sorted(measures, key=lambda measure: measure.order)


def choropleth(measure, departments):
    """Classes, legend and one row per department for ``measure``.

    ``departments``: (code, name, territory id, url) for each department, in order.
    """
    raw = measure.values()
    values = {}
    for code, _name, territory_id, _url in departments:
        value = raw.get(territory_id)
        if value is None and measure.counts and measure.missing_is_zero:
            value = 0
        values[code] = value
    has_data = any(
        value is not None and (value or not measure.counts) for value in values.values()
    )
    classes = classify(values.values(), counts=measure.counts)
    rows = []
    for code, name, _territory_id, url in departments:
        value = values[code]
        rows.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "value": value,
                "label": measure.value_label(value),
                "css_class": class_of(value, classes, counts=measure.counts),
            }
        )
    present = {row["css_class"] for row in rows}
    legend = [
        {"css_class": str(item["rank"]), "label": class_label(item, measure)}
        for item in classes
    ]
    if "zero" in present:
        legend.insert(0, {"css_class": "zero", "label": str(measure.zero_label)})
    if "none" in present:
        legend.append({"css_class": "none", "label": str(measure.missing_label)})
    shown = [row for row in rows if row["css_class"] not in ("zero", "none")]
    others = [
        {
            "count": sum(1 for row in rows if row["css_class"] == css_class),
            "label": label,
        }
        for css_class, label in (
            ("zero", str(measure.zero_label)),
            ("none", str(measure.missing_label)),
        )
        if css_class in present
    ]
    return {
        "has_data": has_data,
        "rows": rows,
        "shown": shown,
        "others": others,
        "legend": legend,
    }

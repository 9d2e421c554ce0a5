from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.blocks import BaseStreamBlock


class KeyFigureBlock(blocks.StructBlock):
    """A figure taken live from an indicator: its latest national value, date, source.

    The figure is never typed in: editors choose the indicator, the page shows
    whatever its latest value is.
    """

    indicator = SnippetChooserBlock("measures.Indicator", label=_("Indicateur"))
    label = blocks.CharBlock(
        required=False,
        label=_("Libellé affiché"),
        help_text=_("Par défaut, le nom de l’indicateur."),
    )

    class Meta:
        icon = "table"
        label = _("Chiffre clé (indicateur)")
        template = "measures/blocks/key_figure_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        indicator = value["indicator"]
        figures = (parent_context or {}).get("key_figures")
        if indicator is not None:
            if figures is not None and indicator.pk in figures:
                indicator = figures[indicator.pk]
            else:
                from .models import Indicator

                indicator = (
                    Indicator.objects.with_latest()
                    .select_related("producer")
                    .get(pk=indicator.pk)
                )
        context["indicator"] = indicator
        return context


class MeasureStreamBlock(BaseStreamBlock):
    key_figure = KeyFigureBlock()


def key_figure_indicator_ids(*stream_values):
    """The ids of indicators that key figure blocks of these streams show."""
    ids = set()
    for stream in stream_values:
        for block in stream:
            if block.block_type == "key_figure" and block.value["indicator"]:
                ids.add(block.value["indicator"].pk)
    return ids


def key_figures_for(ids):
    """Indicators by id, annotated with their latest value, each with its national
    ``history`` (oldest first) for its trend: two queries."""
    from .models import Indicator, IndicatorValue, Territory

    if not ids:
        return {}
    figures = {
        indicator.pk: indicator
        for indicator in Indicator.objects.filter(pk__in=ids)
        .with_latest()
        .select_related("producer")
    }
    for indicator in figures.values():
        indicator.history = []
    values = (
        IndicatorValue.objects.filter(
            indicator__in=list(figures), territory__kind=Territory.Kind.NATIONAL
        )
        .order_by("date", "pk")
        .only("indicator_id", "date", "value", "approximation")
    )
    for value in values:
        figures[value.indicator_id].history.append(value)
    return figures

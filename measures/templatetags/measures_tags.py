from django import template
from django.utils.html import format_html, format_html_join

from cms.templatetags.cms_tags import figure

register = template.Library()

WIDTH, HEIGHT, MARGIN_TOP, MARGIN_BOTTOM, MARGIN_X = 640, 240, 24, 40, 16


@register.simple_tag
def history_chart(indicator):
    """An SVG bar chart of an indicator's national history (the table gives the data).

    Drawn on the server: no script, readable without CSS, described by its label.
    """
    values = [v for v in getattr(indicator, "history", []) if v.value is not None]
    if not values:
        return ""
    top = max(max(float(v.value) for v in values), 0) or 1.0
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = (WIDTH - 2 * MARGIN_X) / len(values)
    bar_width = max(min(slot * 0.6, 80), 2)
    bars = []
    for position, value in enumerate(values):
        height = max(float(value.value), 0) / top * plot_height
        x = MARGIN_X + position * slot + (slot - bar_width) / 2
        y = MARGIN_TOP + plot_height - height
        bars.append(
            (
                f"{x:.1f}",
                f"{y:.1f}",
                f"{bar_width:.1f}",
                f"{height:.1f}",
                f"{x + bar_width / 2:.1f}",
                f"{y - 6:.1f}",
                figure(value.value),
                f"{x + bar_width / 2:.1f}",
                f"{HEIGHT - MARGIN_BOTTOM + 16:.1f}",
                value.date.strftime("%m/%Y"),
            )
        )
    label = f"Évolution de l’indicateur « {indicator.name} » (valeurs nationales)"
    return format_html(
        '<svg class="q-chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'focusable="false"><line class="q-chart__axis" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        "{}</svg>",
        WIDTH,
        HEIGHT,
        label,
        MARGIN_X,
        WIDTH - MARGIN_X,
        HEIGHT - MARGIN_BOTTOM,
        HEIGHT - MARGIN_BOTTOM,
        format_html_join(
            "",
            '<rect class="q-chart__bar" x="{}" y="{}" width="{}" height="{}"/>'
            '<text x="{}" y="{}" text-anchor="middle">{}</text>'
            '<text x="{}" y="{}" text-anchor="middle">{}</text>',
            bars,
        ),
    )

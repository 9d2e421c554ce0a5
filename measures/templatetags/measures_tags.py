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


NBSP = "\u00a0"
TREND_WIDTH, TREND_HEIGHT, TREND_PAD = 160, 40, 4


@register.simple_tag
def figure_text(value, unit="", approximation=""):
    """« près de 190 000 élèves »: the precision, the number and its unit held
    together by non-breaking spaces (a figure never wraps away from its unit)."""
    from measures.models.indicators import APPROXIMATION_PREFIX

    if value is None:
        return "—"
    prefix = str(APPROXIMATION_PREFIX.get(approximation or "", ""))
    parts = [prefix.replace(" ", NBSP)] if prefix else []
    parts.append(figure(value))
    if unit:
        parts.append(unit)
    return NBSP.join(parts)


def _signed(number, unit):
    text = figure(abs(number))
    sign = "+" if number > 0 else "−"
    if unit == "%":
        return f"{sign}{text}{NBSP}point{'s' if abs(number) > 1 else ''}"
    return f"{sign}{text}"


MONTHS_SHORT = [
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
]


def _month(date):
    """« janv. 2019 » (the French abbreviations, held to their year)."""
    return f"{MONTHS_SHORT[date.month - 1]}{NBSP}{date.year}"


@register.simple_tag
def indicator_trend(indicator):
    """The trend of an indicator whose national ``history`` (oldest first) has two
    values or more: the previous value, the change since, and a small SVG line with
    its text alternative. ``None`` with fewer than two values."""
    values = [
        v for v in getattr(indicator, "history", None) or [] if v.value is not None
    ]
    if len(values) < 2:
        return None
    latest, previous = values[-1], values[-2]
    difference = latest.value - previous.value
    approximate = bool(latest.approximation or previous.approximation)
    since = _month(previous.date)
    if difference == 0:
        change = f"stable depuis {since}"
    else:
        change = f"{'environ ' if approximate else ''}{_signed(difference, indicator.unit)} depuis {since}"
    description = "Évolution : " + ", ".join(
        f"{figure_text(v.value, indicator.unit, v.approximation)} en {_month(v.date)}"
        for v in values
    )
    return {
        "previous": previous,
        "change": change,
        "description": description,
        "svg": _trend_svg(values, description),
    }


def _trend_svg(values, description):
    first, last = values[0].date, values[-1].date
    span = (last - first).days or 1
    low = min(float(v.value) for v in values)
    high = max(float(v.value) for v in values)
    height = (high - low) or 1.0
    points = []
    for value in values:
        x = TREND_PAD + (value.date - first).days / span * (TREND_WIDTH - 2 * TREND_PAD)
        if high == low:
            y = TREND_HEIGHT / 2
        else:
            y = (
                TREND_HEIGHT
                - TREND_PAD
                - (float(value.value) - low) / height * (TREND_HEIGHT - 2 * TREND_PAD)
            )
        points.append((f"{x:.1f}", f"{y:.1f}"))
    return format_html(
        '<svg class="q-trend" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'focusable="false"><polyline class="q-trend__line" points="{}"/>{}</svg>',
        TREND_WIDTH,
        TREND_HEIGHT,
        description,
        " ".join(f"{x},{y}" for x, y in points),
        format_html_join(
            "", '<circle class="q-trend__point" cx="{}" cy="{}" r="3"/>', points
        ),
    )

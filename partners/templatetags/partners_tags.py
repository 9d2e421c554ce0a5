from django import template

register = template.Library()


@register.filter
def frplural(value, suffixes="s"):
    """French plural: 0 and 1 are singular. ``{{ n|frplural }}``, ``{{ n|frplural:"al,aux" }}``."""
    singular, _, plural = (
        suffixes.rpartition(",") if "," in suffixes else ("", "", suffixes)
    )
    try:
        count = len(value) if hasattr(value, "__len__") else int(value)
    except (TypeError, ValueError):
        return singular
    return plural if abs(count) >= 2 else singular

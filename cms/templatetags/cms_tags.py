from decimal import Decimal

from django import template
from django.utils import numberformat

from wagtail.models import Site

register = template.Library()

NARROW_NBSP = "\u202f"


@register.filter
def figure(value):
    """A number written the French way: 190 000 ; 4,5 ; 10 (no trailing zeros)."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal):
        try:
            value = Decimal(str(value))
        except ArithmeticError:
            return value
    value = value.normalize()
    places = max(-value.as_tuple().exponent, 0)
    return numberformat.format(
        value,
        decimal_sep=",",
        decimal_pos=places,
        grouping=3,
        thousand_sep=NARROW_NBSP,
        force_grouping=True,
    )


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The pages shown in the main navigation: the home page's children in menus."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    current = context.get("page")
    items = site.root_page.get_children().live().public().in_menu().order_by("path")
    return [
        {
            "page": item,
            "url": item.get_url(request=request),
            "active": bool(current and current.path.startswith(item.path)),
        }
        for item in items
    ]


@register.simple_tag(takes_context=True)
def home_url(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page.get_url(request=request) if site else "/"


REQUIRED_PAGES = [
    ("sitemap_page", "Plan du site"),
    ("accessibility_page", None),
    ("legal_page", "Mentions légales"),
    ("privacy_page", "Données personnelles"),
]


@register.simple_tag(takes_context=True)
def required_page_links(context, site_settings):
    """The footer's required links (one query for the four pages)."""
    from wagtail.models import Page

    request = context.get("request")
    ids = {
        name: getattr(site_settings, f"{name}_id", None) for name, _ in REQUIRED_PAGES
    }
    pages = Page.objects.in_bulk([pk for pk in ids.values() if pk])
    links = []
    for name, label in REQUIRED_PAGES:
        page = pages.get(ids[name])
        if page is None or not page.live:
            continue
        if label is None:
            label = f"Accessibilité : {site_settings.accessibility_label}"
        links.append({"url": page.get_url(request=request), "label": label})
    return links


@register.simple_tag
def content_version():
    """Bumped on every publication or import: cached fragments vary on it."""
    from cms.cache import content_version as current

    return current()

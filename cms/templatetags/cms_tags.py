from decimal import Decimal

from django import template
from django.utils import numberformat, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from wagtail.models import Site

from cms import site as shell

register = template.Library()

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"


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


@register.filter(needs_autoescape=True)
def with_unit(value, unit, autoescape=True):
    """A figure and its unit joined by a non-breaking space: ``{{ n|figure|with_unit:unit }}``.

    The unit never wraps to the next line away from its number ("190 000 / élèves").
    An empty value stays empty; an empty unit leaves the value alone.
    """
    escape = conditional_escape if autoescape else str
    if value is None or value == "":
        return ""
    if not unit:
        return escape(value)
    return mark_safe(f"{escape(value)}{NBSP}{escape(unit)}")  # noqa: S308 (escaped)


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The main navigation after « Accueil »: label, URL and state of each entry.

    The site settings' « menu principal » gives the entries and their short labels
    (one query for its pages); without it, the home page's children shown in menus,
    under their titles.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    current = context.get("page")
    entries = _menu_entries(site, request)
    return [
        {
            "page": page,
            "label": label,
            "url": page.get_url(request=request),
            "active": bool(current and current.path.startswith(page.path)),
        }
        for page, label in entries
    ]


def _menu_entries(site, request):
    from wagtail.models import Page

    menu = shell.site_settings_model().load(request_or_site=request).main_menu
    items = [block.value for block in menu if block.value.get("page")]
    if not items:
        pages = site.root_page.get_children().live().public().in_menu()
        return [(page, page.title) for page in pages.order_by("path")]
    ids = [item["page"].pk for item in items]
    pages = Page.objects.live().public().in_bulk(ids)
    return [
        (pages[item["page"].pk], item["label"] or pages[item["page"].pk].title)
        for item in items
        if item["page"].pk in pages
    ]


@register.simple_tag(takes_context=True)
def site_settings(context):
    """The site settings (tagline, menus, footer) that an app registers
    (``cms.site``), read once per request."""
    return shell.site_settings(context.get("request"))


@register.simple_tag
def site_search():
    """The site search's ``url`` and ``suggestions_url`` (``cms.site``)."""
    return shell.site_search()


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


@register.simple_tag(takes_context=True)
def last_updated(context):
    """When the content of this page last changed, for « Mis à jour le … ».

    A view may give ``last_updated`` (the date of its data); otherwise the latest
    publication of the page or of any live page below it (an index is as recent as
    its newest item), and the page's ``data_updated_at()`` where it shows data
    entered outside pages (indicator values). None on views without a page.
    """
    if context.get("last_updated"):
        return context["last_updated"]
    page = context.get("page")
    if page is None or not getattr(page, "pk", None):
        return None
    from django.db.models import Max

    from wagtail.models import Page

    dates = [page.last_published_at]
    if page.numchild:
        dates.append(
            Page.objects.descendant_of(page)
            .live()
            .aggregate(latest=Max("last_published_at"))["latest"]
        )
    data_updated_at = getattr(page, "data_updated_at", None)
    if callable(data_updated_at):
        dates.append(data_updated_at())
    dates = [date for date in dates if date is not None]
    return timezone.localtime(max(dates)) if dates else None


@register.simple_tag
def content_version():
    """Bumped on every publication or import: cached fragments vary on it."""
    from cms.cache import content_version as current

    return current()


@register.simple_tag(takes_context=True)
def listing_key(context):
    """The visitor's filters and page number: a cached listing varies on them."""
    from cms.pagination import listing_key as key

    return key(context["request"])

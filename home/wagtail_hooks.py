from wagtail import hooks

from cms.completeness import COMPLETENESS_HOOK
from cms.ops.volume import BENCHMARK_PAGES_HOOK, VOLUME_DATA_HOOK


@hooks.register("register_site_settings_model")
def site_settings_model():
    """The settings the base template reads (tagline, menus, footer: cms.site)."""
    from .models import SiteSettings

    return SiteSettings


@hooks.register(VOLUME_DATA_HOOK)
def news_volume():
    from .volume import generate_news

    return [("actualités", generate_news, 90)]


@hooks.register(BENCHMARK_PAGES_HOOK)
def home_benchmark_pages():
    """The news listing, for the benchmark."""
    from .models import NewsIndexPage

    news = NewsIndexPage.objects.live().first()
    return [("actualités", news.url)] if news else []


@hooks.register(COMPLETENESS_HOOK)
def completeness_checks(finder):
    """Rapports → À compléter: the gaps of this app's pages and objects."""
    from home.completeness import required_page_gaps

    return required_page_gaps(finder)

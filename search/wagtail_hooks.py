from django.urls import path, reverse

from wagtail import hooks


@hooks.register("register_site_urls")
def search_urls():
    from . import views

    return [
        path("recherche/", views.search, name="search"),
        path("recherche/suggestions/", views.autocomplete, name="search_autocomplete"),
    ]


@hooks.register("register_site_search")
def site_search():
    """The header's search box and robots.txt (cms.site)."""
    return {
        "url": reverse("search"),
        "suggestions_url": reverse("search_autocomplete"),
    }

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SynonymSet


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


class SynonymSetViewSet(SnippetViewSet):
    model = SynonymSet
    icon = "list-ul"
    menu_label = _("Synonymes de la recherche")
    add_to_settings_menu = True
    list_display = ["__str__", "updated_at"]
    search_backend_name = None
    search_fields = ["terms"]
    ordering = ["terms"]


register_snippet(SynonymSetViewSet)

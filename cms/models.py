from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index


class BasePage(Page):
    """Fields shared by every public page type: a summary for listings and search."""

    summary = models.TextField(
        _("résumé"),
        blank=True,
        help_text=_(
            "Deux ou trois phrases, reprises dans les listes et les résultats."
        ),
    )

    search_fields = [*Page.search_fields, index.SearchField("summary")]
    api_fields = [APIField("summary")]
    # The page explorer lists children in site order (the menus' order), not by
    # latest revision; an index of dated items (news, practices) says otherwise.
    admin_default_ordering = "ord"
    content_panels = [*Page.content_panels, FieldPanel("summary")]

    class Meta:
        abstract = True

    def get_breadcrumb_data(self):
        """The DSFR breadcrumb: ancestors below the site root, then this page."""
        ancestors = self.get_ancestors().filter(depth__gt=2)
        return {
            "links": [{"url": page.url, "title": page.title} for page in ancestors],
            "current": self.title,
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumb_data"] = self.get_breadcrumb_data()
        return context

from django.core.cache import cache
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock, MenuItemBlock
from cms.cache import content_version
from cms.models import BasePage
from cms.pagination import lazy_page
from measures.blocks import KeyFigureBlock, key_figure_indicator_ids, key_figures_for
from measures.models import MeasurePage, ProgrammePage, RoadmapIndexPage
from measures.models.pages import status_rollup

NEWS_PAGE_SIZE = 12


class HomePage(BasePage):
    """The national dashboard."""

    key_figures = StreamField(
        [("key_figure", KeyFigureBlock())],
        blank=True,
        verbose_name=_("chiffres clés"),
        help_text=_("Chaque chiffre est la dernière valeur de l’indicateur choisi."),
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("key_figures"),
        FieldPanel("body"),
    ]
    api_fields = [*BasePage.api_fields, APIField("key_figures"), APIField("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("page d’accueil")

    def route(self, request, path_components):
        """Find a descendant by its full URL path in one query instead of one
        lookup per level; routable pages and anything else fall back to the walk."""
        if path_components:
            url_path = f"{self.url_path}{'/'.join(path_components)}/"
            page = (
                Page.objects.live()
                .filter(url_path=url_path, path__startswith=self.path)
                .specific()
                .first()
            )
            if page is not None:
                return page.route(request, [])
        return super().route(request, path_components)

    def roadmap_rollups(self):
        """The programmes with their measures counted by status, and the total."""
        programmes = list(ProgrammePage.objects.live().public().order_by("path"))
        measures = list(
            MeasurePage.objects.live()
            .public()
            .defer_streamfields()
            .only("path", "status", "progress")
        )

        def rollup_of(path=""):
            scoped = [m for m in measures if m.path.startswith(path)]
            return status_rollup(
                [m.status for m in scoped], [m.progress for m in scoped]
            )

        return {
            "programmes": [(p, rollup_of(p.path)) for p in programmes],
            "rollup": rollup_of(),
        }

    def get_context(self, request, *args, **kwargs):
        """Everything is computed lazily: fragments cached in the template
        (``{% wagtailpagecache %}``) skip their queries."""
        context = super().get_context(request, *args, **kwargs)
        rollups = SimpleLazyObject(self.roadmap_rollups)
        context["programmes"] = SimpleLazyObject(lambda: rollups["programmes"])
        context["rollup"] = SimpleLazyObject(lambda: rollups["rollup"])
        context["roadmap"] = SimpleLazyObject(
            lambda: RoadmapIndexPage.objects.live().first()
        )
        context["key_figures"] = SimpleLazyObject(
            lambda: key_figures_for(key_figure_indicator_ids(self.key_figures))
        )
        context["latest_news"] = SimpleLazyObject(
            lambda: list(
                NewsPage.objects.live()
                .public()
                .defer_streamfields()
                .order_by("-date", "-pk")[:3]
            )
        )
        context["news_index"] = SimpleLazyObject(
            lambda: NewsIndexPage.objects.live().first()
        )
        context["mobilisation_days"] = SimpleLazyObject(self.mobilisation_days)
        context["good_practices"] = SimpleLazyObject(self.latest_good_practices)
        return context

    def latest_good_practices(self):
        """The three latest published good practices and their index."""
        from partners.models import GoodPracticeIndexPage, GoodPracticePage

        return {
            "latest": list(
                GoodPracticePage.objects.live()
                .public()
                .select_related("department")
                .order_by("-first_published_at", "-pk")[:3]
            ),
            "index": GoodPracticeIndexPage.objects.live().public().first(),
        }

    def mobilisation_days(self):
        """The PAQTE days to come (at most 3) and the page that lists them all."""
        from partners.models import MobilisationDayIndexPage

        index = MobilisationDayIndexPage.objects.live().public().first()
        if index is None:
            return {"index": None, "upcoming": []}
        return {"index": index, "upcoming": index.split_days()[0][:3]}


class StandardPage(BasePage):
    """A page of text: the circular, its annexes, the legal pages."""

    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    api_fields = [*BasePage.api_fields, APIField("body")]

    class Meta:
        verbose_name = _("page standard")


class NewsIndexPage(RoutablePageMixin, BasePage):
    """The news listing, with its RSS feed at ``rss/``."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    max_count = 1
    admin_default_ordering = "-latest_revision_created_at"  # newest first

    class Meta:
        verbose_name = _("liste des actualités")

    def get_news(self):
        return (
            NewsPage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .order_by("-date", "-pk")
        )

    @path("")
    def index_route(self, request):
        # Lazy: the template caches the list per content version and page.
        page_obj = lazy_page(self.get_news, request, NEWS_PAGE_SIZE)
        return self.render(request, context_overrides={"page_obj": page_obj})

    @path("rss/", name="rss")
    def rss_route(self, request):
        from home.feeds import NewsFeed

        return NewsFeed(self)(request)


class NewsPage(BasePage):
    date = models.DateField(_("date de publication"), default=timezone.localdate)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [*BasePage.content_panels, FieldPanel("date"), FieldPanel("body")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    api_fields = [*BasePage.api_fields, APIField("date"), APIField("body")]
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")


class SitemapPage(BasePage):
    """Plan du site: the live public tree, generated."""

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("plan du site")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        home = self.get_parent()
        pages = list(
            Page.objects.descendant_of(home, inclusive=True)
            .live()
            .public()
            .filter(depth__lte=home.depth + 3)
            .order_by("path")
        )
        context["tree"] = [(page, page.depth - home.depth) for page in pages]
        return context


@register_setting(icon="cog")
class SiteSettings(BaseGenericSetting):
    """The site's identity and the pages its footer must link to."""

    @classmethod
    def _get_or_create(cls):
        """Read once per content version (saving the settings bumps it), not
        on every request."""
        key = f"quartiers:site-settings:{content_version()}"
        settings = cache.get(key)
        if settings is None:
            settings = super()._get_or_create()
            cache.set(key, settings, timeout=None)
        return settings

    class AccessibilityStatus(models.TextChoices):
        NOT = "not", _("non conforme")
        PARTIAL = "partial", _("partiellement conforme")
        FULL = "full", _("totalement conforme")

    tagline = models.CharField(
        _("sous-titre"),
        max_length=200,
        blank=True,
        default="Mobilisation nationale pour les habitants des quartiers",
    )
    contact_email = models.EmailField(_("adresse de contact"), blank=True)
    accessibility_status = models.CharField(
        _("état de conformité RGAA"),
        max_length=20,
        choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.NOT,
        help_text=_("Reste « non conforme » tant qu’aucun audit n’a été réalisé."),
    )
    accessibility_audit_date = models.DateField(
        _("date de l’audit"), null=True, blank=True
    )
    legal_page = models.ForeignKey(
        Page,
        verbose_name=_("mentions légales"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        Page,
        verbose_name=_("données personnelles"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        Page,
        verbose_name=_("déclaration d’accessibilité"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sitemap_page = models.ForeignKey(
        Page,
        verbose_name=_("plan du site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    main_menu = StreamField(
        [("item", MenuItemBlock())],
        blank=True,
        verbose_name=_("menu principal"),
        help_text=_(
            "Les entrées du menu, après « Accueil », dans l’ordre. Vide : les pages "
            "de premier niveau cochées « Afficher dans les menus », sous leur titre."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("tagline"), FieldPanel("contact_email")], heading=_("Identité")
        ),
        MultiFieldPanel(
            [
                FieldPanel("accessibility_status"),
                FieldPanel("accessibility_audit_date"),
            ],
            heading=_("Accessibilité"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("legal_page"),
                FieldPanel("privacy_page"),
                FieldPanel("accessibility_page"),
                FieldPanel("sitemap_page"),
            ],
            heading=_("Pages obligatoires (pied de page)"),
        ),
        FieldPanel("main_menu"),
    ]

    class Meta:
        verbose_name = _("paramètres du site")

    @property
    def accessibility_label(self):
        if self.accessibility_status == self.AccessibilityStatus.NOT and not (
            self.accessibility_audit_date
        ):
            return _("non conforme — audit à venir")
        return self.get_accessibility_status_display()

import datetime
import json
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import capfirst, slugify

from wagtail.models import (
    Page,
    Site,
    WorkflowPage,
)

from cms.permissions import groups_with_permission
from cms.reference import approval_workflow, child_page, refresh_reference_text
from home import reference_pages as texts
from home.models import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    SitemapPage,
    SiteSettings,
    StandardPage,
)
from measures import reference
from measures.models import (
    MeasureIndicator,
    MeasurePage,
    ProgrammePage,
    RoadmapIndexPage,
)
from measures.permissions import ACT_NATIONALLY
from partners.reference import attach_key_indicators, load_partner_content
from search.reference import load_synonyms

CIRCULAR_DIR = Path(__file__).resolve().parents[2] / "data" / "circular"
CIRCULAR_DATE = datetime.date(2019, 1, 22)
WELCOME_TITLE = "Welcome to your new Wagtail site!"
PUBLICATION_WORKFLOW = "Publication"


def measure_slug(title, max_length=60):
    slug = slugify(title.replace("’", " ").replace("'", " "))
    if len(slug) <= max_length:
        return slug
    return slug[:max_length].rsplit("-", 1)[0]


def paragraph(html):
    """A one-paragraph body; the source's line breaks are not meaningful in HTML."""
    return [("paragraph", " ".join(html.split()))]


def attach_indicator(page, indicator):
    """Add ``indicator`` to the measure ``page`` unless its latest revision has it.

    Published at once when the page has no draft; otherwise the draft gets it too
    (and the live page now), so that publishing the draft keeps it. Returns 1 if
    attached, 0 if it was there."""
    draft = page.get_latest_revision_as_object()
    links = list(draft.measure_indicators.all())
    if any(link.indicator_id == indicator.pk for link in links):
        return 0
    position = max((link.sort_order or 0 for link in links), default=-1) + 1
    draft.measure_indicators.add(
        MeasureIndicator(indicator=indicator, sort_order=position)
    )
    had_draft = page.has_unpublished_changes
    revision = draft.save_revision()
    if had_draft:
        MeasureIndicator.objects.create(
            page=page, indicator=indicator, sort_order=position
        )
    else:
        revision.publish()
    return 1


class Command(BaseCommand):
    help = (
        "Charge le contenu de référence (circulaire, feuille de route, indicateurs, "
        "territoires, pages obligatoires). Idempotent : ne crée que ce qui manque et "
        "ne modifie un contenu existant que s’il est encore la version de référence "
        "précédente, inchangée par les éditeurs."
    )

    def handle(self, *args, **options):
        self.created = Counter()
        with transaction.atomic():
            self.created["territoires"] += reference.load_territories()
            indicators_by_measure, count = reference.load_indicators()
            self.created["indicateurs"] += count
            history = reference.load_indicator_history()
            self.created["indicateurs"] += len(history["indicators"])
            self.created["valeurs d’indicateurs (historique)"] += history["values"]
            for ref, indicators in history["measures"].items():
                indicators_by_measure.setdefault(ref, []).extend(indicators)
            home = self.load_home()
            circular = self.load_circular(home)
            self.load_roadmap(home, circular, indicators_by_measure)
            self.attach_to_existing_measures(history["measures"])
            self.update_measure_summaries()
            self.load_news(home)
            self.load_required_pages(home)
            self.load_home_key_figures(home)
            self.created.update(reference.load_territorial_content(home))
            self.created.update(load_partner_content(home))
            attach_key_indicators(history["axes"])
            self.load_main_menu(home)
            self.assign_workflow(home)
            self.created["synonymes de la recherche"] += load_synonyms()
        if options["verbosity"] == 0:
            return
        summary = ", ".join(f"{n} {what}" for what, n in self.created.items() if n)
        self.stdout.write(
            f"Contenu de référence : {summary or 'rien à créer, tout est déjà là'}."
        )

    # Pages -------------------------------------------------------------------

    def child(self, parent, model, slug, **fields):
        return child_page(parent, model, slug, self.created, **fields)

    def load_home(self):
        site = Site.objects.filter(is_default_site=True).first()
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            home = HomePage(
                title="Mobilisation nationale pour les habitants des quartiers",
                slug="accueil",
                summary=texts.HOME_SUMMARY,
            )
            root.add_child(instance=home)
            home.save_revision().publish()
            self.created["pages"] += 1
        if site is None:
            Site.objects.create(
                hostname="localhost",
                root_page=home,
                is_default_site=True,
                site_name="Quartiers",
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = "Quartiers"
            site.save()
        for welcome in Page.objects.filter(depth=2, title=WELCOME_TITLE).exclude(
            pk=home.pk
        ):
            welcome.delete()
        return home

    def load_circular(self, home):
        meta = json.loads((CIRCULAR_DIR / "meta.json").read_text(encoding="utf-8"))
        circular_meta = meta["circulaire"]
        circular = self.child(
            home,
            StandardPage,
            "circulaire",
            title="La circulaire du 22 janvier 2019",
            show_in_menus=True,
            summary=(
                f"Circulaire du Premier ministre {circular_meta['reference']} du 22 janvier "
                f"2019 : « {circular_meta['object']} », et ses annexes."
            ),
            body=paragraph(
                (CIRCULAR_DIR / circular_meta["file"]).read_text(encoding="utf-8")
            ),
        )
        for annex in meta["annexes"]:
            if annex["file"]:
                body = (CIRCULAR_DIR / annex["file"]).read_text(encoding="utf-8")
            else:
                body = (
                    "<p>Cette annexe n’est pas reproduite : son texte ne figure pas dans "
                    "la copie de la circulaire dont dispose le site. Le suivi des mesures "
                    "est publié dans la feuille de route.</p>"
                )
            self.child(
                circular,
                StandardPage,
                annex["slug"],
                title=annex["title"],
                body=paragraph(body),
            )
        return circular

    def load_roadmap(self, home, circular, indicators_by_measure):
        roadmap = self.child(
            home,
            RoadmapIndexPage,
            "feuille-de-route",
            title="La feuille de route du 18 juillet 2018",
            show_in_menus=True,
            summary=texts.ROADMAP_SUMMARY,
            adoption_date=datetime.date(2018, 7, 18),
            announced_measure_count=40,
        )
        programmes = {}
        for key, title in texts.PROGRAMMES:
            programmes[key] = self.child(
                roadmap,
                ProgrammePage,
                key.replace("_", "-"),
                title=title,
                summary=f"Programme « {title} » de la feuille de route adoptée en conseil "
                "des ministres le 18 juillet 2018.",
            )
        for row in reference.measure_rows():
            programme = programmes[row["programme"]]
            if MeasurePage.objects.filter(reference=row["ref"]).exists():
                continue
            slug = measure_slug(row["title"])
            ministries = [reference.get_ministry(name) for name in row["ministries"]]
            measure = MeasurePage(
                slug=slug,
                title=row["title"],
                reference=row["ref"],
                number=18 if row["ref"] == "E2" else None,
                status=row["status"],
                summary=texts.MEASURE_SUMMARIES.get(row["ref"], capfirst(row["facts"])),
                launch_date={
                    "J1": datetime.date(2018, 4, 1),
                    "L2": datetime.date(2018, 10, 10),
                }.get(row["ref"]),
                body=paragraph(
                    "<p>L’état d’avancement indiqué est celui que décrivent les sources "
                    "publiques au début de 2019 (voir les sources en bas de page). Le "
                    "ministère chef de file met à jour l’état et les indicateurs.</p>"
                ),
                sources=[
                    ("source", self.source_block(token, circular))
                    for token in row["source"].split(";")
                    if token.strip()
                ],
            )
            measure.lead_ministries = ministries
            for position, indicator in enumerate(
                indicators_by_measure.get(row["ref"], [])
            ):
                measure.measure_indicators.add(
                    MeasureIndicator(indicator=indicator, sort_order=position)
                )
            programme.add_child(instance=measure)
            measure.save_revision().publish()
            self.created["pages"] += 1
        return roadmap

    def attach_to_existing_measures(self, indicators_by_measure):
        """Attach the indicators created in this run to measure pages that
        already existed (pages created in this run have them already)."""
        for ref, indicators in indicators_by_measure.items():
            page = MeasurePage.objects.filter(reference=ref).first()
            if page is None:
                continue
            for indicator in indicators:
                self.created["indicateurs rattachés à une mesure"] += attach_indicator(
                    page, indicator
                )

    def update_measure_summaries(self):
        """Summaries that restated a figure an indicator holds are replaced by
        undated prose, only where the page still has the old reference text and
        no draft waits (an editor's text is never overwritten)."""
        old_summaries = {
            row["ref"]: capfirst(row["facts"]) for row in reference.measure_rows()
        }
        pages = MeasurePage.objects.filter(
            reference__in=texts.MEASURE_SUMMARIES, has_unpublished_changes=False
        )
        for page in pages:
            if page.summary != old_summaries.get(page.reference):
                continue
            page.summary = texts.MEASURE_SUMMARIES[page.reference]
            page.save_revision().publish()
            self.created["résumés de mesures mis à jour"] += 1

    def source_block(self, token, circular):
        token = token.strip()
        if token == "circular 6057/SG":  # noqa: S105 (a source label)
            return {
                "title": texts.CIRCULAR_URL_NOTE,
                "url": "",
                "page": circular,
                "date": CIRCULAR_DATE,
            }
        return {"title": token, "url": "", "page": None, "date": None}

    def load_news(self, home):
        index = self.child(
            home,
            NewsIndexPage,
            "actualites",
            title="Actualités",
            show_in_menus=True,
            summary=texts.NEWS_SUMMARY,
        )
        for item in texts.NEWS:
            self.child(
                index,
                NewsPage,
                item["slug"],
                title=item["title"],
                date=datetime.date.fromisoformat(item["date"]),
                summary=item["summary"],
                body=paragraph(item["body"]),
            )

    def load_required_pages(self, home):
        legal = self.child(
            home,
            StandardPage,
            "mentions-legales",
            title="Mentions légales",
            body=paragraph(texts.LEGAL_NOTICE),
        )
        privacy = self.child(
            home,
            StandardPage,
            "donnees-personnelles",
            title="Données personnelles",
            body=paragraph(texts.PRIVACY),
        )
        accessibility = self.child(
            home,
            StandardPage,
            "accessibilite",
            title="Déclaration d’accessibilité",
            body=paragraph(texts.ACCESSIBILITY),
        )
        for page, text in (
            (legal, texts.LEGAL_NOTICE),
            (privacy, texts.PRIVACY),
            (accessibility, texts.ACCESSIBILITY),
        ):
            refresh_reference_text(
                page,
                "body",
                paragraph(text),
                [paragraph(old) for old in texts.PREVIOUS_VERSIONS.get(page.slug, [])],
                self.created,
            )
        sitemap = self.child(home, SitemapPage, "plan-du-site", title="Plan du site")
        settings = SiteSettings.load()
        if settings.legal_page_id is None and settings.privacy_page_id is None:
            settings.legal_page = legal
            settings.privacy_page = privacy
            settings.accessibility_page = accessibility
            settings.sitemap_page = sitemap
            settings.save()

    def load_main_menu(self, home):
        """Short labels for the main menu, so that none breaks across lines."""
        settings = SiteSettings.load()
        if settings.main_menu:
            return
        pages = {page.slug: page for page in home.get_children().live().in_menu()}
        items = [
            ("item", {"page": pages[slug], "label": label})
            for slug, label in texts.MAIN_MENU
            if slug in pages
        ]
        if items:
            settings.main_menu = items
            settings.save()
            self.created["entrées du menu"] += len(items)

    def load_home_key_figures(self, home):
        """The home's key figures: set when empty, or updated to the current list
        when the page still shows exactly the former reference list (and no draft
        waits); an editor's choice is never overwritten."""
        from measures.models import Indicator

        if home.key_figures:
            shown = [
                block.value["indicator"].code if block.value["indicator"] else None
                for block in home.key_figures
            ]
            if shown != texts.FORMER_KEY_FIGURES or home.has_unpublished_changes:
                return
            self.created["chiffres clés de l’accueil mis à jour"] += 1
        indicators = Indicator.objects.in_bulk(texts.KEY_FIGURES, field_name="code")
        home.key_figures = [
            ("key_figure", {"indicator": indicators[code], "label": ""})
            for code in texts.KEY_FIGURES
            if code in indicators
        ]
        home.save_revision().publish()

    def assign_workflow(self, home):
        """The "Publication" workflow (national administrators approve) on the tree."""
        workflow = approval_workflow(
            PUBLICATION_WORKFLOW,
            "Validation par l’administration nationale",
            groups_with_permission(ACT_NATIONALLY),
            self.created,
        )
        if not WorkflowPage.objects.filter(page=home).exists():
            WorkflowPage.objects.create(page=home, workflow=workflow)

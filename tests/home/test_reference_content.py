import datetime
from decimal import Decimal
from io import StringIO

import pytest

from django.apps import apps
from django.core.management import call_command

from wagtail.models import Page, Revision, Site, WorkflowPage

from home.models import HomePage, NewsPage, SiteSettings, StandardPage
from measures.models import (
    Indicator,
    IndicatorValue,
    MeasurePage,
    ProgrammePage,
    Territory,
)

pytestmark = pytest.mark.django_db


def object_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"home", "measures", "wagtailcore", "auth"}
    }


def test_loading_twice_changes_nothing():
    before = object_counts()
    out = StringIO()
    call_command("load_reference_content", stdout=out)
    assert object_counts() == before
    assert "rien à créer" in out.getvalue()


def test_loading_keeps_what_editors_changed():
    measure = MeasurePage.objects.get(reference="J1")
    measure.title = "Emplois francs (titre revu)"
    measure.save_revision().publish()
    call_command("load_reference_content", verbosity=0)
    measure.refresh_from_db()
    assert measure.title == "Emplois francs (titre revu)"


def test_the_site_serves_the_home_page():
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()


def test_territories_are_the_18_regions_and_101_departments():
    assert Territory.objects.filter(kind="region").count() == 18
    assert Territory.objects.filter(kind="department").count() == 101
    haute_garonne = Territory.objects.get(kind="department", code="31")
    assert haute_garonne.name == "Haute-Garonne"
    assert haute_garonne.parent.name == "Occitanie"
    assert Territory.objects.get(kind="department", code="976").parent.code == "06"


def test_the_five_programmes_and_the_18_confirmed_measures():
    assert list(
        ProgrammePage.objects.order_by("path").values_list("title", flat=True)
    ) == [
        "Sécurité",
        "Éducation",
        "Emploi",
        "Logement",
        "Lien social",
    ]
    assert MeasurePage.objects.live().count() == 18
    # Only "mesure 18" is numbered by a source.
    numbered = MeasurePage.objects.exclude(number=None)
    assert list(numbered.values_list("reference", "number")) == [("E2", 18)]
    emplois_francs = MeasurePage.objects.get(reference="J1")
    assert emplois_francs.status == "deploying"
    assert emplois_francs.launch_date == datetime.date(2018, 4, 1)
    assert [m.name for m in emplois_francs.lead_ministries.all()] == ["Travail"]
    assert MeasurePage.objects.get(reference="LS3").status == "achieved"
    assert MeasurePage.objects.get(reference="E4").lead_ministries.count() == 0


def test_measures_have_revisions_and_sources():
    measure = MeasurePage.objects.get(reference="L1")
    assert Revision.page_revisions.filter(object_id=str(measure.pk)).exists()
    sources = [block.value["title"] for block in measure.sources]
    assert sources[0] == "Circulaire n° 6057/SG du 22 janvier 2019"
    assert measure.sources[0].value["page"].slug == "circulaire"


def test_the_circulars_figures_are_indicators_dated_january_2019():
    expected = {
        "FDR-MESURES-ENGAGEES": Decimal("26"),
        "NPNRU-BUDGET": Decimal("10"),
        "NPNRU-PROJETS-VALIDES": Decimal("175"),
        "NPNRU-CONCOURS": Decimal("4"),
        "NPNRU-INVESTISSEMENT": Decimal("13"),
        "COPRO-CREDITS": Decimal("3"),
        "COPRO-COPROPRIETES": Decimal("700"),
        "COPRO-LOGEMENTS": Decimal("56000"),
        "DEDOUBLEMENT-ELEVES": Decimal("190000"),
        "STAGES3-OFFRES": Decimal("28000"),
        "STAGES3-OFFRES-ETAT": Decimal("17000"),
        "EMPLOIS-FRANCS": Decimal("3600"),
        "EMPLOIS-FRANCS-TERRITOIRES": Decimal("7"),
        "QRR-RENFORCES": Decimal("15"),
        "ADULTES-RELAIS-POSTES": Decimal("1000"),
        "CREDITS-SPECIFIQUES-HAUSSE": Decimal("20"),
        "QPV-NOMBRE": Decimal("1514"),
        "CONCERTATION-PROPOSITIONS": Decimal("600"),
        "CONCERTATION-PARTICIPANTS": Decimal("15000"),
    }
    values = {
        v.indicator.code: v
        for v in IndicatorValue.objects.filter(
            source="Circulaire n° 6057/SG du 22 janvier 2019"
        ).select_related("indicator", "territory")
    }
    assert {code: values[code].value for code in expected} == expected
    assert {v.date for v in values.values()} == {datetime.date(2019, 1, 22)}
    assert {v.territory.kind for v in values.values()} == {"national"}
    assert values["NPNRU-INVESTISSEMENT"].approximation == "more_than"
    assert values["DEDOUBLEMENT-ELEVES"].approximation == "nearly"
    assert Indicator.objects.get(code="FDR-MESURES-ENGAGEES").national_target == 40


def test_indicators_are_attached_to_their_measures():
    npnru = MeasurePage.objects.get(reference="L1")
    codes = [link.indicator.code for link in npnru.measure_indicators.all()]
    assert codes == [
        "NPNRU-BUDGET",
        "NPNRU-PROJETS-VALIDES",
        "NPNRU-CONCOURS",
        "NPNRU-INVESTISSEMENT",
    ]


def test_the_circular_and_its_annexes_are_published():
    circular = StandardPage.objects.get(slug="circulaire")
    text = str(circular.body[0].value)
    assert "26 des 40 mesures sont atteintes ou en cours de déploiement" in text
    assert "Édouard PHILIPPE" in text
    annexes = circular.get_children().live().specific()
    assert [page.slug for page in annexes] == [
        "annexe-1",
        "annexe-2",
        "annexe-3",
        "annexe-4-pacte-de-dijon",
    ]
    dijon = str(annexes[3].body[0].value)
    assert "Dijon, le 6 avril 2018" in dijon


def test_news_and_required_pages_exist():
    assert NewsPage.objects.live().count() == 3
    settings = SiteSettings.load()
    assert settings.legal_page.slug == "mentions-legales"
    assert settings.privacy_page.slug == "donnees-personnelles"
    assert settings.accessibility_page.slug == "accessibilite"
    assert settings.sitemap_page.slug == "plan-du-site"
    assert str(settings.accessibility_label) == "non conforme — audit à venir"


def test_the_publication_workflow_covers_the_site(home_page):
    workflow = WorkflowPage.objects.get(page=home_page).workflow
    assert workflow.name == "Publication"
    task = workflow.tasks.get().specific
    assert [g.name for g in task.groups.all()] == ["Administrateurs nationaux"]
    measure = MeasurePage.objects.first()
    assert measure.get_workflow() == workflow

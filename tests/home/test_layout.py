"""Layout details a visitor notices: short menu labels, a unit kept with its figure,
paragraphs kept as submitted, and when each page was last updated.

The widths (menu on one line from 390 to 1440 px, no sideways scroll, tables and
chart labels on a phone) are checked in a browser: tests/e2e/test_public_finish.py.
"""

import datetime
import re
from decimal import Decimal

import pytest

from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from home.models import SiteSettings
from home.reference_pages import MAIN_MENU
from measures.models import Indicator, IndicatorValue, MeasurePage, Territory
from partners.models import ClubPage
from partners.sanitize import rich_text_from_plain
from tests.partners.good_practice_helpers import latest_practice, make_partner, propose

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def render(source, **context):
    return Template("{% load cms_tags %}" + source).render(Context(context))


def nav_labels(html):
    nav = re.search(r'<nav class="fr-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r'class="fr-nav__link"[^>]*>([^<]+)</a>', nav)


# Units -----------------------------------------------------------------------


def test_a_figure_and_its_unit_are_joined_by_a_non_breaking_space():
    assert render("{{ n|figure|with_unit:'élèves' }}", n=190000) == (
        f"190\u202f000{NBSP}élèves"
    )
    assert render("{{ n|figure|with_unit:'%' }}", n=Decimal("4.5")) == f"4,5{NBSP}%"


def test_with_unit_escapes_and_leaves_empty_values_alone():
    assert (
        render("{{ n|with_unit:u }}", n="<b>", u="<i>") == f"&lt;b&gt;{NBSP}&lt;i&gt;"
    )
    assert render("{{ n|with_unit:'élèves' }}", n=None) == ""
    assert render("{{ n|with_unit:'' }}", n="12") == "12"


def test_key_figures_keep_their_unit_with_the_number(client):
    html = client.get("/").content.decode()
    assert re.search(r"1\u202f514(&nbsp;|\u00a0)<span class=\"q-figure__unit\">", html)
    assert not re.search(r"\d <span class=\"q-figure__unit\">", html)


# Main menu -------------------------------------------------------------------


def test_main_menu_shows_the_short_labels_of_the_site_settings(client):
    labels = nav_labels(client.get("/").content.decode())
    assert labels == ["Accueil", *[label for _slug, label in MAIN_MENU]]
    assert max(len(label) for label in labels) <= 16


def test_main_menu_falls_back_to_page_titles_without_settings(client):
    settings = SiteSettings.load()
    settings.main_menu = []
    settings.save()
    labels = nav_labels(client.get("/").content.decode())
    assert "La feuille de route du 18 juillet 2018" in labels


def test_an_unpublished_page_leaves_the_menu(client):
    club_index = ClubPage.objects.first().get_parent()
    club_index.unpublish()
    labels = nav_labels(client.get("/").content.decode())
    assert "Partenaires" not in labels and "Feuille de route" in labels


# Paragraphs ------------------------------------------------------------------


def test_each_line_of_a_description_becomes_a_paragraph():
    assert rich_text_from_plain("Un.\nDeux.\r\n\r\nTrois.") == (
        "<p>Un.</p><p>Deux.</p><p>Trois.</p>"
    )


def test_paragraphs_stay_safe_when_a_tag_spans_two_lines():
    html = rich_text_from_plain("Début <b>gras\nfin</b> <script>x()</script>")
    assert html == "<p>Début <b>gras</b></p><p>fin</p>"


def test_html_paragraphs_and_lists_are_kept_as_they_are():
    text = "<p>Déjà un paragraphe.</p>\n<ul><li>un</li></ul>"
    assert (
        rich_text_from_plain(text) == "<p>Déjà un paragraphe.</p><ul><li>un</li></ul>"
    )


def test_a_published_practice_shows_the_paragraphs_its_partner_typed(
    client, django_user_model
):
    partner = make_partner(django_user_model)
    client.force_login(partner)
    propose(client, description="Premier temps.\nDeuxième temps.\n\nTroisième temps.")
    practice = latest_practice(partner)
    practice.get_latest_revision().publish()
    client.logout()
    html = client.get(practice.url).content.decode()
    assert "<p>Premier temps.</p><p>Deuxième temps.</p><p>Troisième temps.</p>" in html


# Mis à jour le ---------------------------------------------------------------


def updated_on(html):
    match = re.search(r'Mis à jour le <time datetime="([\d-]+)">', html)
    return match and datetime.date.fromisoformat(match.group(1))


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/feuille-de-route/emploi/emplois-francs/",
        "/territoires/",
        "/territoires/ain/",
        "/territoires/renovation/",
        "/territoires/pacte-de-dijon/",
        "/reseau/",
        "/reseau/face/",
        "/paqte/journees/marseille-2018/",
        "/bonnes-pratiques/",
        "/mentions-legales/",
    ],
)
def test_every_page_says_when_it_was_last_updated(client, url):
    assert updated_on(client.get(url).content.decode())


def test_a_club_page_is_dated_by_its_last_publication(client):
    club = ClubPage.objects.get(title="FACE")
    club.last_published_at = timezone.make_aware(datetime.datetime(2019, 3, 4, 10))
    club.save(update_fields=["last_published_at"])
    assert updated_on(client.get("/reseau/face/").content.decode()) == (
        datetime.date(2019, 3, 4)
    )


def test_an_index_is_as_recent_as_its_newest_item(client):
    club = ClubPage.objects.get(title="FACE")
    club.save_revision().publish()
    html = client.get("/reseau/").content.decode()
    assert updated_on(html) == timezone.localdate()


def test_a_measure_is_dated_by_a_new_value_of_its_indicator(client):
    measure = MeasurePage.objects.get(slug="emplois-francs")
    long_ago = timezone.make_aware(datetime.datetime(2019, 1, 22, 12))
    measure.last_published_at = long_ago
    measure.save(update_fields=["last_published_at"])
    IndicatorValue.objects.update(updated_at=long_ago)
    before = updated_on(client.get(measure.url).content.decode())
    assert before == datetime.date(2019, 1, 22)
    IndicatorValue.objects.create(
        indicator=Indicator.objects.get(code="EMPLOIS-FRANCS"),
        territory=Territory.objects.get(kind="national"),
        date=datetime.date(2019, 6, 30),
        value=Decimal("5000"),
    )
    after = updated_on(client.get(measure.url).content.decode())
    assert after == timezone.localdate()


def test_views_without_a_page_show_no_false_date(client):
    html = client.get(reverse("search") + "?q=emploi").content.decode()
    assert "Mis à jour le" not in html


def test_a_saved_tagline_shows_at_once_though_settings_are_cached(client):
    client.get("/")  # the settings are now cached for this content version
    settings = SiteSettings.load()
    settings.tagline = "Un sous-titre tout neuf"
    settings.save()
    assert "Un sous-titre tout neuf" in client.get("/").content.decode()

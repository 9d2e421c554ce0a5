"""The home's key figures show their latest value with its own source, and, when the
indicator has a history, the previous value, the change and a small trend line."""

import datetime
import re
from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.cache import bump_content_version
from measures.models import Indicator, IndicatorValue, Territory

pytestmark = pytest.mark.django_db

NBSP, NNBSP = "\u00a0", "\u202f"
HOME_BUDGET = 15  # as in tests/measures/test_query_budget.py


def figures(client):
    """The key figures of the home page, by label (the HTML of each card)."""
    html = client.get("/").content.decode().replace("&nbsp;", NBSP)
    cards = html.split('<div class="q-figure fr-p-3w">')[1:]
    result = {}
    for card in cards:
        card = card.split("</div>\n  </div>")[0]
        label = re.search(r'<p class="q-figure__label">(.*?)</p>', card).group(1)
        result[label] = card
    return result


def test_a_figure_with_a_history_shows_its_trend_previous_value_and_change(client):
    card = figures(client)["Emplois francs signés"]
    assert f"20{NNBSP}000{NBSP}<span" in card  # the unit stays with its number
    assert "Valeur au 26 février 2020" in card
    assert "Conseil des ministres du 26 février 2020" in card
    assert "Circulaire" not in card
    assert f"+16{NNBSP}400 depuis janv.{NBSP}2019" in card
    assert f"Valeur précédente : 3{NNBSP}000" not in card
    assert f"Valeur précédente : 3{NNBSP}600{NBSP}emplois francs (janvier 2019)" in card
    svg = re.search(r'<svg class="q-trend"[^>]*>', card).group(0)
    assert 'role="img"' in svg
    assert (
        f'aria-label="Évolution : 3{NNBSP}600{NBSP}emplois francs en janv.{NBSP}2019, '
        f'20{NNBSP}000{NBSP}emplois francs en févr.{NBSP}2020"'
    ) in svg


def test_every_figure_with_two_values_or_more_has_a_trend(client):
    cards = figures(client)
    with_history = [
        "Part des 40 mesures mises en œuvre",
        "Emplois francs signés",
        "Offres de stages de 3e sur monstagedetroisieme.fr",
        "Projets NPNRU validés par l’ANRU depuis mai 2018",
        "Élèves de CP et de CE1 en classes dédoublées en REP et REP+",
        "Entreprises signataires du PAQTE",
    ]
    for label in with_history:
        assert '<svg class="q-trend"' in cards[label], label
    assert f"+20{NBSP}points depuis janv.{NBSP}2019" in cards[with_history[0]]
    assert f"stable depuis janv.{NBSP}2019" in cards[with_history[4]]


def test_a_figure_with_a_single_value_shows_no_trend(client):
    card = figures(client)["Quartiers prioritaires de la politique de la ville"]
    assert "q-trend" not in card
    assert "Valeur précédente" not in card
    assert f"Source{NBSP}: Circulaire n° 6057/SG du 22 janvier 2019" in card


def test_a_value_without_its_own_source_is_not_credited_to_the_circular(client):
    indicator = Indicator.objects.get(code="QPV-NOMBRE")
    IndicatorValue.objects.create(
        indicator=indicator,
        territory=Territory.national(),
        date=datetime.date(2024, 1, 1),
        value=Decimal("1609"),
    )
    card = figures(client)["Quartiers prioritaires de la politique de la ville"]
    assert "Valeur au 1 janvier 2024" in card
    assert "Circulaire" not in card.split("q-figure__trend")[0].split("Valeur au")[1]


def test_programme_cards_show_the_share_of_their_measures_by_status(client):
    html = client.get("/").content.decode().replace("&nbsp;", NBSP)
    education = html.split(">Éducation</a>")[1].split("fr-card__title")[0]
    assert f"À lancer{NBSP}: 2 (50{NBSP}%)" in education
    assert f"En cours de déploiement{NBSP}: 2 (50{NBSP}%)" in education
    assert "Atteinte" not in education  # no count of zero shown as content
    bar = re.search(r'<svg class="q-status-bar".*?</svg>', education).group(0)
    assert 'aria-hidden="true"' in bar
    assert re.findall(r'class="(q-status--\w+)"', bar) == [
        "q-status--to_launch",
        "q-status--deploying",
    ]


def rendered_queries(client):
    """Queries of the home with its dashboard rendered (not from its cache)."""
    client.get("/")  # warm the per-process caches (site root paths, settings)
    bump_content_version()
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    return len(queries), html


def test_the_home_query_budget_holds_with_long_histories(
    client, django_assert_max_num_queries
):
    """The trends cost one query, whatever the length of the histories; the
    cached page keeps its budget."""
    before, _ = rendered_queries(client)
    national = Territory.national()
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicator,
            territory=national,
            date=datetime.date(2022, 1, 1) + datetime.timedelta(days=day),
            value=Decimal(day),
        )
        for indicator in Indicator.objects.all()
        for day in range(60)
    )
    after, html = rendered_queries(client)
    assert html.count('<svg class="q-trend"') == 9
    assert after == before
    with django_assert_max_num_queries(HOME_BUDGET):
        client.get("/")

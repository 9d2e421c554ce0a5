"""Key figures with their trends and the measure page's chart, in a real browser,
on a desktop (1440×900) and a phone (390×844): screenshots, no serious or critical
axe-core violation, nothing scrolls the page sideways."""

import pytest

from .axe import assert_accessible

VIEWPORTS = {
    "bureau": {"width": 1440, "height": 900},
    "mobile": {"width": 390, "height": 844},
}
PAGES = {
    "accueil": "/",
    "mesure": "/feuille-de-route/emploi/emplois-francs/",
    "mesure-dedoublement": "/feuille-de-route/education/"
    "dedoublement-des-classes-de-cp-et-ce1-en-rep-et-rep/",
}
SIDEWAYS = (
    "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_figures_pages_are_accessible_and_fit_the_screen(
    new_context, shot, name, viewport
):
    page = new_context(viewport=VIEWPORTS[viewport]).new_page()
    response = page.goto(PAGES[name])
    assert response.status == 200
    shot(page, f"figures-{name}-{viewport}")
    assert_accessible(page)
    assert page.evaluate(SIDEWAYS) <= 0


def test_the_home_trend_lines_are_drawn_with_a_text_alternative(page):
    page.goto("/")
    trends = page.locator("svg.q-trend")
    assert trends.count() >= 6
    first = trends.first
    assert first.get_attribute("role") == "img"
    assert first.get_attribute("aria-label").startswith("Évolution : ")
    box = first.bounding_box()
    assert box["width"] > 50 and box["height"] > 20


def test_the_measure_page_draws_the_history_chart(page):
    page.goto(PAGES["mesure"])
    chart = page.locator("svg.q-chart").first
    assert chart.is_visible()
    assert page.get_by_role(
        "link", name="Bilan présenté au Conseil des ministres"
    ).count()

"""The maps of /territoires/ and of a department, in a real browser.

Screenshots at 1440×900 and 390×844 (tests/e2e/artifacts/cartes-*.png), axe-core
finds no serious or critical violation, nothing scrolls the page sideways on a
phone, and the measure can be chosen without JavaScript.
"""

import pytest

from .axe import assert_accessible

VIEWPORTS = {"bureau": (1440, 900), "mobile": (390, 844)}
MEASURES = ["qpv", "conventions", "contrats", "protocoles", "bonnes-pratiques"]
DEPARTMENT = "/territoires/haute-garonne/"
OVERFLOW = (
    "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
)


def open_page(new_context, viewport, url):
    width, height = VIEWPORTS[viewport]
    page = new_context(viewport={"width": width, "height": height}).new_page()
    response = page.goto(url)
    assert response.status == 200, url
    return page


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("measure", MEASURES)
def test_territories_map_reads_well_for_each_measure(
    new_context, shot, viewport, measure
):
    page = open_page(new_context, viewport, f"/territoires/?measure={measure}")
    shot(page, f"cartes-territoires-{measure}-{viewport}")
    assert page.locator("#carte-mesure").input_value() == measure
    map_ = page.locator("svg.q-map--choropleth")
    if map_.count():
        assert page.locator("svg.q-map--choropleth a").count() == 96
        assert page.locator("#donnees-carte table caption").is_visible()
    else:
        assert page.locator(".q-map-empty").is_visible()
    assert_accessible(page, f"carte {measure} ({viewport})")
    assert page.evaluate(OVERFLOW) <= 0


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_department_page_shows_its_qpv_to_scale(new_context, shot, viewport):
    page = open_page(new_context, viewport, DEPARTMENT)
    shot(page, f"cartes-departement-haute-garonne-{viewport}")
    outline = page.locator("svg.q-map--department path.q-map__outline").bounding_box()
    figure = page.locator("svg.q-map--department").bounding_box()
    # The outline fills its figure: no wide empty band around it.
    assert outline["width"] >= 0.85 * figure["width"]
    assert outline["height"] >= 0.85 * figure["height"]
    for box in page.locator("svg.q-map--department path.q-map__qpv").evaluate_all(
        "paths => paths.map(p => p.getBoundingClientRect().toJSON())"
    ):
        assert box["left"] >= outline["x"] - 1
        assert box["right"] <= outline["x"] + outline["width"] + 1
        assert box["top"] >= outline["y"] - 1
        assert box["bottom"] <= outline["y"] + outline["height"] + 1
    assert page.locator("#comparaison-qpv table").is_visible()
    assert_accessible(page, f"département ({viewport})")
    assert page.evaluate(OVERFLOW) <= 0


def test_measure_is_chosen_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/territoires/")
    page.locator("#carte-mesure").select_option("contrats")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_url("**/territoires/?measure=contrats*")
    assert page.locator("#carte-mesure").input_value() == "contrats"


def test_a_department_on_the_map_leads_to_its_page(page):
    page.goto("/territoires/?measure=qpv")
    page.locator('svg.q-map--choropleth a[aria-label^="Haute-Garonne (31)"]').click()
    page.wait_for_url(f"**{DEPARTMENT}")
    assert page.get_by_role("heading", level=1).inner_text() == "Haute-Garonne"

"""A public site that looks finished, in a real browser (issue 12, layout details).

At 1440×900 and 390×844: screenshots of the key pages (tests/e2e/artifacts/
public-finish-*.png), no serious or critical axe violation, nothing scrolls the page
sideways on a phone (tables scroll inside their DSFR wrapper), chart labels at least
12 px, and no main-menu label broken across two lines at any width from 390 to 1440.
"""

import pytest

from .axe import assert_accessible
from .test_journeys import admin_login

PAGES = {
    "accueil": "/",
    "mesure": "/feuille-de-route/emploi/emplois-francs/",
    "territoires": "/territoires/",
    "departement": "/territoires/haute-garonne/",
    "club": "/reseau/face/",
    "journee": "/paqte/journees/marseille-2018/",
    "pacte-de-dijon": "/territoires/pacte-de-dijon/",
}
VIEWPORTS = {
    "bureau": {"width": 1440, "height": 900},
    "telephone": {"width": 390, "height": 844},
}

# Lines a link's text takes: the distinct tops of its text's line boxes.
LINES_OF_MENU_LABELS = """() => [...document.querySelectorAll('.fr-nav__link')].map(a => {
  const range = document.createRange();
  range.selectNodeContents(a);
  const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
    .map(r => Math.round(r.top)));
  return [a.textContent.trim(), tops.size];
})"""
SIDEWAYS = """() => document.documentElement.scrollWidth
  - document.documentElement.clientWidth"""
# Rendered size of every chart label: its font size times the SVG's scale.
CHART_LABEL_SIZES = """() => [...document.querySelectorAll('svg.q-chart text')].map(t => {
  const svg = t.ownerSVGElement;
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return parseFloat(getComputedStyle(t).fontSize) * scale;
})"""
# Tables wider than the screen scroll inside their .fr-table wrapper.
TABLES_OUTSIDE_WRAPPER = """() => [...document.querySelectorAll('main table')]
  .filter(t => !t.closest('.fr-table__container, .fr-table__wrapper'))
  .map(t => t.querySelector('caption')?.textContent.trim() || t.outerHTML.slice(0, 80))"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_key_page_is_accessible_and_fits_the_screen(
    new_context, shot, server, name, viewport
):
    page = new_context(viewport=VIEWPORTS[viewport]).new_page()
    response = page.goto(PAGES[name])
    assert response.status == 200
    shot(page, f"public-finish-{name}-{viewport}")
    assert_accessible(page, f"{name} ({viewport})")
    assert page.get_by_text("Mis à jour le").count() == 1
    assert page.evaluate(TABLES_OUTSIDE_WRAPPER) == []
    if viewport == "telephone":
        assert page.evaluate(SIDEWAYS) <= 0, "la page défile de côté"
    sizes = page.evaluate(CHART_LABEL_SIZES)
    if name == "mesure":
        assert sizes, "la mesure a deux valeurs : son graphique est attendu"
    assert all(size >= 11.9 for size in sizes), sizes


@pytest.mark.parametrize("width", [1440, 1280, 1024, 992])
def test_menu_labels_hold_on_one_line_on_a_desktop(new_context, width):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto("/")
    lines = page.evaluate(LINES_OF_MENU_LABELS)
    assert len(lines) >= 8
    assert all(count == 1 for _label, count in lines), lines
    assert page.evaluate(SIDEWAYS) <= 0


@pytest.mark.parametrize("width", [390, 768])
def test_menu_labels_hold_on_one_line_in_the_phone_menu(new_context, shot, width):
    page = new_context(viewport={"width": width, "height": 844}).new_page()
    page.goto("/")
    page.get_by_role("button", name="Menu").click()
    page.locator("#modal-menu .fr-nav__link").first.wait_for(state="visible")
    lines = page.evaluate(LINES_OF_MENU_LABELS)
    assert all(count == 1 for _label, count in lines), lines
    if width == 390:
        shot(page, "public-finish-menu-telephone")


def test_a_wide_table_scrolls_inside_its_wrapper_on_a_phone(new_context):
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto("/territoires/haute-garonne/")
    widths = page.evaluate(
        """() => [...document.querySelectorAll('main .fr-table__container')].map(
        c => [c.scrollWidth, c.clientWidth])"""
    )
    assert widths, "la page du département a des tableaux"
    assert any(scroll > client for scroll, client in widths)  # scrolls inside
    assert page.evaluate(SIDEWAYS) <= 0  # and not the page


def test_editors_find_the_gaps_in_the_completeness_report(new_context, shot):
    page = new_context(viewport={"width": 1440, "height": 900}).new_page()
    admin_login(page, "cget")
    page.goto("/admin/rapports/a-completer/")
    assert page.get_by_role("heading", name="À compléter").count() >= 1
    row = page.get_by_role("row").filter(has_text="FACE")
    assert row.get_by_text("présentation, départements où le club agit").count() == 1
    shot(page, "public-finish-rapport-a-completer")
    row.get_by_role("link", name="FACE").click()
    page.wait_for_url("**/admin/pages/*/edit/")

"""Accessibility of every public page type and of the forms, in a real browser.

axe-core finds no violation of impact serious or critical; skip links, visible
focus, labelled fields, errors announced and tied to their field, 200 % zoom and
reading without JavaScript are checked by hand-written assertions.
"""

import re

import pytest

from .axe import BLOCKING, assert_accessible, axe_violations, describe
from .seed import PASSWORD

PAGES = {
    "accueil": "/",
    "feuille-de-route": "/feuille-de-route/",
    "programme": "/feuille-de-route/emploi/",
    "mesure": "/feuille-de-route/emploi/emplois-francs/",
    "actualites": "/actualites/",
    "actualite": "/actualites/adoption-feuille-de-route/",
    "page-standard": "/mentions-legales/",
    "declaration-accessibilite": "/accessibilite/",
    "plan-du-site": "/plan-du-site/",
    "circulaire": "/circulaire/",
    "circulaire-annexe": "/circulaire/annexe-4-pacte-de-dijon/",
    "territoires": "/territoires/",
    "departement": "/territoires/loire-atlantique/",
    "pacte-de-dijon": "/territoires/pacte-de-dijon/",
    "renovation": "/territoires/renovation/",
    "paqte": "/paqte/",
    "journees": "/paqte/journees/",
    "journee": "/paqte/journees/marseille-2018/",
    "reseau": "/reseau/",
    "reseau-filtre": "/reseau/?size=geante",
    "club": "/reseau/face/",
    "bonnes-pratiques": "/bonnes-pratiques/",
    "recherche": "/recherche/",
    "recherche-resultats": "/recherche/?q=emplois+francs",
    "recherche-sans-resultat": "/recherche/?q=xylophonez",
    "inscription": "/mon-espace/inscription/",
    "connexion": "/mon-espace/connexion/",
    "mot-de-passe-oublie": "/mon-espace/mot-de-passe/",
    "404": "/cette-page-n-existe-pas/",
}
MAIN_PAGES = [
    "/",
    "/feuille-de-route/",
    "/feuille-de-route/emploi/emplois-francs/",
    "/territoires/",
    "/paqte/",
    "/reseau/",
    "/bonnes-pratiques/",
    "/recherche/?q=emplois+francs",
    "/mon-espace/inscription/",
]

# The focused element draws a ring: an outline or a box shadow on itself, or an
# outline on its ::before (DSFR's .fr-enlarge-link draws it there).
FOCUS_RING = """() => {
  const element = document.activeElement;
  const ring = style => (style.outlineStyle !== "none" && style.outlineWidth !== "0px")
    || (style.boxShadow && style.boxShadow !== "none");
  return [element.tagName,
          ring(getComputedStyle(element)) || ring(getComputedStyle(element, "::before"))];
}"""


def log_in_partner(page):
    page.goto("/mon-espace/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("partenaire-connu")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/mon-espace/")


@pytest.mark.parametrize("name", PAGES)
def test_public_page_has_no_serious_axe_violation(page, shot, name):
    response = page.goto(PAGES[name])
    assert response.status == (404 if name == "404" else 200)
    shot(page, f"public-{name}")
    assert_accessible(page, PAGES[name])
    # Every page starts with DSFR's skip links, whose targets exist.
    skip_links = page.locator(".fr-skiplinks a")
    assert skip_links.first.get_attribute("href") == "#contenu"
    for target in skip_links.evaluate_all("links => links.map(l => l.hash)"):
        assert page.locator(target).count() == 1, f"cible absente : {target}"


@pytest.mark.parametrize("url", ["/mon-espace/", "/bonnes-pratiques/proposer/"])
def test_partner_pages_have_no_serious_axe_violation(page, shot, url):
    log_in_partner(page)
    page.goto(url)
    shot(page, "partenaire-" + url.strip("/").replace("/", "-"))
    assert_accessible(page)


def assert_errors_announced_and_linked(page):
    """An error summary with role=alert; each invalid field says so and points to
    its message."""
    summary = page.locator("#erreurs-formulaire")
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("document.activeElement.id") == "erreurs-formulaire"
    for link in summary.get_by_role("link").all():
        target = link.get_attribute("href")
        assert page.locator(target).count() == 1, f"lien d’erreur sans champ : {target}"
    invalid = page.locator("[aria-invalid=true]")
    assert invalid.count() >= 1
    for index in range(invalid.count()):
        field = invalid.nth(index)
        described = (field.get_attribute("aria-describedby") or "").split()
        messages = [page.locator(f"[id='{ident}']").inner_text() for ident in described]
        assert any(message.strip() for message in messages), (
            f"champ en erreur sans message lié : {field.evaluate('e => e.outerHTML')}"
        )


def test_sign_up_errors_are_accessible(page, shot):
    page.goto("/mon-espace/inscription/")
    # The password instruction gives the length the validators require.
    from django.conf import settings

    (minimum,) = [
        validator["OPTIONS"]["min_length"]
        for validator in settings.AUTH_PASSWORD_VALIDATORS
        if validator["NAME"].endswith("MinimumLengthValidator")
    ]
    assert f"Au moins {minimum} caractères" in page.inner_text("main")
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_load_state()
    shot(page, "formulaire-inscription-erreurs")
    assert_errors_announced_and_linked(page)
    assert_accessible(page, "inscription (erreurs)")


def test_login_errors_are_accessible(page, shot):
    page.goto("/mon-espace/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("personne")
    page.get_by_label("Mot de passe").fill("mauvais mot de passe")
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    shot(page, "formulaire-connexion-erreurs")
    summary = page.locator("#erreurs-formulaire")
    assert summary.get_attribute("role") == "alert"
    assert "nom d’utilisateur" in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "erreurs-formulaire"
    assert_accessible(page, "connexion (erreurs)")


def test_password_reset_errors_are_accessible(page, shot):
    page.goto("/mon-espace/mot-de-passe/")
    page.get_by_label("E-mail").fill("pas-une-adresse")
    page.get_by_role("button", name="Recevoir un lien").click()
    page.wait_for_load_state()
    shot(page, "formulaire-mot-de-passe-erreurs")
    assert_errors_announced_and_linked(page)
    assert_accessible(page, "mot de passe oublié (erreurs)")


def test_practice_form_errors_are_accessible(page, shot):
    log_in_partner(page)
    page.goto("/bonnes-pratiques/proposer/")
    page.get_by_role("button", name="Envoyer à la modération").click()
    page.wait_for_load_state()
    shot(page, "formulaire-bonne-pratique-erreurs")
    assert_errors_announced_and_linked(page)
    assert_accessible(page, "proposition de bonne pratique (erreurs)")


def test_the_axe_check_is_live(page):
    page.set_content(
        "<html><body><img src='x.png'><input type='text'>"
        "<a href='#'></a><p style='color:#eee;background:#fff'>pâle</p></body></html>"
    )
    violations = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    found = {v["id"] for v in violations}
    assert {"image-alt", "label", "link-name"} <= found, describe(violations)


def test_accessibility_statement_is_linked_from_the_footer(page):
    page.goto("/")
    footer = page.get_by_role("contentinfo")
    footer.get_by_role("link", name=re.compile("Accessibilité")).click()
    page.wait_for_url("**/accessibilite/")
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Déclaration d’accessibilité")
    )


@pytest.mark.parametrize("url", MAIN_PAGES)
def test_skip_links_come_first_and_lead_to_the_content(page, url):
    page.goto(url)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.closest('.fr-skiplinks') !== null, "
        "document.activeElement.getAttribute('href')]"
    )
    assert focused == [True, "#contenu"]
    assert page.evaluate(FOCUS_RING)[1], "focus invisible sur le lien d’évitement"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    for target in page.locator(".fr-skiplinks a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    ):
        assert page.locator(target).count() == 1, f"cible absente : {target}"


def test_focus_is_visible_on_links_buttons_and_fields(page):
    page.goto("/recherche/?q=emplois+francs")
    seen = set()
    for _ in range(25):
        page.keyboard.press("Tab")
        tag, visible = page.evaluate(FOCUS_RING)
        assert visible, f"focus invisible sur {tag}"
        seen.add(tag)
    assert {"A", "INPUT", "BUTTON"} <= seen


@pytest.mark.parametrize("url", MAIN_PAGES)
def test_no_horizontal_scroll_at_200_percent_zoom(new_context, url):
    page = new_context(viewport={"width": 640, "height": 900}).new_page()
    page.goto(url)
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{url} défile horizontalement de {overflow} px"


@pytest.mark.parametrize("url", MAIN_PAGES)
def test_pages_are_readable_without_javascript(new_context, url):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(url)
    assert page.get_by_role("heading", level=1).is_visible()
    main_text = page.get_by_role("main").inner_text()
    assert len(main_text) > 200
    assert page.get_by_role("contentinfo").get_by_role("link").first.is_visible()

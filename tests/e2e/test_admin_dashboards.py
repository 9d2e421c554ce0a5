"""Each role's admin dashboard in Chromium: what it shows, screenshots at desktop
(1440x900) and phone (390x844) sizes, and no serious or critical axe violation.

The users and the content the panels show come from ``tests/e2e/seed.py``.
"""

import re

import pytest

from .axe import assert_accessible
from .seed import PASSWORD

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}

# role → (username, headings of the panels it sees, headings it must not see)
ROLES = {
    "communication": (
        "redaction",
        ["Vos pages en brouillon", "Avancement de la feuille de route"],
        ["Indicateurs en retard", "Vos départements", "Bonnes pratiques à modérer"],
    ),
    "moderateur": (
        "moderation",
        ["Bonnes pratiques à modérer", "Bonnes pratiques modifiées depuis"],
        ["Avancement de la feuille de route", "Vos départements"],
    ),
    "referent": (
        "referent-44",
        ["Vos départements", "PAQTE de vos départements"],
        [
            "Avancement de la feuille de route",
            "Protocoles des contrats de ville (national)",
            "Bilans semestriels PAQTE (national)",
            "Indicateurs en retard",
        ],
    ),
    "producteur": (
        "producteur",
        ["Indicateurs en retard", "Derniers imports de valeurs"],
        ["Vos départements", "Bonnes pratiques à modérer"],
    ),
    "national": (
        "cget",
        [
            "Protocoles des contrats de ville (national)",
            "Bilans semestriels PAQTE (national)",
            "Bonnes pratiques à modérer",
            "Avancement de la feuille de route",
            "Indicateurs en retard",
            "Derniers imports de valeurs",
        ],
        ["Vos départements", "PAQTE de vos départements"],
    ),
}


def log_in(page, username):
    page.goto("/admin/login/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="S'identifier").click()
    page.wait_for_url("**/admin/")


def headings(page):
    return [
        text.strip()
        for text in page.locator("main h2.w-panel__heading").all_inner_texts()
    ]


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_sees_its_dashboard(new_context, shot, role):
    username, expected, hidden = ROLES[role]
    page = new_context(viewport=DESKTOP).new_page()
    log_in(page, username)
    shown = headings(page)
    for heading in expected:
        assert any(h.startswith(heading) for h in shown), (heading, shown)
    for heading in hidden:
        assert not any(h.startswith(heading) for h in shown), (heading, shown)
    shot(page, f"admin-tableau-de-bord-{role}")
    # The admin scrolls inside its layout: a second, whole-dashboard picture.
    height = page.evaluate("document.querySelector('main').scrollHeight")
    page.set_viewport_size({"width": DESKTOP["width"], "height": max(900, height)})
    shot(page, f"admin-tableau-de-bord-{role}-complet")
    page.set_viewport_size(DESKTOP)
    assert_accessible(page, f"tableau de bord ({role})")

    page.set_viewport_size(PHONE)
    page.reload()
    shot(page, f"admin-tableau-de-bord-{role}-mobile")
    assert_accessible(page, f"tableau de bord ({role}, mobile)")


def test_referent_starts_from_its_department_page(new_context):
    page = new_context(viewport=DESKTOP).new_page()
    log_in(page, "referent-44")
    panel = page.locator("#my-departments-section")
    assert "Loire-Atlantique (44)" in panel.inner_text()
    assert "Protocole en négociation" in panel.inner_text()
    panel.get_by_role("link", name="Pages du département (explorateur)").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    assert "Loire-Atlantique" in page.locator("main").inner_text()


def test_producer_opens_the_import_preset_for_a_late_indicator(new_context, shot):
    page = new_context(viewport=DESKTOP).new_page()
    log_in(page, "producteur")
    panel = page.locator("#stale-indicators-section")
    panel.get_by_role(
        "link", name=re.compile("^Importer des valeurs pour")
    ).first.click()
    page.wait_for_url(re.compile(r"/indicateurs/import/\?indicator=\d+"))
    assert "Import pré-réglé pour l’indicateur" in page.locator("main").inner_text()
    shot(page, "admin-import-pre-regle")
    assert_accessible(page, "import pré-réglé")
    imports = page
    imports.goto("/admin/")
    assert "producteur" in page.locator("#last-imports-section").inner_text().lower()


def test_moderator_opens_the_queue_filtered_by_age(new_context):
    page = new_context(viewport=DESKTOP).new_page()
    log_in(page, "moderation")
    panel = page.locator("#good-practices-moderation-section")
    assert "Forum des métiers (test)" in panel.inner_text()
    panel.get_by_role("link", name=re.compile("plus de 7 jours")).click()
    page.wait_for_url(re.compile(r"/bonnes-pratiques/moderation/\?age=gt7$"))
    assert "Forum des métiers (test)" in page.locator("main").inner_text()

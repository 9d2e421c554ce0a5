"""The journeys of the people the site serves, clicked and typed in a real browser.

Each test checks what the pages show; the server's database is its own
(tests/e2e/conftest.py), so what a journey creates stays for the next ones.
"""

import io
import re

from openpyxl import load_workbook
from PIL import Image
from playwright.sync_api import expect

from .axe import assert_accessible
from .seed import PASSWORD


def admin_login(page, username, shot=None):
    page.goto("/admin/login/")
    if shot:
        shot(page, "admin-connexion")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="S'identifier").click()
    page.wait_for_url("**/admin/")


def reload_until(page, text, tries=20):
    """Reload ``page`` until its main content shows ``text`` (another person's
    action, in another browser, lands on the server)."""
    for _ in range(tries):
        page.reload()
        if text in page.inner_text("main").lower():
            return
        page.wait_for_timeout(500)
    raise AssertionError(f"« {text} » absent de {page.url}")


def png(path):
    Image.new("RGB", (320, 200), (0, 0, 145)).save(path, format="PNG")
    return path


def test_visitor_goes_from_home_to_a_measure_chart_then_searches_and_filters(
    page, shot
):
    page.goto("/")
    shot(page, "public-accueil")
    page.get_by_role("main").get_by_role("link", name="Emploi", exact=True).click()
    page.wait_for_url("**/feuille-de-route/emploi/")
    assert page.get_by_role("heading", level=1).inner_text() == "Emploi"
    shot(page, "public-programme")

    page.get_by_role("main").get_by_role("link", name="Emplois francs").first.click()
    page.wait_for_url("**/feuille-de-route/emploi/emplois-francs/")
    assert page.get_by_role("heading", level=1).inner_text() == "Emplois francs"
    chart = page.get_by_role(
        "img", name="Évolution de l’indicateur « Emplois francs signés »", exact=False
    )
    assert chart.is_visible()
    history = page.get_by_role("table", name=re.compile("Emplois francs signés"))
    assert history.get_by_role("row").count() >= 3  # header + at least 2 dated values
    shot(page, "public-mesure-graphique")

    search = page.get_by_role("search", name="Recherche sur tout le site")
    search.get_by_label("Rechercher sur le site").fill("emploi franc")
    search.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/recherche/?q=emploi+franc")
    assert re.search(r"\d+ résultats? pour « emploi franc »", page.inner_text("main"))
    results = page.get_by_role("main").get_by_role("heading", level=2)
    assert "Emplois francs" in results.all_inner_texts()
    shot(page, "public-recherche-resultats")

    page.get_by_role("link", name=re.compile(r"^Mesure \(\d+\)")).click()
    page.wait_for_url(re.compile(r"type="))
    titles = page.get_by_role("main").get_by_role("heading", level=2).all_inner_texts()
    assert "Emplois francs" in titles
    assert all(
        "Indicateur" not in t
        for t in page.locator("main li p.fr-text--xs").all_inner_texts()
    )

    # The roadmap's filters.
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name=re.compile("feuille de route", re.IGNORECASE)
    ).click()
    page.get_by_label("Programme").select_option(label="Emploi")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(re.compile(r"programme=emploi"))
    main = page.get_by_role("main")
    assert main.get_by_role("link", name="Emplois francs").first.is_visible()
    assert main.get_by_role("link", name=re.compile("Dédoublement")).count() == 0
    shot(page, "public-feuille-de-route-filtree")


def test_communication_writes_news_and_the_administrator_publishes_it(
    new_context, shot
):
    title = "Les quartiers à l’honneur : test de bout en bout"
    officer = new_context().new_page()
    admin_login(officer, "redaction", shot)
    shot(officer, "admin-tableau-de-bord-communication")
    officer.goto("/admin/pages/")
    officer.get_by_role("link", name=re.compile("Explorer.*Mobilisation")).click()
    officer.get_by_role("link", name=re.compile("Explorer.*Actualités")).click()
    officer.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    shot(officer, "admin-explorateur-actualites")
    officer.get_by_role("link", name="Ajouter une sous-page").click()
    officer.wait_for_url("**/admin/pages/add/home/newspage/**")
    officer.locator("#id_title").fill(title)
    officer.locator("#id_summary").fill(
        "Une actualité écrite par la communication et publiée après validation."
    )
    shot(officer, "admin-actualite-nouvelle")
    officer.get_by_role("button", name="Plus d'actions").click()
    officer.get_by_role("button", name="Soumettre à Publication").click()
    officer.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    assert officer.get_by_role("link", name=title).first.is_visible()
    shot(officer, "admin-actualite-soumise")

    public = new_context().new_page()
    public.goto("/actualites/")
    assert title not in public.inner_text("main")

    administrator = new_context().new_page()
    admin_login(administrator, "cget")
    shot(administrator, "admin-tableau-de-bord-administrateur")
    administrator.get_by_role("link", name=title).click()
    administrator.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    shot(administrator, "admin-actualite-a-approuver")
    administrator.get_by_role("button", name="Plus d'actions").click()
    administrator.get_by_role("button", name="Approuver et Publier").click()
    administrator.wait_for_load_state()

    public.goto("/actualites/")
    public.get_by_role("link", name=title).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(title)
    shot(public, "public-actualite-publiee")


def test_partner_proposes_a_practice_moderated_then_found_by_visitors(
    new_context, server, shot, tmp_path
):
    title = "Ateliers de code au club de quartier"
    partner = new_context().new_page()
    partner.goto("/bonnes-pratiques/")
    partner.get_by_role("main").get_by_role(
        "link", name=re.compile("Créer un compte|Proposer")
    ).first.click()
    if "/connexion/" in partner.url:
        partner.get_by_role("link", name="Créer un compte partenaire").click()
    partner.wait_for_url("**/mon-espace/inscription/")
    shot(partner, "public-inscription")
    partner.get_by_label("Prénom et nom").fill("Alex Martin")
    partner.get_by_label("Organisation").fill("Club Code Quartiers")
    partner.get_by_label("Adresse électronique").fill("alex@example.org")
    partner.get_by_label("Mot de passe").fill("un mot de passe bien long 2019")
    partner.get_by_role("button", name="Créer mon compte").click()
    partner.wait_for_url("**/inscription/envoyee/")
    shot(partner, "public-inscription-envoyee")

    (mail,) = [m for m in server.emails() if "alex@example.org" in m]
    link = re.search(r"http://127\.0\.0\.1:\d+/mon-espace/confirmer/\S+/", mail).group()
    partner.goto(link)
    partner.wait_for_url("**/mon-espace/connexion/")
    assert "Votre adresse est confirmée" in partner.inner_text("main")
    partner.get_by_label("Nom d’utilisateur").fill("alex@example.org")
    partner.get_by_label("Mot de passe").fill("un mot de passe bien long 2019")
    partner.get_by_role("main").get_by_role("button", name="Se connecter").click()
    partner.wait_for_url("**/mon-espace/")
    shot(partner, "public-espace-partenaire-vide")

    partner.goto("/bonnes-pratiques/proposer/")
    partner.get_by_label("Titre").fill(title)
    partner.get_by_label("Résumé").fill(
        "Des lycéens du quartier apprennent à programmer avec des développeurs."
    )
    partner.get_by_label("Description").fill(
        "Chaque mercredi, douze lycéens.\n\nUn mentor pour deux élèves."
    )
    department = partner.get_by_label("Département")
    department.select_option(
        department.locator("option", has_text="Loire-Atlantique").get_attribute("value")
    )
    partner.get_by_label("Former").check(force=True)  # DSFR: the label covers the box
    partner.locator("#id_organisation").fill("Club Code Quartiers")
    partner.get_by_label("Type d’organisation").select_option(index=1)
    partner.get_by_label("Personne à contacter").fill("Alex Martin")
    partner.get_by_label("Courriel de contact").fill("alex@example.org")
    partner.get_by_label("Images (5 au plus)").set_input_files(
        png(tmp_path / "atelier-code.png")
    )
    shot(partner, "public-proposer-bonne-pratique")
    partner.get_by_role("button", name="Envoyer à la modération").click()
    partner.wait_for_url("**/mon-espace/")
    assert "en modération" in partner.inner_text("main").lower()
    shot(partner, "public-espace-partenaire")

    moderator = new_context().new_page()
    admin_login(moderator, "moderation")
    moderator.get_by_role("link", name=title).first.click()
    moderator.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    shot(moderator, "admin-bonne-pratique-a-moderer")
    moderator.get_by_role("button", name="Plus d'actions").click()
    moderator.get_by_role("button", name="Demander des modifications").click()
    # Wagtail's modal dialog keeps aria-hidden: found by its visible form.
    comment = moderator.locator("textarea[name=comment]:visible")
    comment.fill("Précisez le nombre de séances.")
    shot(moderator, "admin-bonne-pratique-demande-de-modifications")
    moderator.locator("form:has(textarea[name=comment]:visible) [type=submit]").click()
    moderator.wait_for_load_state()

    reload_until(partner, "précisez le nombre de séances.")
    partner.get_by_role("link", name=re.compile("Modifier")).first.click()
    partner.get_by_label("Résumé").fill(
        "Trente séances par an : des lycéens apprennent à programmer."
    )
    partner.get_by_role("button", name="Envoyer à la modération").click()
    partner.wait_for_url("**/mon-espace/")
    assert "en modération" in partner.inner_text("main").lower()

    moderator.goto("/admin/")
    moderator.get_by_role("link", name=title).first.click()
    moderator.get_by_role("button", name="Plus d'actions").click()
    moderator.get_by_role("button", name=re.compile(r"^\s*Approuver")).first.click()
    moderator.wait_for_load_state()

    reload_until(partner, "publiée")

    visitor = new_context().new_page()
    visitor.goto("/bonnes-pratiques/")
    visitor.get_by_role("link", name=title).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    # The partner's image, decorative (alt=""), served and decoded.
    photo = visitor.locator("main img").first
    photo.wait_for()
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
    shot(visitor, "public-bonne-pratique")
    assert_accessible(visitor, "page d’une bonne pratique")
    search = visitor.get_by_role("search", name="Recherche sur tout le site")
    search.get_by_label("Rechercher sur le site").fill("ateliers de code")
    search.get_by_role("button", name="Rechercher").click()
    # The click starts a navigation: wait for the results page before reading it.
    visitor.wait_for_url(re.compile(r"/recherche/\?q=ateliers"))
    expect(visitor.get_by_role("main").get_by_role("link", name=title)).to_be_visible()


def test_referent_fills_a_semester_report_and_downloads_its_xlsx(new_context, shot):
    referent = new_context(accept_downloads=True).new_page()
    admin_login(referent, "referent-44")
    shot(referent, "admin-tableau-de-bord-referent")
    referent.get_by_role("button", name=re.compile("PAQTE : suivi")).click()
    referent.get_by_role("link", name=re.compile("Bilans semestriels")).click()
    shot(referent, "admin-bilans-semestriels")
    referent.get_by_role("link", name=re.compile("Ajouter")).first.click()
    referent.wait_for_url("**/add/")
    referent.locator("#id_year").fill("2019")
    referent.locator("#id_half").select_option("1")
    referent.locator("#id_referent_contact").fill(
        "Référente PAQTE, préfecture de Loire-Atlantique"
    )
    referent.locator("#id_examples").fill(
        "Visites d’entreprises pour des collégiens de REP+."
    )
    shot(referent, "admin-bilan-semestriel-saisie")
    referent.get_by_role("button", name="Enregistrer le brouillon").click()
    referent.wait_for_url(re.compile(r"/edit/"))
    shot(referent, "admin-bilan-semestriel-enregistre")
    referent.get_by_role("button", name=re.compile("PAQTE : suivi")).click()
    referent.get_by_role("link", name=re.compile("Bilans semestriels")).click()
    row = referent.get_by_role("row", name=re.compile("Loire-Atlantique"))
    with referent.expect_download() as download_info:
        row.get_by_role("link", name="Télécharger (xlsx)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(download.path().read_bytes()))
    cells = [str(c) for row in workbook.active.values for c in row if c is not None]
    assert "1. Référent du PAQTE (coordonnées)" in cells
    assert "Référente PAQTE, préfecture de Loire-Atlantique" in cells
    assert any("Loire-Atlantique" in cell for cell in cells)

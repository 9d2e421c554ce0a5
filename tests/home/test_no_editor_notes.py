"""Nothing meant for editors reaches visitors.

Every public page type, rendered with the reference content (where most sections
are still empty), shows neither an editor's to-do nor a count of zero as content:
an empty section is omitted or says what it will hold. The gaps are listed for
editors in Rapports → À compléter (tests/home/test_completeness_report.py).
"""

import re

import pytest

from django.core.management import call_command

from wagtail.models import Page

from home.models import StandardPage
from home.reference_pages import LEGAL_NOTICE, PREVIOUS_VERSIONS

pytestmark = pytest.mark.django_db

EDITOR_PHRASES = [
    "à compléter",
    "à renseigner",
    "à préciser",
    "à saisir",
    "rédacteur",
    "ajouteront",
    "saisit dans l’administration",
    "saisis dans l’administration",
    "administrateur national doit",
    "par un administrateur",
    "non renseigné",
    "décliné dans 0",
]
ZERO_COUNT = re.compile(
    r"(?<![\d,.\u202f])0\s+(convention|bonnes?\s+pratique|pratique|protocole|contrat|"
    r"entreprise|mesure|résultat|engagement|journée|indicateur)",
    re.IGNORECASE,
)
# Public views that are not pages of the tree (routes of routable pages, search).
EXTRA_URLS = [
    "/territoires/renovation/",
    "/reseau/",
    "/bonnes-pratiques/",
    "/paqte/journees/",
    "/recherche/",
    "/recherche/?q=emplois+francs",
    "/recherche/?q=xylophonez",
    "/mon-espace/inscription/",
]


def visible_text(html):
    """The text of <main>, without tags, scripts and styles."""
    main = re.search(r"<main\b.*?</main>", html, re.S)
    text = main.group(0) if main else html
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", text.replace("&nbsp;", " ").replace("\xa0", " "))


def one_page_of_each_type():
    seen = {}
    for page in Page.objects.live().public().filter(depth__gt=1).specific():
        seen.setdefault(type(page), page)
    return seen


def problems(text):
    lowered = text.lower()
    found = [phrase for phrase in EDITOR_PHRASES if phrase in lowered]
    found += [match.group(0) for match in ZERO_COUNT.finditer(text)]
    return found


def test_the_reference_content_covers_the_public_page_types():
    names = {model.__name__ for model in one_page_of_each_type()}
    assert {
        "HomePage",
        "MeasurePage",
        "DepartmentPage",
        "ClubPage",
        "MobilisationDayPage",
        "PacteDijonPage",
        "PaqtePage",
        "TerritoryIndexPage",
    } <= names


def test_no_public_page_shows_editors_notes_or_zero_counts(client):
    urls = [page.url for page in one_page_of_each_type().values()]
    # Every department and every day too: they differ by what is loaded.
    urls += [
        page.url
        for page in Page.objects.live()
        .public()
        .filter(depth__gt=1)
        .type(*{type(p) for p in one_page_of_each_type().values()})
    ]
    failures = {}
    for url in sorted(set(urls + EXTRA_URLS)):
        response = client.get(url)
        assert response.status_code == 200, url
        found = problems(visible_text(response.content.decode()))
        if found:
            failures[url] = found
    assert not failures


def test_the_check_catches_a_to_do_and_a_zero_count():
    assert problems("Présentation à compléter par les rédacteurs.")
    assert problems("0 convention signée retient cet axe.")
    assert problems("Décliné dans 0 protocoles")
    assert problems("0 bonnes pratiques")
    assert not problems("18 mesures publiées sur 40. 10 conventions. 2020 entreprises")


def test_honest_statements_of_scope_stay_worded_for_visitors(client):
    roadmap = visible_text(client.get("/feuille-de-route/").content.decode())
    assert "18 mesures publiées sur 40" in roadmap
    territories = visible_text(client.get("/territoires/").content.decode())
    assert "Occitanie" in territories
    accessibility = visible_text(client.get("/accessibilite/").content.decode())
    assert "non conforme" in accessibility and "Un audit est à venir" in accessibility
    legal = visible_text(client.get("/mentions-legales/").content.decode())
    assert "sera indiquée ici avant l’ouverture du site au public" in legal


def test_an_empty_section_tells_visitors_what_it_will_hold(client):
    club_html = client.get("/reseau/face/").content.decode()
    assert "seront listées ici ; en attendant, l’annuaire du réseau" in visible_text(
        club_html
    )
    assert "<h2>Le club</h2>" not in club_html  # no heading over nothing
    assert "<h2>Contact</h2>" not in club_html
    renovation = visible_text(client.get("/territoires/renovation/").content.decode())
    assert "Cette page présentera, région par région" in renovation
    assert "Auvergne-Rhône-Alpes" not in renovation  # no table of zeros
    practices = visible_text(client.get("/bonnes-pratiques/").content.decode())
    assert "seront publiées ici après relecture" in practices


def stored(page):
    return [(block["type"], block["value"]) for block in page.body.raw_data]


def as_body(text):
    return [("paragraph", " ".join(text.split()))]


def test_loading_again_updates_a_reference_text_only_while_editors_left_it():
    legal = StandardPage.objects.get(slug="mentions-legales")
    privacy = StandardPage.objects.get(slug="donnees-personnelles")
    # The legal notice still holds the previous reference text: it is updated.
    legal.body = as_body(PREVIOUS_VERSIONS["mentions-legales"][0])
    legal.save_revision().publish()
    # The privacy page was changed by an editor: it is kept.
    privacy.body = as_body("<p>Texte écrit par le délégué à la protection.</p>")
    privacy.save_revision().publish()

    call_command("load_reference_content", verbosity=0)

    legal.refresh_from_db()
    privacy.refresh_from_db()
    assert stored(legal) == as_body(LEGAL_NOTICE)
    assert stored(privacy) == as_body(
        "<p>Texte écrit par le délégué à la protection.</p>"
    )
    revisions = legal.revisions.count()
    call_command("load_reference_content", verbosity=0)
    assert legal.revisions.count() == revisions  # a second run changes nothing


def test_a_draft_in_progress_keeps_the_old_reference_text():
    legal = StandardPage.objects.get(slug="mentions-legales")
    legal.body = as_body(PREVIOUS_VERSIONS["mentions-legales"][0])
    legal.save_revision().publish()
    legal.title = "Mentions légales (en cours de relecture)"
    legal.save_revision()  # a draft, not published

    call_command("load_reference_content", verbosity=0)

    legal.refresh_from_db()
    assert stored(legal) == as_body(PREVIOUS_VERSIONS["mentions-legales"][0])

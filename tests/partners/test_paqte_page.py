"""/paqte/: the pact, its four axes, the aggregates and the signatories."""

import pytest

from home.models import HomePage
from partners.models import Axis, ClubPage, ConventionResult
from partners.reference import ANNEX_2, load_partner_content

from .factories import (
    CompanyFactory,
    ConventionFactory,
    KeyIndicatorFactory,
    axis,
    department,
)

pytestmark = pytest.mark.django_db


def test_the_four_axes_are_the_circulars_word_for_word():
    annex = ANNEX_2.read_text(encoding="utf-8")
    axes = list(Axis.objects.order_by("number"))
    assert [a.name for a in axes] == ["Sensibiliser", "Former", "Recruter", "Acheter"]
    for item in axes:
        assert item.definition in annex
        assert item.source == "Circulaire n° 6057/SG du 22 janvier 2019, annexe 2"
    # Their key indicators: only those a national report gives (Acheter has none).
    assert {
        axis.name: sorted(axis.key_indicators.values_list("code", flat=True))
        for axis in axes
    } == {
        "Sensibiliser": ["PAQTE-SENSIBILISER-JEUNES"],
        "Former": ["PAQTE-FORMER-JEUNES"],
        "Recruter": ["PAQTE-RECRUTER-SALARIES"],
        "Acheter": [],
    }


def test_paqte_page_explains_the_pact_without_editors_notes(client):
    response = client.get("/paqte/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Le PAQTE</h1>" in html
    assert "Présentation du PAQTE" in html
    assert "« sensibiliser les plus jeunes au monde de l’entreprise" in html
    assert "à renseigner" not in html
    assert "0 convention" not in html
    assert "seront présentés ici, département par département" in html


def test_paqte_page_aggregates_commitments_and_results(client):
    stages = KeyIndicatorFactory(name="Stages de 3e proposés")
    axis("sensibiliser").key_indicators.add(stages)
    one = ConventionFactory(axes=[axis("sensibiliser"), axis("former")])
    two = ConventionFactory(
        axes=[axis("sensibiliser")],
        company=CompanyFactory(name="Signataire du 31", department=department("31")),
    )
    ConventionFactory(
        axes=[axis("acheter")],
        status="preparation",
        company=CompanyFactory(name="Pas encore signée"),
    )
    for convention, value in ((one, 4), (two, 6)):
        ConventionResult.objects.create(
            convention=convention,
            axis=axis("sensibiliser"),
            indicator=stages,
            year=2019,
            half=1,
            value=value,
        )
    response = client.get("/paqte/")
    context = response.context
    assert context["national"]["conventions"] == 2
    assert context["national"]["companies"] == 2
    result = context["national"]["results"][0]
    assert (result["indicator__name"], result["total"]) == ("Stages de 3e proposés", 10)
    commitments = {a.code: a.commitments for a in context["axes"]}
    assert commitments == {"sensibiliser": 2, "former": 1, "recruter": 0, "acheter": 0}
    rows = {row["department"].code: row for row in context["departments"]}
    assert set(rows) == {"44", "31"}
    assert rows["44"]["axes"] == [1, 1, 0, 0]
    html = response.content.decode()
    assert "Signataire du 31" in html
    assert "Pas encore signée" not in html
    assert "Stages de 3e proposés" in html


def test_clubs_exist_with_only_what_the_circular_says(client):
    clubs = {club.title: club for club in ClubPage.objects.all()}
    assert set(clubs) == {"FACE", "CREPI", "LEPC"}
    for club in clubs.values():
        assert not club.body
        assert not club.website
        assert not club.contact_email
        assert not club.departments.exists()
    html = client.get("/reseau/face/").content.decode()
    assert "à compléter" not in html
    assert "<h2>Contact</h2>" not in html
    assert "seront listées ici ; en attendant" in html


def test_loading_the_reference_content_again_creates_nothing():
    assert load_partner_content(HomePage.objects.get()) == {}


def test_a_club_page_lists_members_and_their_conventions(client):
    face = ClubPage.objects.get(slug="face")
    member = CompanyFactory(name="Membre de FACE")
    member.clubs.add(face)
    ConventionFactory(company=member, axes=[axis("recruter")])
    html = client.get("/reseau/face/").content.decode()
    assert "Membre de FACE" in html
    assert "Recruter" in html


def test_paqte_page_queries_do_not_grow_with_conventions(client):
    from tests.query_budget import queries_after_publication, queries_when_cached

    from .test_directory import add_companies

    ConventionFactory(axes=[axis("former")])
    before = queries_after_publication(client, "/paqte/")
    cached_before = queries_when_cached(client, "/paqte/")
    add_companies(500)
    after = queries_after_publication(client, "/paqte/")
    cached_after = queries_when_cached(client, "/paqte/")
    assert (before, cached_before) == (after, cached_after)
    assert before <= 30
    assert cached_before <= 25

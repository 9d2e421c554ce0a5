"""The pacte de Dijon as data: every commitment of the seed's text, and its page."""

from collections import Counter

import pytest

from django.core.management import call_command

from measures.models import PacteCommitment
from tests.factories import make_contract, make_protocol

pytestmark = pytest.mark.django_db

# Counted by hand in the seed (annex 4): bullets under « Nous nous engageons à » and
# « Cela sera possible si l’État et ses services s’engagent à », per theme.
EXPECTED = {
    ("economie", "agglomerations"): 6,
    ("economie", "state"): 2,
    ("habitat", "agglomerations"): 4,
    ("habitat", "state"): 4,
    ("mobilites", "agglomerations"): 4,
    ("mobilites", "state"): 3,
    ("jeunesse", "agglomerations"): 5,
    ("jeunesse", "state"): 5,
    ("social", "agglomerations"): 5,
    ("social", "state"): 4,
}


def test_every_commitment_of_the_pacte_is_loaded():
    assert PacteCommitment.objects.count() == 42 == sum(EXPECTED.values())
    counts = Counter(PacteCommitment.objects.values_list("theme", "party"))
    assert counts == EXPECTED


def test_commitments_keep_the_words_of_the_text_in_order():
    first = PacteCommitment.objects.first()
    assert first.reference == "ECO-A1"
    assert first.text == (
        "Contribuer à la redynamisation économique, artisanale et commerciale des "
        "quartiers populaires,"
    )
    last = PacteCommitment.objects.last()
    assert last.reference == "SOC-E4"
    assert last.text.startswith("Donner les moyens humains et financiers nécessaires")
    assert PacteCommitment.objects.get(reference="MOB-E3").display_text == (
        "Permettre la reconquête des quartiers de gare."
    )


def test_loading_again_creates_no_commitment_and_keeps_edits():
    commitment = PacteCommitment.objects.get(reference="HAB-E1")
    commitment.text = "Texte corrigé par un administrateur"
    commitment.save()
    call_command("load_reference_content", verbosity=0)
    assert PacteCommitment.objects.count() == 42
    commitment.refresh_from_db()
    assert commitment.text == "Texte corrigé par un administrateur"


def test_pacte_page_renders_every_commitment_by_theme_and_party(client):
    html = client.get("/territoires/pacte-de-dijon/").content.decode()
    assert "42 engagements" in html
    assert "Décliné dans 0" not in html
    assert "Chaque engagement renverra ici aux protocoles" in html
    for text in (
        "Développement économique, emploi et excellence numérique",
        "Agir sur les mobilités quotidiennes",
        "Nous nous engageons à :",
        "Cela sera possible si l’État et ses services s’engagent à :",
        "Permettre la reconquête des quartiers de gare",
    ):
        assert text in html


def test_each_commitment_shows_the_published_protocols_that_declined_it(client):
    pacte = PacteCommitment.objects.get(reference="JEU-A4")
    for code, title in (("31", "Contrat A"), ("44", "Contrat B")):
        make_protocol(
            make_contract(code, title=title),
            title=f"Protocole {title}",
            status="negotiating",
            commitments=[
                {
                    "party": "local_authority",
                    "description": "Étendre la réussite éducative.",
                    "pacte_commitment": pacte,
                }
            ],
        )
    draft = make_contract("31", title="Contrat brouillon")
    protocol = make_protocol(
        draft,
        title="Protocole brouillon",
        commitments=[{"party": "state", "description": "x", "pacte_commitment": pacte}],
    )
    protocol.unpublish()

    html = client.get("/territoires/pacte-de-dijon/").content.decode()
    assert "Décliné dans 2 protocoles" in html
    assert "Protocole Contrat A" in html and "Protocole Contrat B" in html
    assert "Protocole brouillon" not in html
    assert "1 est décliné dans au moins un protocole" in html


def test_pacte_commitments_are_listed_filtered_and_exported_in_the_admin(
    client, user_factory
):
    client.force_login(user_factory("cget-national", "Administrateurs nationaux"))
    listing = client.get(
        "/admin/snippets/measures/pactecommitment/", {"theme": "mobilites"}
    )
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "MOB-E3" in html and "ECO-A1" not in html
    export = client.get("/admin/snippets/measures/pactecommitment/", {"export": "xlsx"})
    assert export.status_code == 200


def test_a_referent_reads_the_pacte_in_the_admin_but_cannot_change_it(
    client, user_factory
):
    client.force_login(user_factory("referent", "Référents départementaux"))
    assert client.get("/admin/snippets/measures/pactecommitment/").status_code == 200
    commitment = PacteCommitment.objects.get(reference="ECO-A1")
    response = client.post(
        f"/admin/snippets/measures/pactecommitment/edit/{commitment.pk}/",
        {"text": "Changé"},
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.text.startswith("Contribuer")

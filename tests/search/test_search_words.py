"""Stop words, partial results, word forms, editors' synonyms and « Vouliez-vous
dire », on both engines (PostgreSQL-only checks are marked)."""

import pytest

from django.core.management import call_command
from django.db import connection

from search.models import SynonymSet
from search.query import EQUIVALENT_FORMS, Terms, concepts, fold

pytestmark = pytest.mark.django_db

POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the Snowball stemmer (ts_lexize) exists only on PostgreSQL",
)


def search(client, query):
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    return response


def titles(response):
    return [result["title"] for result in response.context["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("politique de la ville", "La circulaire du 22 janvier 2019"),
        (
            "mobilisation nationale pour les habitants",
            "Mobilisation nationale pour les habitants des quartiers",
        ),
    ],
)
def test_stop_words_are_never_required(client, query, expected):
    response = search(client, query)
    assert expected in titles(response)
    assert not response.context["partial"]


def test_stop_words_and_their_twins_leave_the_query():
    assert concepts("la politique pour les villes") == [
        ["politique", "politiques"],
        ["villes", "ville"],
    ]


def test_a_word_found_nowhere_leaves_partial_results_labelled(client):
    response = search(client, "emplois francs zzzqqq")
    assert "Emplois francs" in titles(response)[:3]
    assert response.context["partial"]
    assert "Résultats contenant une partie des mots" in response.content.decode()


def test_results_holding_every_word_are_not_called_partial(client):
    response = search(client, "emplois francs")
    assert not response.context["partial"]
    assert "partie des mots" not in response.content.decode()


def test_editors_synonyms_apply_at_query_time(client):
    assert "Emplois francs" not in titles(search(client, "embauche aidee"))
    SynonymSet.objects.create(terms="embauche aidée, emplois francs")
    assert "Emplois francs" in titles(search(client, "embauche aidee"))


def test_reference_synonyms_find_the_expanded_form(client):
    found = titles(search(client, "NPNRU"))
    assert (
        "Nouveau programme national de renouvellement urbain (NPNRU) doublé de 5 à 10 Md€"
        in found
    )
    terms = Terms.parse("QPV", [["QPV", "quartier prioritaire"]])
    assert "quartier prioritaire" in terms.concepts[0]


def test_loading_synonyms_twice_changes_nothing_and_keeps_editors_changes():
    edited = SynonymSet.objects.get(terms__startswith="QPV")
    edited.terms = "QPV, quartier prioritaire, quartier de la politique de la ville"
    edited.save()
    count = SynonymSet.objects.count()
    assert count >= 25
    call_command("load_reference_content", verbosity=0)
    assert SynonymSet.objects.count() == count
    edited.refresh_from_db()
    assert edited.terms.endswith("quartier de la politique de la ville")


@pytest.mark.parametrize(
    ("query", "corrected"),
    [("renovaton urbaine", "rénovation urbaine"), ("citées éducatives", "cités")],
)
def test_did_you_mean_offers_indexed_words(client, query, corrected):
    response = search(client, query)
    suggestion = response.context["did_you_mean"]
    assert fold(corrected) in fold(suggestion["text"])
    assert suggestion["url"].startswith("?q=")
    assert "Vouliez-vous dire" in response.content.decode()


def test_no_suggestion_when_every_word_is_found(client):
    assert "did_you_mean" not in search(client, "emplois francs").context


@POSTGRES
def test_pg_trgm_is_installed():
    with connection.cursor() as cursor:
        cursor.execute("SELECT similarity('franc', 'frnac')")
        assert cursor.fetchone()[0] >= 0


# Measured: the pairs ts_lexize('french_stem', …) gives different stems, which
# EQUIVALENT_FORMS joins; and pairs it already joins (no entry needed).
SPLIT_PAIRS = [
    ("emploi", "emplois"),
    ("public", "publique"),
    ("nouveau", "nouvelle"),
    ("formation", "formé"),
    ("insertion", "inséré"),
    ("création", "créé"),
    ("sécurité", "sécurisé"),
    ("franc", "franche"),
    ("sportif", "sportive"),
    ("travail", "travaux"),
    ("bail", "baux"),
]
JOINED_PAIRS = [
    ("national", "nationaux"),
    ("nationale", "nationaux"),
    ("territorial", "territoriaux"),
    ("rénovation", "rénové"),
    ("mobilisation", "mobilisé"),
    ("accompagnement", "accompagné"),
    ("éducatif", "éducatives"),
    ("culturel", "culturelle"),
    ("financement", "financé"),
]


def stem(word):
    with connection.cursor() as cursor:
        cursor.execute("SELECT ts_lexize('french_stem', %s)", [word])
        return cursor.fetchone()[0]


@POSTGRES
@pytest.mark.parametrize(("one", "other"), SPLIT_PAIRS)
def test_stemmer_splits_these_forms(one, other):
    assert stem(one) != stem(other)


@POSTGRES
@pytest.mark.parametrize(("one", "other"), JOINED_PAIRS)
def test_stemmer_joins_these_forms(one, other):
    assert stem(one) == stem(other)


@pytest.mark.parametrize(("one", "other"), SPLIT_PAIRS)
def test_split_forms_are_searched_together(one, other):
    forms = {fold(form) for form in concepts(one)[0]}
    assert fold(other) in forms
    assert any(fold(other) in group for group in EQUIVALENT_FORMS)

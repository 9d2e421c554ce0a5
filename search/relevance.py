"""The relevance set (``data/relevance.csv``): queries a visitor would type and
the titles expected among the first five results. ``hits_at_5`` runs them through
the public search (synonyms, partial results and all), on the configured engine."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.test import RequestFactory

RELEVANCE_CSV = Path(__file__).resolve().parent / "data" / "relevance.csv"
TOP = 5


@dataclass
class Case:
    query: str
    expected: list


def cases():
    with RELEVANCE_CSV.open(encoding="utf-8") as source:
        return [
            Case(row["query"], [t.strip() for t in row["expected"].split("|")])
            for row in csv.DictReader(source)
        ]


def top_titles(query_string, request):
    from .engine import Selection
    from .models import synonym_sets
    from .query import Terms
    from .sources import public_sources
    from .views import results

    terms = Terms.parse(query_string, synonym_sets())
    if not terms.concepts:
        return []
    outcome, _partial = results(
        terms, query_string, Selection(), public_sources(), request
    )
    return [result["title"] for result in outcome.results[:TOP]]


def hits_at_5():
    """(number of hits, number of cases, [(case, titles found)] of the misses)."""
    request = RequestFactory().get("/recherche/")
    misses, all_cases = [], cases()
    for case in all_cases:
        found = top_titles(case.query, request)
        if not any(title in found for title in case.expected):
            misses.append((case, found))
    return len(all_cases) - len(misses), len(all_cases), misses

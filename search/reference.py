"""The reference synonyms (``data/synonyms.csv``), loaded by
``load_reference_content``: a set is created only when no set already holds its
first term (its acronym), so a second run changes nothing and a set that editors
changed is left as they wrote it."""

import csv
from pathlib import Path

from .models import SynonymSet, split_terms

SYNONYMS_CSV = Path(__file__).resolve().parent / "data" / "synonyms.csv"


def reference_synonyms():
    with SYNONYMS_CSV.open(encoding="utf-8") as source:
        return [split_terms(row["terms"]) for row in csv.DictReader(source)]


def load_synonyms():
    """Create the missing reference sets; returns how many were created."""
    known = {
        term.lower()
        for synonym_set in SynonymSet.objects.all()
        for term in synonym_set.terms_list()
    }
    created = 0
    for terms in reference_synonyms():
        if terms[0].lower() in known:
            continue
        SynonymSet.objects.create(terms=", ".join(terms))
        known.update(term.lower() for term in terms)
        created += 1
    return created

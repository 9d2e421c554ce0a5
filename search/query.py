"""Turning what a visitor types into a search query that works in French.

PostgreSQL's French stemmer (``french_unaccent`` configuration) folds accents and
most inflections, but keeps some plurals apart ("emplois" stays "emplois" while
"emploi" stays "emploi"), and SQLite's FTS5 has no stemming at all. So each word
is searched with its singular/plural twin: "emploi franc" finds "emplois francs".
"""

import re
import unicodedata

from wagtail.search.query import And, Or, PlainText

WORD_RE = re.compile(r"[\w’'-]+", re.UNICODE)
MAX_WORDS = 8


def words(text):
    """The words of ``text`` worth searching (no one-letter words, at most 8)."""
    found = []
    for word in WORD_RE.findall(text or ""):
        word = word.strip("’'-").lower()
        if len(word) > 1 and word not in found:
            found.append(word)
    return found[:MAX_WORDS]


def variants(word):
    """The word and its French singular or plural form."""
    forms = [word]
    if word.endswith(("s", "x")) and len(word) > 3:
        forms.append(word[:-1])
    elif word.endswith("al") and len(word) > 4:
        forms.append(word[:-2] + "aux")
    elif not word.endswith("z"):
        forms.append(word + "s")
    if word.endswith("aux") and len(word) > 4:
        forms.append(word[:-3] + "al")
    return forms


def build_query(text):
    """A Wagtail search query: every word must match, in any of its forms."""
    terms = []
    for word in words(text):
        forms = [PlainText(form) for form in variants(word)]
        terms.append(forms[0] if len(forms) == 1 else Or(forms))
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else And(terms)


def fold(text):
    """Lower case without accents, for matching in excerpts."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))

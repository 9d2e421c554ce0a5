"""« Vouliez-vous dire … » : the query with its unknown words replaced by the
closest words the search index holds.

On PostgreSQL the closest word comes from ``pg_trgm``'s similarity over the
index's text (``statement.closest_indexed_words``); elsewhere from ``difflib``
over the index's words, read once per change of content. Only asked when a
search finds nothing or only partial results.
"""

import difflib
import hashlib
import re

from django.core.cache import cache
from django.db import connection

from .query import fold, variants, words
from .statement import closest_indexed_words, indexed_words

CACHE_SECONDS = 600


def closest_words(word_list):
    """For each folded word: itself if indexed, else the closest indexed word (or
    None). On PostgreSQL, trigrams pick the candidates and difflib the closest."""
    if connection.vendor == "postgresql":
        candidates = closest_indexed_words(word_list)
        return {
            word: closest(word, {fold(c): c for c in candidates.get(word, [])})
            for word in word_list
        }
    by_folded = vocabulary()
    return {word: closest(word, by_folded) for word in word_list}


def closest(word, by_folded):
    if word in by_folded:
        return by_folded[word]
    close = difflib.get_close_matches(word, by_folded.keys(), n=1, cutoff=0.7)
    return by_folded[close[0]] if close else None


def vocabulary():
    from cms.cache import content_version

    key = f"quartiers:search:vocabulary:{content_version()}"
    found = cache.get(key)
    if found is None:
        found = {}
        for word in sorted(indexed_words()):
            found.setdefault(fold(word), word)
        cache.set(key, found, CACHE_SECONDS)
    return found


def suggestion(query_string):
    """The corrected query, or None when every word is known (or none has a close
    indexed word)."""
    from cms.cache import content_version

    digest = hashlib.sha256(f"{content_version()}:{query_string}".encode())
    key = f"quartiers:search:spelling:{digest.hexdigest()}"
    found = cache.get(key, "")
    if found == "":
        found = corrected(query_string)
        cache.set(key, found, CACHE_SECONDS)
    return found


def corrected(query_string):
    typed = words(query_string)
    forms = {word: [fold(form) for form in variants(word)] for word in typed}
    closest = closest_words(
        sorted({form for group in forms.values() for form in group})
    )
    text, changed = query_string, False
    for word in typed:
        if any(
            closest.get(form) and fold(closest[form]) == form for form in forms[word]
        ):
            continue
        replacement = closest.get(fold(word))
        if replacement and fold(replacement) != fold(word):
            pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
            text, count = pattern.subn(replacement, text)
            changed = changed or bool(count)
    return text if changed else None

"""Result excerpts that show why a result matched: the passage, terms marked.

The text comes from the search index (``statement.indexed_texts``): the plain text of
the page's search fields, stored when the page is indexed, so no StreamField is
rendered on the search request."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .query import fold, variants, words

WINDOW = 220


def excerpt(text, query):
    """A window of ``text`` around the first matched word, with matches in <mark>."""
    if not text:
        return ""
    folded = fold(text)
    stems = sorted(
        {fold(form) for word in words(query) for form in variants(word)},
        key=len,
        reverse=True,
    )
    # Folding keeps the length of French text (one letter per accented letter).
    if len(folded) != len(text) or not stems:
        return escape(text[:WINDOW]) + ("…" if len(text) > WINDOW else "")
    pattern = re.compile(r"\b(" + "|".join(re.escape(stem) for stem in stems) + r")")
    first = pattern.search(folded)
    start = max((first.start() if first else 0) - WINDOW // 3, 0)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = min(start + WINDOW, len(text))
    pieces, position = [], start
    for match in pattern.finditer(folded, start, end):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        position = match.end()
    pieces.append(escape(text[position:end]))
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 (escaped above)

"""Turning what a visitor types into a search query that works in French.

A query becomes a list of *concepts*, each a list of equivalent forms (a word, or a
phrase whose words must all match); a page matches a concept when it holds one of
its forms, and the search requires every concept (or, for partial results, any).

- Stop words (« la », « pour », « les »…) are dropped, and so never required, nor is
  their singular/plural twin (« las », « pours »).
- Each word is searched with its singular/plural twin: SQLite's FTS5 has no
  stemming and PostgreSQL's French stemmer keeps some plurals apart.
- ``EQUIVALENT_FORMS`` joins the inflections the Snowball French stemmer (the
  ``french`` configuration of PostgreSQL) splits, as measured with ``ts_lexize``
  (see tests/search/test_search_word_forms.py).
- Editors' synonyms (``SynonymSet``) replace a word or phrase by all its
  equivalents: « QPV » also finds « quartier prioritaire ».
"""

import re
import unicodedata
from dataclasses import dataclass
from itertools import islice, product

from wagtail.search.query import And, Or, PlainText

WORD_RE = re.compile(r"[\w’'-]+", re.UNICODE)
TOKEN_RE = re.compile(r"\w+\+?", re.UNICODE)
MAX_WORDS = 8

# Snowball's French stop-word list (PostgreSQL's french.stop), with « les » and
# the elided forms, which the stemmer keeps.
STOP_WORDS = frozenset(
    """au aux avec ce ces dans de des du elle en et eux il je la le les leur leurs
    lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui
    sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l a m n s t
    y ete etee etees etes etant etante etants etantes suis es est sommes etes sont
    serai seras sera serons serez seront serais serait serions seriez seraient
    etais etait etions etiez etaient fus fut fumes futes furent sois soit soyons
    soyez soient fusse fusses fussions fussiez fussent ayant ayante ayantes ayants
    eu eue eues eus ai as avons avez ont aurai auras aura aurons aurez auront
    aurais aurait aurions auriez auraient avais avait avions aviez avaient eut
    eumes eutes eurent aie aies ait ayons ayez aient eusse eusses eut eussions
    eussiez eussent cette cet ca""".split()  # noqa: SIM905 (readable as prose)
)

# Inflections that PostgreSQL's French stemmer gives different stems (measured
# with ts_lexize('french_stem', …)): each group is searched as one word.
EQUIVALENT_FORMS = [
    ("emploi", "emplois"),
    ("public", "publics", "publique", "publiques"),
    ("nouveau", "nouveaux", "nouvel", "nouvelle", "nouvelles"),
    ("formation", "formations", "forme", "formee", "formes", "formees", "former"),
    ("insertion", "insere", "inseree", "inseres", "inserer"),
    ("creation", "creations", "cree", "creee", "crees", "creer"),
    ("securite", "securise", "securisee", "securiser"),
    ("franc", "francs", "franche", "franches"),
    ("sportif", "sportifs", "sportive", "sportives"),
    ("travail", "travaux"),
    ("bail", "baux"),
]
_EQUIVALENTS = {form: group for group in EQUIVALENT_FORMS for form in group}


def fold(text):
    """Lower case without accents, for matching in excerpts."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def tokens(text):
    """The words of ``text``, lower case, split at apostrophes and hyphens (« REP+ »
    keeps its sign, for synonyms)."""
    return [token.lower() for token in TOKEN_RE.findall(text or "")]


def words(text):
    """The words of ``text`` worth searching: no one-letter word, no stop word, at
    most 8."""
    found = []
    for word in tokens(text):
        word = word.rstrip("+")
        if len(word) > 1 and fold(word) not in STOP_WORDS and word not in found:
            found.append(word)
    return found[:MAX_WORDS]


def variants(word):
    """The word, its French singular or plural form and its measured equivalents."""
    forms = [word]
    if word.endswith(("s", "x")) and len(word) > 3:
        forms.append(word[:-1])
    elif word.endswith("al") and len(word) > 4:
        forms.append(word[:-2] + "aux")
    elif not word.endswith("z"):
        forms.append(word + "s")
    if word.endswith("aux") and len(word) > 4:
        forms.append(word[:-3] + "al")
    for form in _EQUIVALENTS.get(fold(word), ()):
        if form not in forms and form != fold(word):
            forms.append(form)
    return forms


def phrase(text):
    """A synonym's words as one search form (« demandeurs d'emploi » → « demandeurs
    emploi »): the words that the search keeps, all required."""
    return " ".join(words(text))


def concepts(text, synonym_sets=()):
    """The concepts of ``text``: lists of forms, one of which a page must hold.

    ``synonym_sets`` is a list of lists of terms (``SynonymSet.terms_list``); the
    longest run of words equal to one term becomes that set's concept."""
    index = {}
    for terms in synonym_sets:
        for term in terms:
            key = tuple(fold(token) for token in tokens(term))
            if key:
                index.setdefault(key, []).extend(t for t in terms if phrase(t))
    longest = max((len(key) for key in index), default=0)
    found, seen, position = [], set(), 0
    folded = [fold(token) for token in tokens(text)]
    raw = tokens(text)
    while position < len(folded) and len(found) < MAX_WORDS:
        for size in range(min(longest, len(folded) - position), 0, -1):
            key = tuple(folded[position : position + size])
            if key in index:
                forms = []
                for term in index[key]:
                    for form in [phrase(term), *variants_of_phrase(term)]:
                        if form not in forms:
                            forms.append(form)
                position += size
                break
        else:
            word = raw[position].rstrip("+")
            position += 1
            if len(word) < 2 or fold(word) in STOP_WORDS:
                continue
            forms = variants(word)
        if forms and tuple(forms) not in seen:
            seen.add(tuple(forms))
            found.append(forms)
    return found


def variants_of_phrase(term):
    """A synonym's other forms: each word in its singular/plural and equivalent
    forms (at most 8 combinations)."""
    groups = [variants(word) for word in words(term)]
    return [" ".join(combo) for combo in islice(product(*groups), 1, 9)]


def build_query(text, synonym_sets=(), any_concept=False):
    """A Wagtail search query: every concept must match (any, for partial results),
    in any of its forms."""
    return query_for(concepts(text, synonym_sets), any_concept)


def query_for(found, any_concept=False):
    terms = []
    for forms in found:
        alternatives = [PlainText(form) for form in forms]
        terms.append(alternatives[0] if len(alternatives) == 1 else Or(alternatives))
    if not terms:
        return None
    if len(terms) == 1:
        return terms[0]
    return Or(terms) if any_concept else And(terms)


@dataclass(frozen=True)
class Terms:
    """What the engine searches: the concepts of a query, all required or (for
    partial results) any of them."""

    concepts: tuple
    any_concept: bool = False

    @classmethod
    def parse(cls, text, synonym_sets=()):
        return cls(tuple(tuple(forms) for forms in concepts(text, synonym_sets)))

    def wagtail_query(self):
        return query_for(self.concepts, self.any_concept)

    def partial(self):
        return Terms(self.concepts, any_concept=True)

from django.core.cache import cache
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

SYNONYMS_CACHE_KEY = "quartiers:search:synonyms"


class SynonymSet(models.Model):
    """Words or phrases that the public search treats as one (« QPV, quartier
    prioritaire »): searching any of them finds the pages holding any other."""

    terms = models.TextField(
        _("termes équivalents"),
        help_text=_(
            "Séparés par des virgules, par exemple : QPV, quartier prioritaire, "
            "quartiers prioritaires de la politique de la ville."
        ),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("synonymes de la recherche")
        verbose_name_plural = _("synonymes de la recherche")
        ordering = ["terms"]

    def __str__(self):
        return ", ".join(self.terms_list())

    def terms_list(self):
        return split_terms(self.terms)


def split_terms(text):
    """The terms of a comma-separated list, without blanks or repeats."""
    found = []
    for term in (text or "").split(","):
        term = " ".join(term.split())
        if term and term.lower() not in {t.lower() for t in found}:
            found.append(term)
    return found


def synonym_sets():
    """Every set's terms, as lists, read once per change of the sets (the cache is
    cleared when a set is saved or deleted)."""
    found = cache.get(SYNONYMS_CACHE_KEY)
    if found is None:
        found = [s.terms_list() for s in SynonymSet.objects.only("terms")]
        found = [terms for terms in found if len(terms) > 1]
        cache.set(SYNONYMS_CACHE_KEY, found, None)
    return found


@receiver(post_save, sender=SynonymSet)
@receiver(post_delete, sender=SynonymSet)
def forget_synonyms(**kwargs):
    cache.delete(SYNONYMS_CACHE_KEY)

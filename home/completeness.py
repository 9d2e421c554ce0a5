"""Gaps of the home app for the « À compléter » report (``cms.completeness``).

The required pages (legal notice, personal data, accessibility) are loaded with
reference texts that say, for visitors, what will be given before the site opens
(publisher, data controller, contact). While a page still holds that reference
text, its missing facts are listed for editors here.
"""

from django.utils.translation import gettext as _

from home import reference_pages as texts
from home.models import StandardPage

REFERENCE_TEXTS = {
    "mentions-legales": (
        texts.LEGAL_NOTICE,
        [_("éditeur"), _("directeur de la publication"), _("hébergeur")],
    ),
    "donnees-personnelles": (
        texts.PRIVACY,
        [_("responsable du traitement"), _("contact du délégué à la protection")],
    ),
    "accessibilite": (texts.ACCESSIBILITY, [_("contact du responsable du site")]),
}


def stored_text(page):
    return [(block["type"], block["value"]) for block in page.body.raw_data]


def required_page_gaps(finder):
    pages = StandardPage.objects.live().filter(slug__in=REFERENCE_TEXTS)
    for page in pages.order_by("path"):
        reference, missing = REFERENCE_TEXTS[page.slug]
        if stored_text(page) == [("paragraph", " ".join(reference.split()))]:
            yield finder.gap_for(page, missing)

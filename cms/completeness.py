"""The « À compléter » report: what editors still have to fill in.

Public pages never print editors' to-dos ("à compléter", "0 convention"): a section
with nothing to show is omitted or says what it will hold. The gaps are listed here
instead, in the admin (Rapports → À compléter), each with a link to edit the page or
object, and only for what the viewing user may edit.

Each app contributes the gaps of its own models through the hook
``COMPLETENESS_HOOK``: a function ``(user) -> iterable of Gap``. ``gap_for`` builds a
gap with the user's edit link (Wagtail's ``AdminURLFinder``, which asks the page's or
the model's permission policy) and returns None when the user may not edit it, so a
check never lists what its user cannot change.
"""

from dataclasses import dataclass, field

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from cms.spreadsheets import SafeSpreadsheetExportMixin

COMPLETENESS_HOOK = "quartiers_completeness_checks"


@dataclass
class Gap:
    """One page or object with missing content."""

    title: str
    kind: str
    missing: list = field(default_factory=list)
    edit_url: str = ""
    where: str = ""

    @property
    def missing_display(self):
        return ", ".join(str(item) for item in self.missing)


class GapFinder:
    """Builds the gaps of one user: an object appears only with an edit link."""

    def __init__(self, user):
        self.user = user
        self.finder = AdminURLFinder(user)

    def gap_for(self, obj, missing, *, title=None, where=""):
        if not missing:
            return None
        edit_url = self.finder.get_edit_url(obj)
        if not edit_url:
            return None
        if title is None:
            title = getattr(obj, "title", None) or str(obj)
        return Gap(
            title=title,
            kind=capfirst(obj._meta.verbose_name),
            missing=list(missing),
            edit_url=edit_url,
            where=where,
        )


def gaps_for(user):
    """Every gap the registered checks find that ``user`` may fix, in a stable order."""
    finder = GapFinder(user)
    gaps = []
    for check in hooks.get_hooks(COMPLETENESS_HOOK):
        gaps.extend(gap for gap in check(finder) if gap is not None)
    # By type, then in each check's own order (by number, code or title).
    return sorted(gaps, key=lambda gap: str(gap.kind))


class CompletenessReportView(SafeSpreadsheetExportMixin, ReportView):
    """Rapports → À compléter: the pages and objects with missing content."""

    page_title = _("À compléter")
    header_icon = "warning"
    index_url_name = "completeness_report"
    index_results_url_name = "completeness_report_results"
    paginate_by = 50
    columns = [
        TitleColumn(
            "title",
            label=_("Contenu"),
            get_url=lambda gap: gap.edit_url,
        ),
        Column("kind", label=_("Type")),
        Column("where", label=_("Où")),
        Column("missing_display", label=_("Ce qui manque")),
    ]

    @property
    def no_results_message(self):
        return _(
            "Rien à compléter parmi les pages et les objets que vous pouvez modifier."
        )

    def get_queryset(self):
        return gaps_for(self.request.user)

"""The public directory of the network: clubs, signatory companies, associations.

One paginated list over three models (a SQL UNION of the same columns), filtered
by department, axis, size, club and name; the details of the shown entries (their
clubs and axes) are fetched in a fixed number of queries, whatever the count.
"""

from django.db.models import CharField, F, IntegerField, Value

from .filters import DirectoryFilter, DirectoryKind
from .models import (
    Association,
    Axis,
    ClubPage,
    Company,
    CompanySize,
    public_convention_q,
)

COLUMNS = (
    "entry_kind",
    "entry_id",
    "entry_name",
    "department_code",
    "department_name",
    "entry_size",
    "entry_sector",
    "entry_website",
)
BULK_THRESHOLD = 500
SIZE_LABELS = dict(CompanySize.choices)


def _text(value):
    return Value(value, output_field=CharField())


class Directory:
    def __init__(self, data):
        self.filterset = DirectoryFilter(data or None, queryset=Company.objects.none())

    # The three parts, each filtered by ``DirectoryFilter`` ------------------------

    def companies(self):
        queryset = self.filterset.filter_queryset(
            Company.objects.filter(public_convention_q("conventions__"))
        )
        return queryset.annotate(
            entry_kind=_text(DirectoryKind.COMPANY),
            entry_id=F("pk"),
            entry_name=F("name"),
            department_code=F("department__code"),
            department_name=F("department__name"),
            entry_size=F("size"),
            entry_sector=F("sector"),
            entry_website=F("website"),
        ).values(*COLUMNS)

    def clubs(self):
        queryset = self.filterset.filter_queryset(ClubPage.objects.live().public())
        return queryset.annotate(
            entry_kind=_text(DirectoryKind.CLUB),
            entry_id=F("pk"),
            entry_name=F("title"),
            department_code=_text(""),
            department_name=_text(""),
            entry_size=_text(""),
            entry_sector=_text(""),
            entry_website=F("website"),
        ).values(*COLUMNS)

    def associations(self):
        queryset = self.filterset.filter_queryset(Association.objects.all())
        return queryset.annotate(
            entry_kind=_text(DirectoryKind.ASSOCIATION),
            entry_id=F("pk"),
            entry_name=F("name"),
            department_code=F("department__code"),
            department_name=F("department__name"),
            entry_size=_text(""),
            entry_sector=_text(""),
            entry_website=F("website"),
        ).values(*COLUMNS)

    def entries(self):
        parts = [
            part
            for part in (self.clubs(), self.companies(), self.associations())
            if not part.query.is_empty()
        ]
        if not parts:
            return Company.objects.none().annotate(
                entry_id=Value(0, output_field=IntegerField())
            )
        if len(parts) == 1:
            return parts[0].distinct().order_by("entry_name", "entry_id")
        parts = [part.order_by() for part in parts]
        return (
            parts[0].union(*parts[1:]).order_by("entry_name", "entry_kind", "entry_id")
        )

    # Details of the listed entries ---------------------------------------------

    def attach_details(self, entries):
        """Add kind label, clubs, axes and club page to each entry.

        Always three queries, whatever the entries: their clubs, their axes and
        the (few) live club pages.
        """
        entries = list(entries)
        company_ids = [
            e["entry_id"] for e in entries if e["entry_kind"] == DirectoryKind.COMPANY
        ]
        memberships = Company.clubs.through.objects.filter(
            clubpage__live=True
        ).values_list("company_id", "clubpage__title")
        axes = Axis.objects.filter(public_convention_q("conventions__")).values_list(
            "conventions__company_id", "name", "number"
        )
        if len(company_ids) <= BULK_THRESHOLD:
            # ``or [0]``: an empty list would skip the query, and the count would vary.
            memberships = memberships.filter(company_id__in=company_ids or [0])
            axes = axes.filter(conventions__company_id__in=company_ids or [0])
        clubs_of, axes_of = {}, {}
        for company_id, title in memberships.order_by("clubpage__title"):
            clubs_of.setdefault(company_id, []).append(title)
        for company_id, name, _number in axes.order_by("number").distinct():
            names = axes_of.setdefault(company_id, [])
            if name not in names:
                names.append(name)
        club_pages = ClubPage.objects.live().in_bulk()
        for entry in entries:
            is_company = entry["entry_kind"] == DirectoryKind.COMPANY
            entry["kind_label"] = DirectoryKind.labels[entry["entry_kind"]]
            entry["clubs"] = clubs_of.get(entry["entry_id"], []) if is_company else []
            entry["axes"] = axes_of.get(entry["entry_id"], []) if is_company else []
            entry["size_label"] = SIZE_LABELS.get(entry["entry_size"], "")
            entry["page"] = (
                club_pages.get(entry["entry_id"])
                if entry["entry_kind"] == DirectoryKind.CLUB
                else None
            )
        return entries

"""Gaps of the partners app for the « À compléter » report (``cms.completeness``)."""

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Axis, ClubPage, MobilisationDayPage


def club_gaps(finder):
    clubs = (
        ClubPage.objects.live()
        .annotate(department_count=Count("departments"))
        .order_by("title")
    )
    for club in clubs:
        missing = []
        if not club.body:
            missing.append(_("présentation"))
        if not club.department_count:
            missing.append(_("départements où le club agit"))
        if not club.has_contact:
            missing.append(_("coordonnées"))
        yield finder.gap_for(club, missing)


def mobilisation_day_gaps(finder):
    today = timezone.localdate()
    for day in MobilisationDayPage.objects.live().order_by("year", "date", "title"):
        missing = [str(name) for name in day.missing_fields]
        if day.date is not None and day.date >= today:
            # A day still to come has no report yet: that is no gap.
            missing = [name for name in missing if name != str(_("compte rendu"))]
        yield finder.gap_for(day, missing, where=day.city)


def axis_gaps(finder):
    axes = Axis.objects.annotate(indicator_count=Count("key_indicators")).order_by(
        "number"
    )
    for axis in axes:
        if not axis.indicator_count:
            yield finder.gap_for(
                axis,
                [_("indicateurs clés")],
                title=_("Axe %(number)s — %(name)s")
                % {"number": axis.number, "name": axis.name},
            )


def partners_gaps(finder):
    yield from club_gaps(finder)
    yield from mobilisation_day_gaps(finder)
    yield from axis_gaps(finder)

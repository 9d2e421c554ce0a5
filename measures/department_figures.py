"""QPV population and jobseekers of a department: one function, one rule.

The rule for partial data: a figure is the sum of the values the QPV sheets give;
the QPV without a value are counted and said (« 2 QPV sans donnée »), never
estimated. No QPV giving the figure: the figure is unknown (``None``). The
department page, the prefect's synthesis and the PAQTE semester report all read
``department_figures``.
"""

from dataclasses import dataclass

from django.utils.translation import ngettext


@dataclass(frozen=True)
class QPVSum:
    """A figure summed over the QPV of a department."""

    total: int | None  # sum of the known values; None when no QPV gives it
    known: int  # QPV giving the value
    count: int  # QPV of the department

    @property
    def missing(self):
        return self.count - self.known

    @property
    def complete(self):
        return self.count > 0 and self.known == self.count

    @property
    def note(self):
        """« 2 QPV sans donnée » when the sum is partial, else ""."""
        if self.total is None or not self.missing:
            return ""
        return ngettext(
            "%(count)d QPV sans donnée", "%(count)d QPV sans donnée", self.missing
        ) % {"count": self.missing}


@dataclass(frozen=True)
class DepartmentFigures:
    qpv_count: int
    population: QPVSum
    jobseekers: QPVSum


def _sum(values):
    known = [value for value in values if value is not None]
    return QPVSum(
        total=sum(known) if known else None, known=len(known), count=len(values)
    )


def department_figures(department_id, qpvs=None):
    """The QPV figures of a department (one query, none when ``qpvs`` is given).

    ``qpvs``: the department's ``QPV`` objects when the caller already holds them.
    """
    if qpvs is None:
        from measures.models import QPV

        rows = list(
            QPV.objects.filter(territory__parent_id=department_id).values_list(
                "population", "jobseekers"
            )
        )
    else:
        rows = [(qpv.population, qpv.jobseekers) for qpv in qpvs]
    return DepartmentFigures(
        qpv_count=len(rows),
        population=_sum([row[0] for row in rows]),
        jobseekers=_sum([row[1] for row in rows]),
    )

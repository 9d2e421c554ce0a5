from .pages import (
    ClubPage,
    MobilisationDayIndexPage,
    MobilisationDayPage,
    NetworkIndexPage,
    PaqtePage,
)
from .paqte import (
    PUBLIC_STATUSES,
    Association,
    Axis,
    Company,
    CompanySize,
    Convention,
    ConventionObjective,
    ConventionOrigin,
    ConventionResult,
    ConventionStatus,
    DepartmentOrganisation,
    Half,
)
from .reports import REPORT_WORKFLOW, SemesterReport

__all__ = [
    "PUBLIC_STATUSES",
    "REPORT_WORKFLOW",
    "Association",
    "Axis",
    "ClubPage",
    "Company",
    "CompanySize",
    "Convention",
    "ConventionObjective",
    "ConventionOrigin",
    "ConventionResult",
    "ConventionStatus",
    "DepartmentOrganisation",
    "Half",
    "MobilisationDayIndexPage",
    "MobilisationDayPage",
    "NetworkIndexPage",
    "PaqtePage",
    "SemesterReport",
]

from .conventions import (
    PUBLIC_STATUSES,
    Convention,
    ConventionObjective,
    ConventionOrigin,
    ConventionResult,
    ConventionStatus,
    public_convention_q,
)
from .pages import (
    ClubPage,
    MobilisationDayIndexPage,
    MobilisationDayPage,
    NetworkIndexPage,
    PaqtePage,
)
from .paqte import (
    Association,
    Axis,
    Company,
    CompanySize,
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
    "public_convention_q",
]
from .good_practices import (  # noqa: E402
    GOOD_PRACTICE_COLLECTION,
    GOOD_PRACTICE_WORKFLOW,
    GoodPracticeDocument,
    GoodPracticeImage,
    GoodPracticeIndexPage,
    GoodPracticeModerationTask,
    GoodPracticePage,
    GoodPracticeRefusal,
    OrganisationType,
    PartnerProfile,
    RefusalReason,
)

__all__ += [
    "GOOD_PRACTICE_COLLECTION",
    "GOOD_PRACTICE_WORKFLOW",
    "GoodPracticeDocument",
    "GoodPracticeImage",
    "GoodPracticeIndexPage",
    "GoodPracticeModerationTask",
    "GoodPracticePage",
    "GoodPracticeRefusal",
    "OrganisationType",
    "PartnerProfile",
    "RefusalReason",
]

from .contracts import (
    RENOVATION_DEADLINE,
    CitizenCouncil,
    ContractPage,
    ContractSignatory,
    ProtocolStatus,
    RenovationState,
)
from .indicators import (
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Ministry,
    Periodicity,
    stale_indicators,
)
from .pacte import PacteCommitment, PacteParty, PacteTheme
from .pages import (
    MeasureIndicator,
    MeasurePage,
    MeasureStatus,
    ProgrammePage,
    RoadmapIndexPage,
)
from .protocols import (
    ProtocolCommitment,
    ProtocolProject,
    ProtocolStakeholder,
    RenovationProtocolPage,
)
from .roles import TerritorialRole
from .territorial import DepartmentPage, PacteDijonPage, TerritoryIndexPage
from .territories import QPV, Department, QPVTerritory, Region, Territory

__all__ = [
    "CitizenCouncil",
    "ContractPage",
    "ContractSignatory",
    "Department",
    "DepartmentPage",
    "Indicator",
    "IndicatorTarget",
    "IndicatorValue",
    "MeasureIndicator",
    "MeasurePage",
    "MeasureStatus",
    "Ministry",
    "PacteCommitment",
    "PacteDijonPage",
    "PacteParty",
    "PacteTheme",
    "Periodicity",
    "ProgrammePage",
    "ProtocolCommitment",
    "ProtocolProject",
    "ProtocolStakeholder",
    "ProtocolStatus",
    "QPV",
    "QPVTerritory",
    "RENOVATION_DEADLINE",
    "Region",
    "RenovationProtocolPage",
    "RenovationState",
    "RoadmapIndexPage",
    "TerritorialRole",
    "TerritoryIndexPage",
    "Territory",
    "stale_indicators",
]

from .indicators import (
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Ministry,
    Periodicity,
    stale_indicators,
)
from .pages import (
    MeasureIndicator,
    MeasurePage,
    MeasureStatus,
    ProgrammePage,
    RoadmapIndexPage,
)
from .roles import TerritorialRole
from .territories import QPV, Department, QPVTerritory, Region, Territory

__all__ = [
    "Department",
    "Indicator",
    "IndicatorTarget",
    "IndicatorValue",
    "MeasureIndicator",
    "MeasurePage",
    "MeasureStatus",
    "Ministry",
    "Periodicity",
    "ProgrammePage",
    "QPV",
    "QPVTerritory",
    "Region",
    "RoadmapIndexPage",
    "TerritorialRole",
    "Territory",
    "stale_indicators",
]

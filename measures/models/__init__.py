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
from .territories import Department, Region, Territory

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
    "Region",
    "RoadmapIndexPage",
    "Territory",
    "stale_indicators",
]

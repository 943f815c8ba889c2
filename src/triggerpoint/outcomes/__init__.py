"""Outcome measures, their units, clinically important change, and trend charts.

Pure Python: the clinic stores measurements, this package says what they mean.
"""

from triggerpoint.outcomes.change import (
    Change,
    Observation,
    Series,
    assess,
    describe_series,
    percent_change,
)
from triggerpoint.outcomes.chart import render_trend_svg
from triggerpoint.outcomes.measures import (
    MEASURES,
    MOVEMENTS,
    PAIN_NRS_LOINC,
    PGIC_LABELS,
    Measure,
    Pgic,
    UnknownMeasureError,
    measure,
)
from triggerpoint.outcomes.ndi import NdiScore, score_ndi
from triggerpoint.outcomes.ppt import (
    KPA_PER_KG_CM2,
    PptReading,
    kg_cm2_to_kpa,
    kg_cm2_to_n_cm2,
    kpa_to_kg_cm2,
    ppt_from_trials,
)
from triggerpoint.outcomes.thresholds import SOURCES, THRESHOLDS, Threshold

__all__ = [
    "KPA_PER_KG_CM2",
    "MEASURES",
    "MOVEMENTS",
    "PAIN_NRS_LOINC",
    "PGIC_LABELS",
    "SOURCES",
    "THRESHOLDS",
    "Change",
    "Measure",
    "NdiScore",
    "Observation",
    "Pgic",
    "PptReading",
    "Series",
    "Threshold",
    "UnknownMeasureError",
    "assess",
    "describe_series",
    "kg_cm2_to_kpa",
    "kg_cm2_to_n_cm2",
    "kpa_to_kg_cm2",
    "measure",
    "percent_change",
    "ppt_from_trials",
    "render_trend_svg",
    "score_ndi",
]

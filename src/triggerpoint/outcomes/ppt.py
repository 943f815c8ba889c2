"""Pressure pain threshold by algometer: three trials, their mean, and unit conversions.

1 kg/cm² is one kilogram-force on a square centimetre: 9.80665 N / 1e-4 m² =
98.0665 kPa. Trials are entered in kg/cm² (most handheld algometers) or kPa.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Literal

from triggerpoint.outcomes.measures import measure

KPA_PER_KG_CM2 = 98.0665
N_CM2_PER_KG_CM2 = 9.80665
TRIALS = 3
PptUnit = Literal["kg/cm2", "kPa"]


def kg_cm2_to_kpa(value: float) -> float:
    return value * KPA_PER_KG_CM2


def kpa_to_kg_cm2(value: float) -> float:
    return value / KPA_PER_KG_CM2


def kg_cm2_to_n_cm2(value: float) -> float:
    return value * N_CM2_PER_KG_CM2


@dataclass(frozen=True, slots=True)
class PptReading:
    """One site's threshold at one visit: the mean of its trials, in kg/cm²."""

    trials: tuple[float, ...]
    site: str | None = None

    @property
    def mean(self) -> float:
        return fmean(self.trials)

    @property
    def kpa(self) -> float:
        return kg_cm2_to_kpa(self.mean)

    @property
    def spread(self) -> float:
        return max(self.trials) - min(self.trials)


def ppt_from_trials(
    trials: Sequence[float], unit: PptUnit = "kg/cm2", site: str | None = None
) -> PptReading:
    """Validate three algometer trials and keep them in kg/cm²."""
    if unit not in ("kg/cm2", "kPa"):
        raise ValueError(f"pressure unit must be kg/cm2 or kPa, got {unit!r}")
    if len(trials) != TRIALS:
        raise ValueError(f"a pressure pain threshold needs {TRIALS} trials, got {len(trials)}")
    limit = measure("ppt").high
    values = []
    for number, trial in enumerate(trials, start=1):
        if (
            isinstance(trial, bool)
            or not isinstance(trial, int | float)
            or not math.isfinite(trial)
        ):
            raise ValueError(f"trial {number}: {trial!r} is not a number")
        value = kpa_to_kg_cm2(trial) if unit == "kPa" else float(trial)
        if value <= 0:
            raise ValueError(f"trial {number}: a threshold must be above 0, got {trial!r} {unit}")
        if value > limit:
            raise ValueError(
                f"trial {number}: {value:.2f} kg/cm² is above the "
                f"{limit:g} kg/cm² plausibility limit"
            )
        values.append(value)
    return PptReading(tuple(values), site)

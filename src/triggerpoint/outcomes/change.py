"""Whether a change between two visits is meaningful, said in plain words.

"Pain now fell from 7 to 3: a 4-point (57%) drop, a substantial change." The
thresholds come from `thresholds.py`; a change counts when it reaches them (at the
threshold counts), in either direction, and the sentence says which way is better.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from triggerpoint.outcomes.measures import Measure, measure
from triggerpoint.outcomes.thresholds import THRESHOLDS, TOLERANCE, Threshold

Verdict = Literal["substantial", "meaningful", "not meaningful", "no change"]


@dataclass(frozen=True, slots=True)
class Observation:
    """One value on one day; `diary` marks a client's own rating between visits."""

    when: date
    value: float
    diary: bool = False


@dataclass(frozen=True, slots=True)
class Series:
    """One measure across visits, oldest first (a site names where a PPT was taken)."""

    measure_id: str
    observations: tuple[Observation, ...]
    site: str | None = None

    def __post_init__(self) -> None:
        kind = measure(self.measure_id)
        if not self.observations:
            raise ValueError(f"{kind.label}: a series needs at least one visit")
        for observation in self.observations:
            kind.validate(observation.value)
        dates = [observation.when for observation in self.observations]
        if dates != sorted(dates):
            raise ValueError(f"{kind.label}: visits must be in date order")

    @property
    def measure(self) -> Measure:
        return measure(self.measure_id)

    @property
    def title(self) -> str:
        label = self.measure.label
        return f"{label} ({self.site})" if self.site else label


@dataclass(frozen=True, slots=True)
class Change:
    title: str
    measure: Measure
    before: Observation
    after: Observation
    verdict: Verdict
    improved: bool | None
    sentence: str

    @property
    def difference(self) -> float:
        return self.after.value - self.before.value

    @property
    def percent(self) -> float | None:
        return percent_change(self.before.value, self.after.value)


def percent_change(before: float, after: float) -> float | None:
    """Size of the change as a share of the starting value; None from a start of 0."""
    if before == 0:
        return None
    return abs(after - before) / abs(before) * 100


def assess(series: Series, before: Observation, after: Observation) -> Change:
    kind = series.measure
    threshold = THRESHOLDS[kind.threshold]
    difference = after.value - before.value
    percent = percent_change(before.value, after.value)
    if abs(difference) < TOLERANCE:
        return Change(
            series.title,
            kind,
            before,
            after,
            "no change",
            None,
            f"{series.title} stayed at {kind.with_unit(after.value)}.",
        )
    improved = (difference < 0) == (kind.better == "lower")
    verdict: Verdict = "not meaningful"
    if threshold.is_met(difference, percent):
        verdict = "substantial" if threshold.is_substantial(percent) else "meaningful"
    sentence = _sentence(
        series.title, kind, threshold, before.value, after.value, verdict, improved
    )
    return Change(series.title, kind, before, after, verdict, improved, sentence)


def describe_series(
    series: Series, against: Literal["baseline", "previous"] = "baseline"
) -> list[Change]:
    """One change per later visit, each against the first visit or the one before it."""
    visits = series.observations
    return [
        assess(series, visits[0] if against == "baseline" else visits[i - 1], visits[i])
        for i in range(1, len(visits))
    ]


def _sentence(
    title: str,
    kind: Measure,
    threshold: Threshold,
    before: float,
    after: float,
    verdict: Verdict,
    improved: bool,
) -> str:
    rising = after > before
    moved = "rose" if rising else "fell"
    noun = kind.rise if rising else kind.fall
    size = abs(after - before)
    percent = percent_change(before, after)
    if kind.unit == "/10":
        amount = f"{kind.format(size)}-point"
    elif kind.unit == "°":
        amount = f"{kind.format(size)}°"
    elif kind.id == "ndi":
        amount = f"{kind.format(size)}-point"
    else:
        amount = f"{kind.format(size)} {kind.unit}"
    if threshold.percent is not None and percent is not None:
        amount += f" ({percent:.0f}%)"
    if kind.unit == "°":
        span = f"{kind.format(before)}° to {kind.format(after)}°"
    elif kind.unit == "/10":
        span = f"{kind.format(before)} to {kind.format(after)}"
    else:
        span = f"{kind.format(before)} to {kind.format(after)} {kind.unit}"
    if kind.id == "ndi":
        span += f" ({before * 2:.0f}% to {after * 2:.0f}%)"
    head = f"{title} {moved} from {span}: {_article(amount)} {amount} {noun}"
    bar = _bar(kind, threshold)
    if verdict == "not meaningful":
        if threshold.kind == "beyond measurement error":
            return f"{head}, within the {bar} measurement error."
        return f"{head}, less than the {bar} that counts as meaningful."
    which = "change" if improved else "worsening"
    if threshold.kind == "beyond measurement error":
        return f"{head}, beyond the {bar} measurement error: a real {which}."
    return f"{head}, a {verdict} {which}."


def _article(amount: str) -> str:
    whole = amount.split(".")[0].split("-")[0].rstrip("°").split(" ")[0]
    return "an" if whole.startswith("8") or whole in ("11", "18") else "a"


def _bar(kind: Measure, threshold: Threshold) -> str:
    if threshold.percent is not None:
        return f"{threshold.points:g} points or {threshold.percent:g}%"
    if kind.unit == "°":
        return f"{threshold.points:g}°"
    if kind.id == "ndi":
        return f"{threshold.points:g} points"
    return f"{threshold.points:g} {kind.unit}"

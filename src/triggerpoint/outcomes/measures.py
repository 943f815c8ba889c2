"""The outcome measures a clinic records, each with its unit, range and better direction.

Declared once as data: the change wording, the charts and the validators all read
these rows. Ids are stable strings the clinic stores (`pain-now`, `ppt`,
`rom-cervical-rotation-left`, `ndi`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Better = Literal["lower", "higher"]

PAIN_NRS_LOINC = "72514-3"  # Pain severity, 0-10 verbal numeric rating, reported
PainKind = Literal["now", "worst", "average"]
PAIN_KINDS: tuple[PainKind, ...] = ("now", "worst", "average")

# Cervical active range of motion, as measured with a CROM device or inclinometer.
MOVEMENTS: dict[str, str] = {
    "cervical-flexion": "Cervical flexion",
    "cervical-extension": "Cervical extension",
    "cervical-lateral-flexion-left": "Cervical side bending to the left",
    "cervical-lateral-flexion-right": "Cervical side bending to the right",
    "cervical-rotation-left": "Cervical rotation to the left",
    "cervical-rotation-right": "Cervical rotation to the right",
}


class UnknownMeasureError(KeyError):
    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True, slots=True)
class Measure:
    id: str
    label: str
    unit: str
    low: float
    high: float
    better: Better
    decimals: int
    threshold: str
    loinc: str | None = None
    rise: str = "rise"
    fall: str = "drop"

    def validate(self, value: float) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{self.label}: {value!r} is not a number")
        if not self.low <= value <= self.high:
            span = f"{self.format(self.low)}-{self.format(self.high)}"
            raise ValueError(f"{self.label}: {value!r} is outside {span} {self.unit}")
        return float(value)

    def format(self, value: float) -> str:
        return format_number(value, self.decimals)

    def with_unit(self, value: float) -> str:
        text = self.format(value)
        if self.unit == "°":
            return text + "°"
        if self.unit == "/10":
            return text
        return f"{text} {self.unit}"


def format_number(value: float, decimals: int) -> str:
    """Round for reading, without trailing zeros: 3, 2.1, 0.62."""
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _build() -> dict[str, Measure]:
    # Runs once at import, before mutmut can switch a mutant on, so its mutants could
    # never be killed; tests/outcomes check the table it builds.
    # pragma: no mutate block
    rows = [
        Measure(
            f"pain-{kind}",
            {"now": "Pain now", "worst": "Worst pain", "average": "Average pain"}[kind],
            "/10",
            0,
            10,
            "lower",
            0,
            "pain-nrs",
            loinc=PAIN_NRS_LOINC,
        )
        for kind in PAIN_KINDS
    ]
    rows.append(Measure("ppt", "Pressure pain threshold", "kg/cm²", 0, 20, "higher", 2, "ppt"))
    rows.extend(
        Measure(
            f"rom-{key}", label, "°", 0, 180, "higher", 0, "cervical-rom", rise="gain", fall="loss"
        )
        for key, label in MOVEMENTS.items()
    )
    rows.append(Measure("ndi", "Neck Disability Index", "points of 50", 0, 50, "lower", 1, "ndi"))
    return {row.id: row for row in rows}


MEASURES: dict[str, Measure] = _build()


def measure(measure_id: str) -> Measure:
    try:
        return MEASURES[measure_id]
    except KeyError:
        known = ", ".join(MEASURES)
        raise UnknownMeasureError(f"unknown measure {measure_id!r} (known: {known})") from None


# Patient Global Impression of Change, 7 points, coded as in Farrar 2001 (1 = best).
PGIC_LABELS: dict[int, str] = {
    1: "Very much improved",
    2: "Much improved",
    3: "Minimally improved",
    4: "No change",
    5: "Minimally worse",
    6: "Much worse",
    7: "Very much worse",
}


@dataclass(frozen=True, slots=True)
class Pgic:
    rating: int

    def __post_init__(self) -> None:
        if isinstance(self.rating, bool) or self.rating not in PGIC_LABELS:
            raise ValueError(f"PGIC rating must be 1-7, got {self.rating!r}")

    @property
    def label(self) -> str:
        return PGIC_LABELS[self.rating]

    @property
    def important_improvement(self) -> bool:
        # Farrar 2001 anchored clinically important change to "much" or "very much improved".
        return self.rating <= 2

    def sentence(self) -> str:
        rated = f"The client rates the change as {self.label.lower()}"
        if self.important_improvement:
            return rated + ": a clinically important improvement."
        return rated + "."

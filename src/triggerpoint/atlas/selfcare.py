"""Self-care in the atlas: a dosed self-treatment per trigger point, cautions, and the
perpetuating factors per muscle, each with one concrete change.

Read from selfcare-methods.yaml and selfcare.yaml by `selfcare_read.py`; keyed by the
side-neutral trigger point id, since both sides are treated the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

CautionKind = Literal["site", "condition"]
CAUTION_KINDS: tuple[CautionKind, ...] = ("site", "condition")

# What a person at home can press with (Davies & Davies: hands, ball, cane hook).
TOOLS = ("fingers", "thumb", "pincer grip", "knuckles", "ball", "foam roller", "cane hook")
FACTOR_KINDS = (
    "posture",
    "workstation",
    "sleep",
    "carrying",
    "footwear",
    "clothing",
    "repetitive task",
    "breathing",
    "stress",
    "exercise",
    "environment",
    "structure",
    "health",
)
# Discomfort out of 10: "hurts good" but never past 7, or the muscle braces against the
# pressure (Travell & Simons; Davies & Davies); 3 is allowed for the delicate sites.
PRESSURE_RANGE = (3, 7)
# A pressure release holds up to about 90 s (Hou 2002); 120 s leaves room for slow points.
HOLD_RANGE = (10, 120)
# Davies & Davies: about a dozen short strokes per point per session.
STROKES_RANGE = (6, 20)
REPETITIONS_RANGE = (1, 6)
TIMES_A_DAY_RANGE = (1, 12)


@dataclass(frozen=True)
class Caution:
    """When self-treatment needs care: an endangerment site or a health condition.

    A caution with `regions` must be carried by every point located in one of them;
    an `everywhere` caution goes with every self-treatment."""

    id: str
    kind: CautionKind
    title: str
    text: str
    regions: tuple[str, ...]
    everywhere: bool
    sources: tuple[str, ...]


@dataclass(frozen=True)
class SelfTreatment:
    """How to self-treat one trigger point: the method's technique with this point's place
    and dose. Exactly one of `hold_seconds` and `strokes` is set."""

    point: str
    method: str
    tool: str
    position: str
    place: str
    technique: str
    pressure: tuple[int, int]
    hold_seconds: int | None
    strokes: int | None
    repetitions: int
    times_a_day: int
    avoid: str
    cautions: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def dose(self) -> str:
        low, high = self.pressure
        work = f"hold {self.hold_seconds} s" if self.hold_seconds else f"{self.strokes} strokes"
        times = "once a day" if self.times_a_day == 1 else f"{self.times_a_day} times a day"
        return f"press to {low}-{high}/10, {work}, {self.repetitions} x, {times}"


@dataclass(frozen=True)
class Factor:
    """Something that keeps a trigger point coming back, and the change that helps."""

    id: str
    kind: str
    factor: str
    change: str
    everywhere: bool
    sources: tuple[str, ...]


@dataclass(frozen=True)
class SelfCare:
    cautions: dict[str, Caution] = field(default_factory=dict)
    treatments: dict[str, SelfTreatment] = field(default_factory=dict)
    factors: dict[str, Factor] = field(default_factory=dict)
    muscle_factors: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def treatment(self, point_base: str) -> SelfTreatment | None:
        return self.treatments.get(point_base)

    def cautions_for(self, point_base: str) -> list[Caution]:
        """The point's own cautions, then those that go with every self-treatment."""
        treatment = self.treatments.get(point_base)
        own = [self.cautions[cid] for cid in treatment.cautions] if treatment else []
        return own + [c for c in self.cautions.values() if c.everywhere and c not in own]

    def factors_for(self, muscle_id: str) -> list[Factor]:
        """The muscle's perpetuating factors, then those that apply to every muscle."""
        own = [self.factors[fid] for fid in self.muscle_factors.get(muscle_id, ())]
        return own + [f for f in self.factors.values() if f.everywhere and f not in own]

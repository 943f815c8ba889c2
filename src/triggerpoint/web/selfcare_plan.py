"""The public self-care plan, as data: the finder's leading candidates for a drawing,
each with where it is, how to self-treat it and for how long, its muscle's stretches
and perpetuating factors, and the cautions that go with it.

A red flag that asks for a doctor first (`FinderResult.safety_first`) stops the plan:
`SelfCarePlan.stop` then says what to do instead and no candidate is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from triggerpoint.atlas import Atlas, Stretch, TriggerPoint, load_atlas
from triggerpoint.atlas.query import referral_values
from triggerpoint.atlas.selfcare import Caution, Factor, SelfTreatment
from triggerpoint.bodymap.regions import fine_regions
from triggerpoint.bodymap.svg import render_svg
from triggerpoint.clinic.treatment.intake import Mark
from triggerpoint.finder import Flag, SafetyQuestion, find
from triggerpoint.finder.redflags.symptoms import SYMPTOMS

# The plan covers the few points most worth trying first; more is not a home routine.
TOP_POINTS = 3
SYMPTOM_IDS = frozenset(s.id for s in SYMPTOMS)

# Aftercare for self-treatment (Davies & Davies; Travell & Simons): soreness for a day
# or two is expected, heat and movement help, and lasting or spreading symptoms need
# someone to look at them.
AFTERCARE = (
    "Drink a glass of water and move the area gently through its range afterwards.",
    "Some soreness where you pressed is normal for a day or two; a warm shower or a heat "
    "pack helps. If it is sorer the next day, press more lightly and less often.",
    "Work each point a few times a day rather than long and hard once: short sessions "
    "are what make the change.",
    "See a therapist or your doctor if the pain is no better after two weeks of daily "
    "self-care, if it keeps coming back, or if it spreads.",
    "Stop and see a doctor promptly if you get numbness, weakness, a fever, swelling, "
    "bruising you cannot explain, or pain that wakes you at night.",
)


@dataclass(frozen=True)
class PointPlan:
    point: TriggerPoint
    probability: float
    explains: tuple[str, ...]  # labels of the marked regions it may explain
    treatment: SelfTreatment | None
    cautions: tuple[Caution, ...]
    map_svg: str


@dataclass(frozen=True)
class MusclePlan:
    id: str
    name: str
    points: list[PointPlan] = field(default_factory=list)
    stretches: tuple[Stretch, ...] = ()
    factors: tuple[Factor, ...] = ()


@dataclass(frozen=True)
class SelfCarePlan:
    marks: tuple[Mark, ...]
    flags: tuple[Flag, ...]
    stop: str  # what to do instead of self-treatment; "" when the plan may be shown
    muscles: tuple[MusclePlan, ...]
    safety_questions: tuple[SafetyQuestion, ...]
    drawing_svg: str
    aftercare: tuple[str, ...] = AFTERCARE

    @property
    def points(self) -> list[PointPlan]:
        return [p for m in self.muscles for p in m.points]


def symptoms_from_params(yes: Sequence[str], no: Sequence[str]) -> dict[str, bool]:
    """`?symptom=fever&no=trauma` -> {"fever": True, "trauma": False}; unknown names are
    dropped, as an address is typed or shared."""
    answers = {name: False for name in no if name in SYMPTOM_IDS}
    answers.update({name: True for name in yes if name in SYMPTOM_IDS})
    return answers


def _point_map(point: TriggerPoint) -> str:
    """A close-up of the point (the marker) and where it may send pain (the heat map)."""
    return render_svg(
        referral_values([point]),
        markers=[point.location],
        focus=True,
        legend=False,
        id_prefix=f"{point.id}-",
        title=f"{point.name}: the dot is the trigger point, colour shows where it sends pain",
    )


def _point_plan(atlas: Atlas, tp_id: str, probability: float, explains: Sequence[str]) -> PointPlan:
    point = atlas.trigger_points[tp_id]
    care = atlas.self_care
    regions = fine_regions()
    return PointPlan(
        point=point,
        probability=probability,
        explains=tuple(regions[r].label for r in explains if r in regions),
        treatment=care.treatment(point.base),
        cautions=tuple(care.cautions_for(point.base)),
        map_svg=_point_map(point),
    )


def build_plan(
    marks: Sequence[Mark], symptoms: dict[str, bool] | None = None, atlas: Atlas | None = None
) -> SelfCarePlan:
    """The plan for a drawing. Raises `finder.DrawingError` for a drawing the finder
    refuses (every mark at 0, a quality on a mark of 0)."""
    atlas = atlas or load_atlas()
    intensities = {m["region"]: float(m["intensity"]) for m in marks}
    qualities = {m["region"]: m["quality"] for m in marks if m["intensity"] > 0}
    result = find(intensities, qualities, top=TOP_POINTS * 2, symptoms=symptoms or {})
    drawing_svg = render_svg(
        {r: v for r, v in intensities.items() if v > 0},
        focus=True,
        legend=False,
        id_prefix="drawing-",
        title="What you marked",
    )
    if result.safety_first:
        return SelfCarePlan(
            tuple(marks), result.flags, result.action, (), result.safety_questions, drawing_svg
        )
    muscles: dict[str, MusclePlan] = {}
    for candidate in result.candidates[:TOP_POINTS]:
        muscle = atlas.muscles[candidate.muscle]
        plan = muscles.setdefault(
            muscle.id,
            MusclePlan(
                id=muscle.id,
                name=muscle.name,
                stretches=tuple(atlas.stretches[s] for s in muscle.stretches),
                factors=tuple(atlas.self_care.factors_for(muscle.id)),
            ),
        )
        plan.points.append(
            _point_plan(
                atlas, candidate.trigger_point, candidate.probability, list(candidate.explains)
            )
        )
    return SelfCarePlan(
        tuple(marks),
        result.flags,
        "",
        tuple(muscles.values()),
        result.safety_questions,
        drawing_svg,
    )

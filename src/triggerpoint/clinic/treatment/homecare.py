"""Home care: the stretches of the muscles treated at a visit, with dosage and aftercare.

A plan starts from the atlas: every muscle with a finding at the visit (or, before any
finding, every planned trigger point's muscle) brings its stretches at the atlas's
dosage. The therapist then changes dosage, drops or adds stretches, and edits the
advice. Each save replaces the plan's items and is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from triggerpoint.atlas import load_atlas
from triggerpoint.clinic.models import Client, HomePlan, HomePlanItem, Visit
from triggerpoint.clinic.privacy.audit import Actor, record

MAX_HOLD_SECONDS = 600
MAX_REPETITIONS = 50
MAX_FREQUENCY = 100
MAX_ADVICE = 5_000
MAX_ITEMS = 20

# Our own words. Soreness after pressure release usually settles within a day or two;
# pain that climbs, or signs that are not muscular, need a call.
AFTERCARE = "\n".join(
    [
        "Drink a glass or two of water over the next few hours.",
        "The treated muscles may feel sore or bruised for a day or two, like after a "
        "workout. Gentle movement and warmth help; keep the stretches mild.",
        "Call the clinic if the soreness is worse after two days, or if a stretch brings "
        "sharp pain, tingling or numbness.",
        "Call a doctor (or your emergency number) for chest pain, sudden severe headache, "
        "weakness, fever with a stiff neck, or swelling, redness and heat in a limb.",
    ]
)


class HomePlanError(ValueError):
    """A plan the clinic cannot store; `str(error)` is the whole reason."""


@dataclass(frozen=True)
class ItemInput:
    stretch: str
    hold_seconds: int
    repetitions: int
    frequency: str
    muscle: str = ""


def treated_muscles(visit: Visit) -> list[str]:
    """Muscle ids in treatment order: those with findings, else the planned points'."""
    points = list(visit.findings.values_list("trigger_point", flat=True)) or list(
        visit.planned_points
    )
    known = load_atlas().trigger_points
    muscles: list[str] = []
    for point in points:
        tp = known.get(point)
        if tp is not None and tp.muscle not in muscles:
            muscles.append(tp.muscle)
    return muscles


def suggested_items(visit: Visit) -> list[ItemInput]:
    """Each treated muscle's stretches at the atlas's dosage, each stretch once."""
    atlas = load_atlas()
    items: list[ItemInput] = []
    for muscle_id in treated_muscles(visit):
        for stretch_id in atlas.muscles[muscle_id].stretches:
            if any(item.stretch == stretch_id for item in items):
                continue
            stretch = atlas.stretches[stretch_id]
            items.append(
                ItemInput(
                    stretch_id,
                    stretch.hold_seconds,
                    stretch.repetitions,
                    stretch.frequency,
                    muscle_id,
                )
            )
    return items


def check_items(items: Sequence[ItemInput]) -> list[ItemInput]:
    atlas = load_atlas()
    if len(items) > MAX_ITEMS:
        raise HomePlanError(f"keep a home plan to at most {MAX_ITEMS} stretches")
    for item in items:
        stretch = atlas.stretches.get(item.stretch)
        if stretch is None:
            raise HomePlanError(f"unknown stretch {item.stretch[:60]!r}")
        if item.muscle and item.muscle not in atlas.muscles:
            raise HomePlanError(f"{stretch.name}: unknown muscle {item.muscle[:60]!r}")
        if not 1 <= item.hold_seconds <= MAX_HOLD_SECONDS:
            raise HomePlanError(f"{stretch.name}: hold 1-{MAX_HOLD_SECONDS} seconds")
        if not 1 <= item.repetitions <= MAX_REPETITIONS:
            raise HomePlanError(f"{stretch.name}: repeat 1-{MAX_REPETITIONS} times")
        if not item.frequency.strip() or len(item.frequency) > MAX_FREQUENCY:
            raise HomePlanError(f"{stretch.name}: say how often, in under {MAX_FREQUENCY} letters")
    return list(items)


def plan_for(visit: Visit, actor: Actor) -> HomePlan:
    """The visit's home plan, made from the atlas on first use."""
    with transaction.atomic():
        Visit.objects.select_for_update().filter(pk=visit.pk).first()
        existing = HomePlan.objects.filter(visit=visit).first()
        if existing is not None:
            return existing
        plan = HomePlan.objects.create(client_id=visit.client_id, visit=visit, advice=AFTERCARE)
        _write_items(plan, suggested_items(visit))
        record(actor, "homeplan.created", plan)
    return plan


def save_plan(plan: HomePlan, items: Sequence[ItemInput], advice: str, actor: Actor) -> HomePlan:
    """Replace the plan's stretches and advice, after checking every item."""
    checked = check_items(items)
    if len(advice) > MAX_ADVICE:
        raise HomePlanError(f"keep the advice under {MAX_ADVICE} characters")
    with transaction.atomic():
        plan.advice = advice.strip()
        plan.save(update_fields=["advice"])
        plan.items.all().delete()
        _write_items(plan, checked)
        record(actor, "homeplan.changed", plan)
    return plan


def _write_items(plan: HomePlan, items: Sequence[ItemInput]) -> None:
    HomePlanItem.objects.bulk_create(
        HomePlanItem(
            plan=plan,
            stretch=item.stretch,
            muscle=item.muscle,
            hold_seconds=item.hold_seconds,
            repetitions=item.repetitions,
            frequency=item.frequency.strip(),
        )
        for item in items
    )


def latest_plan(client: Client) -> HomePlan | None:
    return HomePlan.objects.filter(client=client).order_by("-created_at", "-pk").first()


@dataclass(frozen=True)
class PlanLine:
    """A plan item as the client reads it: the stretch's name, how, and how much."""

    item: HomePlanItem
    name: str
    instructions: str
    muscle: str

    @property
    def dosage(self) -> str:
        item = self.item
        times = "once" if item.repetitions == 1 else f"{item.repetitions} times"
        return f"Hold {item.hold_seconds} seconds, {times}, {item.frequency}."


def plan_lines(plan: HomePlan) -> list[PlanLine]:
    atlas = load_atlas()
    lines = []
    for item in plan.items.all():
        stretch = atlas.stretches.get(item.stretch)
        muscle = atlas.muscles.get(item.muscle)
        lines.append(
            PlanLine(
                item,
                stretch.name if stretch else item.stretch,
                stretch.instructions if stretch else "",
                muscle.name if muscle else "",
            )
        )
    return lines


def advice_lines(plan: HomePlan) -> list[str]:
    return [line.strip() for line in plan.advice.splitlines() if line.strip()]

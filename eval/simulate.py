"""Simulated pain drawings from a process deliberately unlike the finder's own model.

The finder assumes noisy-OR links per zone, a leak per region, one false-mark curve and
independent priors. The simulator instead:
- activates 1 or 2 trigger points, weighted 3:2:1 by prevalence tier (common, frequent,
  occasional), a second one anywhere on the body (an unrelated problem);
- marks each zone region with a fixed chance (essential 0.6, local 0.4, spillover 0.25,
  the rates the issue measured against), at an intensity drawn per zone (essential
  4-9, local 3-8, spillover 1-5, triangular around the middle);
- adds 0-2 distractor regions anywhere (intensity 1-6), as real drawings carry pain from
  joints, old injuries or nothing at all;
- moves a marked region to the other side with chance 0.07 (left/right confusion,
  Scherrer 2021), and draws a region as its whole CHOIR region with chance 0.1.
A drawing that ends up empty is drawn again.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from triggerpoint.atlas import Atlas
from triggerpoint.bodymap.regions import fine_regions, mirror, region

TIER_WEIGHT = {"common": 3.0, "frequent": 2.0, "occasional": 1.0}
MARK_CHANCE = {"essential": 0.6, "local": 0.4, "spillover": 0.25}
INTENSITY = {"essential": (4, 9), "local": (3, 8), "spillover": (1, 5)}
SIDE_SLIP = 0.07
CHOIR_CHANCE = 0.1


@dataclass(frozen=True)
class Drawing:
    marks: dict[str, float]
    active: tuple[str, ...]  # trigger point ids

    def truth(self, atlas: Atlas) -> set[tuple[str, str]]:
        """The (muscle, side) of every active point: what counts as a right answer."""
        return {(atlas.trigger_points[t].muscle, atlas.trigger_points[t].side) for t in self.active}


def _intensity(rng: random.Random, zone: str) -> float:
    low, high = INTENSITY[zone]
    return float(round(rng.triangular(low, high)))


def simulate(atlas: Atlas, rng: random.Random, sources: int | None = None) -> Drawing:
    points = sorted(atlas.trigger_points)
    weights = [TIER_WEIGHT[atlas.trigger_points[t].prevalence] for t in points]
    all_regions = sorted(fine_regions())
    while True:
        count = sources or rng.choice((1, 2))
        active: list[str] = []
        while len(active) < count:
            pick = rng.choices(points, weights)[0]
            if atlas.trigger_points[pick].muscle not in {
                atlas.trigger_points[t].muscle for t in active
            }:
                active.append(pick)
        marks: dict[str, float] = {}
        for tp_id in active:
            tp = atlas.trigger_points[tp_id]
            for zone in ("essential", "local", "spillover"):
                for rid in tp.zone(zone):
                    if rng.random() < MARK_CHANCE[zone]:
                        marks[rid] = max(marks.get(rid, 0.0), _intensity(rng, zone))
        for _ in range(rng.choice((0, 0, 1, 2))):
            marks.setdefault(rng.choice(all_regions), float(rng.randint(1, 6)))
        drawn: dict[str, float] = {}
        for rid, x in marks.items():
            if rng.random() < SIDE_SLIP:
                rid = mirror(rid)
            token = str(region(rid).choir) if rng.random() < CHOIR_CHANCE else rid
            drawn[token] = max(drawn.get(token, 0.0), x)
        if drawn:
            return Drawing(drawn, tuple(active))


def every_source_marked(atlas: Atlas, case: Drawing) -> bool:
    """Each active point left at least one drawn token in its zones (either side, or a
    CHOIR code over them): a source with no mark cannot be found by any ranker, so the
    two-source target is also judged on the drawings where this holds."""
    fine = {t for t in case.marks if not t.isdigit()}
    codes = {int(t) for t in case.marks if t.isdigit()}
    for tp_id in case.active:
        tp = atlas.trigger_points[tp_id]
        zones = set(tp.essential) | set(tp.local) | set(tp.spillover)
        zones |= {mirror(r) for r in zones}
        if not (zones & fine or {region(r).choir for r in zones} & codes):
            return False
    return True


def drawings(atlas: Atlas, seed: int, count: int, sources: int | None = None) -> list[Drawing]:
    rng = random.Random(seed)
    return [simulate(atlas, rng, sources) for _ in range(count)]

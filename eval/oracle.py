"""`python -m eval.oracle`: what is attainable on the two-source simulation.

An upper-bound ranker that knows the simulator (eval/simulate.py): the likelihood of
which tokens are drawn given every single point and every pair of points on different
muscles, from the simulator's own mark chances, distractor rate, side slip and CHOIR
coarsening (intensities are ignored, so it is an estimate of the bound, not the bound
itself), with the simulator's prevalence weights as the prior. It reports how often the
true pair is the most probable pair, how often the Bayes-best three (muscle, side)
answers hold both sources, and how often both sources left any mark at all.
"""

from __future__ import annotations

import sys

import numpy as np

from eval.fit import HELD_SEED
from eval.simulate import (
    CHOIR_CHANCE,
    MARK_CHANCE,
    SIDE_SLIP,
    TIER_WEIGHT,
    drawings,
    every_source_marked,
)
from triggerpoint.atlas import load_atlas
from triggerpoint.bodymap.regions import fine_regions, mirror, region

COUNT = 200
MEAN_DISTRACTORS = 0.75  # rng.choice((0, 0, 1, 2))


def main() -> int:
    atlas = load_atlas()
    regions = sorted(fine_regions())
    at = {r: k for k, r in enumerate(regions)}
    codes = sorted({region(r).choir for r in regions})
    in_code = np.array([[region(r).choir == c for r in regions] for c in codes], float)
    points = sorted(atlas.trigger_points)
    miss = np.ones((len(points), len(regions)))  # P(no mark at r from point i)
    for i, t in enumerate(points):
        tp = atlas.trigger_points[t]
        for zone in ("essential", "local", "spillover"):
            chance = MARK_CHANCE[zone]
            for r in tp.zone(zone):
                miss[i, at[r]] *= 1 - chance
    mirror_at = np.array([at[mirror(r)] for r in regions])
    group: list[tuple[str, str]] = [
        (atlas.trigger_points[t].muscle, atlas.trigger_points[t].side) for t in points
    ]
    groups = sorted(set(group))
    member = np.zeros((len(points), len(groups)))
    for i, g in enumerate(group):
        member[i, groups.index(g)] = 1
    muscle = np.array([atlas.trigger_points[t].muscle for t in points])
    prior = np.array([TIER_WEIGHT[atlas.trigger_points[t].prevalence] for t in points])
    allowed = muscle[:, None] != muscle[None, :]
    distract = MEAN_DISTRACTORS / len(regions)
    map_pair = best3 = marked = best3_marked = 0
    cases = drawings(atlas, HELD_SEED + 1, COUNT, sources=2)
    for case in cases:
        fine_seen = np.zeros(len(regions), bool)
        code_seen = np.zeros(len(codes), bool)
        for token in case.marks:
            if token.isdigit():
                code_seen[codes.index(int(token))] = True
            else:
                fine_seen[at[token]] = True
        # Only points that could have drawn a seen token can be told apart; the rest
        # left no mark and no ranker can find them (counted as misses below).
        seen = fine_seen | fine_seen[mirror_at] | (in_code.T @ code_seen > 0)
        near = np.flatnonzero((miss[:, seen] < 1).any(axis=1))
        if len(near) < 2:
            continue
        mi = miss[near]
        # q[i, j, r]: P(original mark at r | points i and j active)
        q = 1 - (mi[:, None, :] * mi[None, :, :]) * (1 - distract)
        m = 1 - (1 - (1 - SIDE_SLIP) * q) * (1 - SIDE_SLIP * q[:, :, mirror_at])
        fine_p = np.clip((1 - CHOIR_CHANCE) * m, 1e-9, 1 - 1e-9)
        log_l = np.where(fine_seen, np.log(fine_p), np.log(1 - fine_p)).sum(axis=2)
        code_miss = np.exp(np.log(np.clip(1 - CHOIR_CHANCE * m, 1e-12, 1)) @ in_code.T)
        code_p = np.clip(1 - code_miss, 1e-12, 1 - 1e-12)
        log_l += np.where(code_seen, np.log(code_p), np.log(1 - code_p)).sum(axis=2)
        log_l += np.log(prior[near])[:, None] + np.log(prior[near])[None, :]
        log_l = np.where(allowed[np.ix_(near, near)], log_l, -np.inf)
        pair = np.exp(log_l - log_l.max())
        pair /= pair.sum()
        by_group = member[near].T @ pair @ member[near]  # P({g, h} active), counted both ways
        truth = sorted(groups.index(g) for g in case.truth(atlas))
        flat = np.triu(by_group + by_group.T, 1)
        a, b = np.unravel_index(int(np.argmax(flat)), flat.shape)
        map_pair += sorted((int(a), int(b))) == truth
        third = flat[a] + flat[b] + flat[:, a] + flat[:, b]
        third[[a, b]] = -1
        c = int(np.argmax(third))
        hit = set(truth) <= {int(a), int(b), c}
        best3 += hit
        best3_marked += hit and every_source_marked(atlas, case)
    marked = sum(every_source_marked(atlas, case) for case in cases)
    print(f"two-source held-back simulation (seed {HELD_SEED + 1}), {COUNT} drawings:")
    print(f"  both sources left at least one mark in their zones: {marked / COUNT:.0%}")
    print(f"  oracle: the true pair is the most probable pair: {map_pair / COUNT:.0%}")
    print(f"  oracle: both sources among its best 3 (muscle, side): {best3 / COUNT:.0%}")
    print(
        f"  the same over the {marked} drawings where both sources left a mark: "
        f"{best3_marked / max(marked, 1):.0%}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What a drawing tells the network: soft positive findings and weak negative ones.

A mark is soft evidence: with a = P(mark | pain) and b = P(mark | no pain) its factor is
a - (a - b) * P(pain-free), and stronger marks have a smaller b. A mark on a CHOIR
region is one finding over all its fine regions (pain in any of them). Unmarked regions
are weak negative evidence: each cause's pain reaches the drawing with probability
`strength`, so P(unmarked | active set) = (1 - s*leak) * prod (1 - s*link) stays a
product over nodes, which quickscore needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from triggerpoint.bodymap.regions import resolve
from triggerpoint.finder.config import value
from triggerpoint.finder.network import FloatArray, Network


@dataclass(frozen=True, slots=True)
class Positive:
    """One marked finding: a fine region, or a CHOIR region as an OR over its fine ones."""

    label: str
    regions: tuple[int, ...]
    a: float
    b: float
    intensity: float = 5.0


@dataclass(frozen=True, eq=False)
class Evidence:
    positives: tuple[Positive, ...]
    negative: FloatArray  # (R,) per-region strength of "not marked", 0 = no evidence

    def marked_regions(self) -> set[int]:
        return {r for p in self.positives for r in p.regions}


def false_mark_rate(intensity: float, network: Network | None = None) -> float:
    """P(marked at this intensity | no pain), relative to P(marked | pain) = 1."""
    number = network.setting if network else value
    weak, strong = number("false_mark_weak"), number("false_mark_strong")
    x = min(max(intensity, 1.0), 10.0)
    return float(weak * (strong / weak) ** ((x - 1.0) / 9.0))


def from_marks(
    network: Network,
    marks: Mapping[str, float],
    answered_no: Iterable[str] = (),
) -> Evidence:
    """Evidence for marks (fine id or CHOIR code -> intensity 0-10). A mark of 0 and an
    answered "no" are strong negatives; every other region is a weak negative.

    A CHOIR code and a fine region inside it count once: the fine mark already says the
    CHOIR region hurts, so the code adds no finding of its own (its other fine regions
    still carry no negative evidence, and the fine mark keeps the stronger intensity)."""
    at = network.region_index()
    negative = np.full(len(network.regions), network.setting("unmarked_strength"))
    no_regions = [r for token in answered_no for r in resolve(token)]
    given = {token: intensity for token, intensity in marks.items() if intensity > 0}
    for token, intensity in marks.items():
        if intensity <= 0:
            no_regions.extend(resolve(token))
    fine_marks = {t for t in given if not t.strip().isdecimal()}
    covered: list[str] = []
    for token in [t for t in given if t not in fine_marks]:
        inside = [t for t in fine_marks if resolve(t)[0] in resolve(token)]
        if inside:
            covered.extend(resolve(token))
            for t in inside:
                given[t] = max(given[t], given[token])
            del given[token]
    positives = [
        Positive(
            token,
            tuple(at[r] for r in resolve(token)),
            1.0,
            false_mark_rate(intensity, network),
            intensity,
        )
        for token, intensity in given.items()
    ]
    for r in no_regions:
        negative[at[r]] = network.setting("answered_no_strength")
    for r in covered:
        negative[at[r]] = 0.0
    for p in positives:
        negative[list(p.regions)] = 0.0
    return Evidence(tuple(positives), negative)

"""The order candidates are listed in: the likeliest point first, then whatever explains
the marks the points already listed leave unexplained.

Sorting by each point's own posterior alone lists rivals together: three headache points
at 0.4 each, all for the same temple marks, push the one point for an unrelated low back
pattern down to fourth place although it is the only source of half the drawing. Here the
first candidate is still the most probable point; every next one is the point with the
largest expected share of the marks not yet explained (its share of a mark times the part
of that mark the listed points do not already hold, summed over the marks). The shares
are the model's own (finder.explain.shares), so rivals for the same marks split them and
gain little once one of them is listed.

A muscle is examined whole on its side, both when it is listed and when it is weighed:
once one of its points is listed, the marks its other points there explain count as
explained, and a muscle's claim to the next place is what all its points there explain
together (its most probable point takes the place). Weighing points one by one split a
muscle's claim between its points, so a muscle with two points over the same marks lost
the place to a one-point rival that explained less than the two together.

Each mark counts by its intensity relative to the drawing's strongest (`weights`): a
person grades their own pain, a faint mark is the likeliest to be a slip (the soft
evidence says so too, finder.evidence), and the order should reach the pain that matters
most first, not a faint stray's only explainer before a strong mark's rival source.
When no muscle adds at least `MIN_GAIN`, the rest follow by posterior. The probability
each candidate shows is unchanged: its own.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from triggerpoint.finder.network import FloatArray

# A point earns a place ahead of the posterior order only by explaining at least this
# much of the marks still unexplained, in strongest marks' worth: the share at which an
# explanation is said to explain a mark (finder.explain.EXPLAINS).
MIN_GAIN = 0.3


def diverse_order(
    share: FloatArray,
    eligible: Sequence[int],
    muscle: Sequence[str] | None = None,
    weights: FloatArray | None = None,
) -> list[int]:
    """`eligible` (node indices, most probable first) in listing order; `share[i, j]` is
    node i's share of mark j, `muscle[i]` names node i's muscle and side (by default
    every node is its own) and `weights[j]` is mark j's weight (by default 1)."""
    rest = list(eligible)
    if not rest:
        return []
    key = list(muscle) if muscle is not None else [str(i) for i in range(len(share))]
    weight = np.ones(share.shape[1]) if weights is None else np.asarray(weights)
    # One row per muscle (in order of its most probable point): what examining it
    # explains, its eligible points' shares summed, at most all of a mark.
    names = list(dict.fromkeys(key[j] for j in eligible))
    row = {name: r for r, name in enumerate(names)}
    of = np.array([row[key[j]] for j in eligible])
    examined = np.zeros((len(names), share.shape[1]))
    np.add.at(examined, of, share[list(eligible)])
    np.minimum(examined, 1.0, out=examined)

    chosen = [rest.pop(0)]  # the first candidate is the most probable point
    open_ = np.ones(len(names), dtype=bool)  # muscles not yet listed
    open_[row[key[chosen[0]]]] = False
    explained = examined[row[key[chosen[0]]]].copy()
    while open_.any():
        # A listed muscle's other points follow by posterior; each muscle still open
        # claims the place for its most probable point (ties keep the posterior order).
        gains = np.where(open_, examined @ (weight * (1.0 - explained)), -np.inf)
        best = int(np.argmax(gains))
        if gains[best] < MIN_GAIN:
            break
        pick = next(i for i in rest if row[key[i]] == best)
        rest.remove(pick)
        chosen.append(pick)
        open_[best] = False
        explained = np.minimum(explained + examined[best], 1.0)
    return chosen + rest

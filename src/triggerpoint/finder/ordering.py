"""The order candidates are listed in: the likeliest point first, then whatever explains
the marks the points already listed leave unexplained.

Sorting by each point's own posterior alone lists rivals together: three headache points
at 0.4 each, all for the same temple marks, push the one point for an unrelated low back
pattern down to fourth place although it is the only source of half the drawing. Here the
first candidate is still the most probable point; every next one is the point with the
largest expected share of the marks not yet explained (its share of a mark times the part
of that mark the listed points do not already hold, summed over the marks). The shares
are the model's own (finder.explain.shares), so rivals for the same marks split them and
gain little once one of them is listed. A muscle is examined whole on its side: once one
of its points is listed, the marks its other points there explain count as explained, so
a second point of the same muscle adds a spot to press, not a new problem, and does not
take a place ahead of another problem's point. When no point adds at least `MIN_GAIN`,
the rest follow by posterior. The probability each candidate shows is unchanged: its own.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from triggerpoint.finder.network import FloatArray

# A point earns a place ahead of the posterior order only by explaining at least this
# much of the marks still unexplained, in marks' worth: the share at which an explanation
# is said to explain a mark (finder.explain.EXPLAINS). On the two-source held-back
# simulation 0.05-0.3 all list both sources in the first 3 for 38-39% of drawings (35% by
# posterior alone); 0.3 keeps single-source drawings' rivals highest.
MIN_GAIN = 0.3


def diverse_order(
    share: FloatArray, eligible: Sequence[int], muscle: Sequence[str] | None = None
) -> list[int]:
    """`eligible` (node indices, most probable first) in listing order; `share[i, j]` is
    node i's share of mark j and `muscle[i]` names node i's muscle and side (by default
    every node is its own)."""
    rest = list(eligible)
    if not rest:
        return []
    key = list(muscle) if muscle is not None else [str(i) for i in range(len(share))]

    def examined(i: int) -> FloatArray:  # what listing node i's muscle explains
        return np.asarray(share[[j for j in eligible if key[j] == key[i]]].sum(axis=0))

    chosen = [rest.pop(0)]  # the first candidate is the most probable point
    explained = np.minimum(examined(chosen[0]), 1.0)
    while rest:
        gains = share[rest] @ (1.0 - explained)
        best = int(np.argmax(gains))  # ties keep the posterior order
        if gains[best] < MIN_GAIN:
            break
        pick = rest.pop(best)
        chosen.append(pick)
        explained = np.minimum(explained + examined(pick), 1.0)
    return chosen + rest

"""A satellite that no mark links to: a factor over its keys alone, with no subsets.

Its factor given the active keys A is 1 - pi_s(A) + pi_s(A) * e_s (e_s its unmarked-region
evidence), so it needs none of a group's subset machinery; the atlas has twenty of them
on most drawings, and a full `Component` each would cost more than the real groups.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from triggerpoint.finder.inference.chains import Chains
from triggerpoint.finder.network import FloatArray


class LooseSatellite:
    def __init__(self, chains: Chains, satellite: int, node_evidence: float) -> None:
        self.nodes = [satellite]
        self.keys = sorted(chains.keys_of[satellite])
        self.on = np.array(
            [
                chains.satellite_prior(
                    satellite, [k for c, k in enumerate(self.keys) if subset >> c & 1]
                )
                for subset in range(1 << len(self.keys))
            ]
        )
        self.on_weight = self.on * node_evidence
        self.table = 1.0 - self.on + self.on_weight

    def posteriors(self, weights: FloatArray) -> dict[int, float]:
        return {self.nodes[0]: float(weights @ self.on_weight)}

    def ratios(self, members: Sequence[int]) -> FloatArray:
        """P(off), P(on) given each key subset, as `Component.ratios` for one member."""
        return np.stack([1.0 - self.on, self.on_weight], axis=1) / self.table[:, None]

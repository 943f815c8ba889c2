"""P(every on/off combination of a few leading nodes | drawing) in one pass.

For a group of findings, with X_A[S] the summand of its table at key state A with the
leaders' factors left out and Z_x[S] the product of U over the leaders that combination x
switches on, table(A, x) = prior_x(A) * sum_S X_A[S] * Z_x[S]: one matrix product
(key states x subsets) @ (subsets x combinations), `Component.ratios`. Groups meet only
through the keys, so each cluster of keys mixes its groups' ratios over its key states;
clusters are independent, and so are nodes linked to no mark.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from triggerpoint.finder.inference.engine import Inference
from triggerpoint.finder.inference.findings import subset_states
from triggerpoint.finder.inference.keys import Group
from triggerpoint.finder.network import FloatArray


def combinations(inference: Inference, leaders: Sequence[int]) -> FloatArray:
    """P(leader t active iff bit t of x is set | drawing) for every x < 2^len(leaders)."""
    engine = inference.engine
    states = subset_states(len(leaders))
    joint = np.ones(1 << len(leaders))
    key_bits: dict[int, int] = {}
    by_comp: dict[int, tuple[Group, list[int]]] = {}
    for bit, node in enumerate(leaders):
        if engine.chains.is_key(node):
            key_bits[node] = bit
        elif node in engine.home:
            by_comp.setdefault(id(engine.home[node]), (engine.home[node], []))[1].append(bit)
        else:  # linked to no mark and outside the chains: independent of everything
            active = float(engine.fixed[node])
            joint *= np.where(states[:, bit] == 1, active, 1.0 - active)

    def local(bits: list[int]) -> np.ndarray:
        return (states[:, bits] << np.arange(len(bits))[None, :]).sum(axis=1)

    for comp, bits in by_comp.values():
        if not comp.keys:
            joint *= comp.ratios([leaders[bit] for bit in bits])[0, local(bits)]
    for cluster in engine.layer.clusters:
        keys = [
            (column, key_bits[key]) for column, key in enumerate(cluster.keys) if key in key_bits
        ]
        comps = [by_comp[id(comp)] for comp in cluster.components if id(comp) in by_comp]
        if not keys and not comps:
            continue
        per_state = np.ones((len(cluster.posterior), len(joint)))
        for column, bit in keys:
            per_state *= cluster.states[:, column][:, None] == states[None, :, bit]
        for comp, bits in comps:
            ratio = comp.ratios([leaders[bit] for bit in bits])
            per_state *= ratio[cluster.index[id(comp)]][:, local(bits)]
        joint *= cluster.posterior @ per_state
    return np.asarray(np.clip(joint, 0.0, 1.0))

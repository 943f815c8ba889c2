"""Brute-force enumeration of the same model, straight from its definition.

Exponential in the number of nodes: the reference that tests hold quickscore to, and
the baseline the benchmark times it against. Never used to answer a real drawing.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

import numpy as np
from numpy.typing import NDArray

from triggerpoint.finder.evidence import Evidence
from triggerpoint.finder.inference import columns
from triggerpoint.finder.network import FloatArray, Network


def _prior_of(network: Network, state: tuple[int, ...]) -> float:
    keys = set(network.keys.tolist())
    p = 1.0
    for i, on in enumerate(state):
        if i in keys:
            pi = float(network.prior[i])
        else:
            off = 1.0 - float(network.prior[i])
            for k, s, q in zip(
                network.edge_key, network.edge_satellite, network.induction, strict=True
            ):
                if s == i and state[int(k)]:
                    off *= 1.0 - float(q)
            pi = 1.0 - off
        p *= pi if on else 1.0 - pi
    return p


def _weighted_states(
    network: Network, evidence: Evidence
) -> Iterator[tuple[NDArray[np.bool_], float]]:
    """Every node state with its P(state, drawing)."""
    link, leak = columns(network, evidence.positives)
    strength = evidence.negative
    # Reach scales a link only where a region was left unmarked (the default strength).
    default = network.setting("unmarked_strength")
    seen_link = np.where(strength[None, :] == default, network.unmarked_link, network.link)
    for state in itertools.product((0, 1), repeat=len(network.nodes)):
        prior = _prior_of(network, state)
        if prior == 0.0:
            continue
        d = np.array(state, dtype=bool)
        likelihood = 1.0
        for j, p in enumerate(evidence.positives):
            pain_free = (1.0 - leak[j]) * float(np.prod(1.0 - link[d, j]))
            likelihood *= p.a - (p.a - p.b) * pain_free
        unmarked = (1.0 - strength * network.leak) * np.prod(
            1.0 - strength[None, :] * seen_link[d], axis=0
        )
        likelihood *= float(np.prod(unmarked))
        yield d, prior * likelihood


def brute_force(network: Network, evidence: Evidence) -> tuple[FloatArray, float]:
    """(posterior per node, log P(drawing)) by summing over every node state."""
    total = 0.0
    on_mass = np.zeros(len(network.nodes))
    for d, joint in _weighted_states(network, evidence):
        total += joint
        on_mass += joint * d
    return on_mass / total, float(np.log(total))


def brute_joint(
    network: Network, evidence: Evidence, on: Iterable[int], off: Iterable[int]
) -> float:
    """P(the `on` nodes active and the `off` nodes inactive | drawing)."""
    on, off = list(on), list(off)
    total = hit = 0.0
    for d, joint in _weighted_states(network, evidence):
        total += joint
        if d[on].all() and not d[off].any():
            hit += joint
    return hit / total

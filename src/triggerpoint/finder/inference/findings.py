"""The marked findings as columns of the network, and the subset tables quickscore sums."""

from __future__ import annotations

import functools
from collections.abc import Iterable

import numpy as np

from triggerpoint.finder.evidence import Positive
from triggerpoint.finder.network import FloatArray, Network


def columns(network: Network, positives: Iterable[Positive]) -> tuple[FloatArray, FloatArray]:
    """Per finding: each node's link (an OR over the finding's regions) and the leak."""
    findings = list(positives)
    n = len(network.nodes)
    if not findings:
        return np.zeros((n, 0)), np.zeros(0)
    if all(len(f.regions) == 1 for f in findings):  # fine regions: the columns themselves
        idx = [f.regions[0] for f in findings]
        return np.array(network.link[:, idx]), np.array(network.leak[idx])
    links, leaks = [], []
    for finding in findings:
        at = list(finding.regions)
        links.append(1.0 - np.prod(1.0 - network.link[:, at], axis=1))
        leaks.append(1.0 - float(np.prod(1.0 - network.leak[at])))
    return np.stack(links, axis=1), np.array(leaks)


def subset_weights(positives: Iterable[Positive], leaks: FloatArray) -> FloatArray:
    """Quickscore's coefficient of every subset S of the findings: a for a finding outside
    S, -(a - b) * (1 - leak) for one inside (the soft-evidence factor expanded)."""
    weight = np.ones(1)
    for j, finding in enumerate(positives):
        inside = -(finding.a - finding.b) * (1.0 - leaks[j])
        weight = np.concatenate([weight * finding.a, weight * inside])
    return weight


@functools.cache
def subset_states(count: int) -> np.ndarray:
    """Row x holds bit t of x in column t: every on/off state of `count` things
    (shared between calls, so read-only)."""
    states = (np.arange(1 << count)[:, None] >> np.arange(count)[None, :]) & 1
    states.flags.writeable = False
    return states

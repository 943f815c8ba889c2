"""Quickscore over one group of marked findings, as a table over the keys it touches.

For the findings F of a group and the subsets S of F (Heckerman, UAI 1989):

    table(A) = sum_S W[S] * Base[S] * Rest_A[S]

where A is the set of active keys among the keys the group touches, W[S] the soft-evidence
coefficients, Base[S] the product of 1 - pi_i + pi_i * U_i[S] over plain nodes, and
Rest_A[S] the product of U_k[S] over the active keys linked here and of each satellite's
factor 1 - pi_s(A) + pi_s(A) * U_s[S]. U_i[S] = e_i * prod_{j in S} (1 - p_ij) is a node's
product-form evidence. One row of `rows` per A makes every query a matrix product.
A satellite that no mark links to is a group with no findings (one empty subset).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np

from triggerpoint.finder.evidence import Positive
from triggerpoint.finder.inference.chains import Chains
from triggerpoint.finder.inference.findings import subset_products, subset_states, subset_weights
from triggerpoint.finder.network import FloatArray

TINY = 1e-300


class Component:
    def __init__(
        self,
        chains: Chains,
        node_evidence: FloatArray,
        link: FloatArray,
        leak: FloatArray,
        positives: Sequence[Positive],
        nodes: Sequence[int],
    ) -> None:
        self.chains = chains
        self.nodes = list(nodes)
        self.bits = link.shape[1]
        self.shape = (2,) * self.bits  # subset index bit j is mark j, axis bits-1-j
        self.weight = subset_weights(positives, leak)
        self.support = {i: tuple(int(j) for j in np.flatnonzero(link[i] > 0)) for i in nodes}
        self.unmarked = {
            i: subset_products(link[i, list(self.support[i])]) * node_evidence[i] for i in nodes
        }
        self.satellites = [i for i in nodes if chains.is_satellite(i)]
        self.own_keys = [i for i in nodes if chains.is_key(i)]
        self.plain = [i for i in nodes if not chains.is_key(i) and not chains.is_satellite(i)]
        touching = set(self.own_keys) | {k for s in self.satellites for k in chains.keys_of[s]}
        self.keys = sorted(touching)

        base = np.ones(1 << self.bits)
        by_support: dict[tuple[int, ...], FloatArray] = {}
        self.plain_on: dict[int, FloatArray] = {}
        self.plain_factor: dict[int, FloatArray] = {}
        for i in self.plain:
            pi = float(chains.prior[i])
            factor = 1.0 - pi + pi * self.unmarked[i]
            self.plain_factor[i] = factor
            self.plain_on[i] = pi * self.unmarked[i] / factor
            by_support[self.support[i]] = by_support.get(self.support[i], 1.0) * factor
        for group, table in by_support.items():
            base = self.times(base, group, table)
        self.base = base
        self.weighted_base = self.weight * base
        self.full = {i: self.expand(self.support[i], self.unmarked[i]) for i in nodes}
        self._satellite_factors: dict[tuple[int, tuple[int, ...]], FloatArray] = {}
        self.rows = self._rows(frozenset())
        self.table = self.rows @ self.weighted_base

    def active_keys(self, subset: int) -> tuple[int, ...]:
        return tuple(k for c, k in enumerate(self.keys) if subset >> c & 1)

    def _keys_of_satellite(self, satellite: int, subset: int) -> tuple[int, ...]:
        return tuple(k for k in self.active_keys(subset) if k in self.chains.keys_of[satellite])

    def satellite_factor(self, satellite: int, active: tuple[int, ...]) -> FloatArray:
        # Each full subset column is asked for again by every query: keep them.
        found = self._satellite_factors.get((satellite, active))
        if found is None:
            pi = self.chains.satellite_prior(satellite, active)
            found = 1.0 - pi + pi * self.full[satellite]
            self._satellite_factors[satellite, active] = found
        return found

    def _rows(self, left_out: frozenset[int]) -> FloatArray:
        """Rest_A[S] for every subset A of the touching keys, without `left_out`."""
        rows = np.ones((1 << len(self.keys), len(self.weight)))
        for subset in range(len(rows)):
            active = self.active_keys(subset)
            for key in self.own_keys:
                if key in active:
                    rows[subset] *= self.full[key]
            for s in self.satellites:
                if s not in left_out:
                    rows[subset] *= self.satellite_factor(s, self._keys_of_satellite(s, subset))
        return rows

    def posteriors(self, weights: FloatArray) -> dict[int, float]:
        """P(node active | drawing) for the plain nodes and satellites of the group, with
        `weights[A]` = P(touching keys at A | drawing) / table(A)."""
        mixture = self.weighted_base * (weights @ self.rows)
        out: dict[int, float] = {}
        marginals: dict[tuple[int, ...], FloatArray] = {}
        for i in self.plain:
            group = self.support[i]
            if group not in marginals:
                marginals[group] = self.marginal(mixture, group)
            out[i] = float(marginals[group] @ self.plain_on[i])
        for s in self.satellites:
            # The satellite's factor depends on the key set only through its own keys.
            seen = [self._keys_of_satellite(s, subset) for subset in range(len(weights))]
            parts = sorted(set(seen))
            pick = np.zeros((len(parts), len(weights)))
            for subset, active in enumerate(seen):
                pick[parts.index(active), subset] = weights[subset]
            mixed = pick @ self.rows
            total = 0.0
            for n, active in enumerate(parts):
                pi = self.chains.satellite_prior(s, active)
                on = pi * self.full[s] / self.satellite_factor(s, active)
                total += float((self.weighted_base * mixed[n]) @ on)
            out[s] = total
        return out

    def ratios(self, members: Sequence[int]) -> FloatArray:
        """P(members in state x | touching keys at A, drawing) for every A and x < 2^m
        (bit t of x for member t; members are plain nodes or satellites of this group)."""
        base = self.base
        for i in members:
            if i in self.plain_factor:
                base = self.times(base, self.support[i], 1.0 / self.plain_factor[i])
        left_out = frozenset(i for i in members if i in self.satellites)
        rows = self._rows(left_out) if left_out else self.rows
        on_products = np.ones((1 << len(members), len(self.weight)))
        for t, i in enumerate(members):
            half = 1 << t
            on_products[half : 2 * half] = on_products[:half] * self.full[i]
        sums = (rows * (self.weight * base)[None, :]) @ on_products.T
        states = subset_states(len(members))
        prior = np.ones(sums.shape)
        for subset in range(len(rows)):
            active = self.active_keys(subset)
            for t, i in enumerate(members):
                pi = self.chains.node_prior(i, active)
                prior[subset] *= np.where(states[:, t] == 1, pi, 1.0 - pi)
        return np.asarray(prior * sums / np.maximum(self.table, TINY)[:, None])

    def _axes(self, group: tuple[int, ...]) -> list[int]:
        shape = [1] * self.bits
        for j in group:
            shape[self.bits - 1 - j] = 2
        return shape

    def times(self, column: FloatArray, group: tuple[int, ...], table: FloatArray) -> FloatArray:
        """A full subset column times a table over the subsets of `group` only."""
        product = column.reshape(self.shape) * table.reshape(self._axes(group))
        return np.asarray(product).reshape(-1)

    def expand(self, group: tuple[int, ...], table: FloatArray) -> FloatArray:
        spread = np.broadcast_to(table.reshape(self._axes(group)), self.shape)
        return np.ascontiguousarray(spread).reshape(-1)

    def marginal(self, column: FloatArray, group: tuple[int, ...]) -> FloatArray:
        """Sums of a subset column over every mark outside `group`.

        numpy's many-axis sum over a (2,)*16 tensor is slow; as a (high marks, low marks)
        matrix the same sums are two small matrix products with 0/1 projections."""
        low = self.bits // 2
        lo = tuple(j for j in group if j < low)
        hi = tuple(j - low for j in group if j >= low)
        table = column.reshape(1 << (self.bits - low), 1 << low)
        product = _projection(self.bits - low, hi).T @ table @ _projection(low, lo)
        return np.asarray(product).reshape(-1)


@functools.cache
def _projection(bits: int, group: tuple[int, ...]) -> FloatArray:
    """0/1 matrix from every subset of `bits` marks to its part inside `group`."""
    index = np.arange(1 << bits)
    target = np.zeros(1 << bits, dtype=np.int64)
    for t, j in enumerate(group):
        target |= ((index >> j) & 1) << t
    out = np.zeros((1 << bits, 1 << len(group)))
    out[index, target] = 1.0
    return out

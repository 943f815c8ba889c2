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
from triggerpoint.finder.inference.findings import subset_states, subset_weights
from triggerpoint.finder.network import FloatArray

TINY = 1e-300
# Up to this many numbers, every node's U over every subset is one dense matrix (faster
# than grouping nodes by the marks they reach, which large groups still need).
DENSE_CELLS = 1 << 17


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
        self.satellites = [i for i in nodes if chains.is_satellite(i)]
        self.own_keys = [i for i in nodes if chains.is_key(i)]
        self.plain = [i for i in nodes if not chains.is_key(i) and not chains.is_satellite(i)]
        touching = set(self.own_keys) | {k for s in self.satellites for k in chains.keys_of[s]}
        self.keys = sorted(touching)

        node_array = np.array(self.nodes, dtype=np.int64)
        sub_link = link[node_array] if len(node_array) else np.zeros((0, self.bits))
        self._tables: list[tuple[tuple[int, ...], FloatArray]] = []
        self._slot: dict[int, tuple[int, int]] = {}
        self.plain_groups: list[tuple[tuple[int, ...], list[int], FloatArray]] = []
        self.column = {i: c for c, i in enumerate(self.nodes)}
        self.dense: FloatArray | None = None
        if (1 << self.bits) * len(self.nodes) <= DENSE_CELLS:
            # Few marks: U of every node over every subset in one matrix product.
            log_u = subset_states(self.bits) @ np.log1p(-sub_link).T
            self.dense = np.exp(log_u) * node_evidence[node_array][None, :]
            columns = [self.column[i] for i in self.plain]
            pi = chains.prior[self.plain][None, :]
            self.dense_factor = 1.0 - pi + pi * self.dense[:, columns]
            self.dense_on = pi * self.dense[:, columns] / self.dense_factor
            self.plain_column = {i: c for c, i in enumerate(self.plain)}
            self.base = self.dense_factor.prod(axis=1)
        else:
            # Nodes linked to the same marks share one subset table shape: build each such
            # "support" group's tables together, one row per node.
            masks = (sub_link > 0).astype(np.int64) @ (1 << np.arange(self.bits, dtype=np.int64))
            base = np.ones(1 << self.bits)
            plain = set(self.plain)
            is_plain = np.array([i in plain for i in self.nodes], dtype=bool)
            for mask in np.unique(masks):
                rows = np.flatnonzero(masks == mask)
                group = tuple(j for j in range(self.bits) if int(mask) >> j & 1)
                tables = np.ones((len(rows), 1))
                for j in group:
                    tables = np.concatenate(
                        [tables, tables * (1.0 - sub_link[rows, j : j + 1])], axis=1
                    )
                tables = tables * node_evidence[node_array[rows]][:, None]
                g = len(self._tables)
                self._tables.append((group, tables))
                slots = [(g, r) for r in range(len(rows))]
                self._slot.update(zip(node_array[rows].tolist(), slots, strict=True))
                plain_rows = is_plain[rows]
                if plain_rows.any():
                    members = node_array[rows[plain_rows]].tolist()
                    pi = chains.prior[members][:, None]
                    factor = 1.0 - pi + pi * tables[plain_rows]
                    on = pi * tables[plain_rows] / factor
                    self.plain_groups.append((group, members, on))
                    base = self.times(base, group, factor.prod(axis=0))
            self.base = base
        self.weighted_base = self.weight * self.base
        self.full = {i: self.full_unmarked(i) for i in self.own_keys + self.satellites}
        # Row A of every table is a subset of the touching keys: bit c for key c.
        self.key_states = subset_states(len(self.keys))
        self.state_of: dict[int, np.ndarray] = {}
        self.prior_on: dict[int, FloatArray] = {}
        self.factor: dict[int, FloatArray] = {}
        for s in self.satellites:
            # A satellite's prior depends on the key set only through its own keys.
            own = [c for c, k in enumerate(self.keys) if k in chains.keys_of[s]]
            self.state_of[s] = (self.key_states[:, own] << np.arange(len(own))).sum(axis=1)
            self.prior_on[s] = np.array(
                [
                    chains.satellite_prior(
                        s, [self.keys[c] for b, c in enumerate(own) if q >> b & 1]
                    )
                    for q in range(1 << len(own))
                ]
            )
            on = self.prior_on[s][:, None]
            self.factor[s] = 1.0 - on + on * self.full[s][None, :]
        self.rows = self._rows(frozenset())
        self.table = self.rows @ self.weighted_base

    def full_unmarked(self, node: int) -> FloatArray:
        """U_node over every subset of the group's marks."""
        if self.dense is not None:
            return np.ascontiguousarray(self.dense[:, self.column[node]])
        return self.expand(self.support(node), self.unmarked(node))

    def plain_factor(self, node: int) -> FloatArray:
        """1 - pi + pi * U for a plain node, over every subset of the group's marks."""
        if self.dense is not None:
            return np.asarray(self.dense_factor[:, self.plain_column[node]])
        pi = float(self.chains.prior[node])
        return self.expand(self.support(node), 1.0 - pi + pi * self.unmarked(node))

    def support(self, node: int) -> tuple[int, ...]:
        """The marks (bits of this group) a node links to."""
        return self._tables[self._slot[node][0]][0]

    def unmarked(self, node: int) -> FloatArray:
        """U_node over the subsets of its support: e * prod_{j in B} (1 - p_j)."""
        g, row = self._slot[node]
        return self._tables[g][1][row]

    def _rows(self, left_out: frozenset[int]) -> FloatArray:
        """Rest_A[S] for every subset A of the touching keys, without `left_out`."""
        rows = np.ones((len(self.key_states), len(self.weight)))
        for c, key in enumerate(self.keys):
            if key in self.own_keys:
                active = self.key_states[:, c] == 1
                rows[active] *= self.full[key]
        for s in self.satellites:
            if s not in left_out:
                rows *= self.factor[s][self.state_of[s]]
        return rows

    def posteriors(self, weights: FloatArray) -> dict[int, float]:
        """P(node active | drawing) for the plain nodes and satellites of the group, with
        `weights[A]` = P(touching keys at A | drawing) / table(A)."""
        mixture = self.weighted_base * (weights @ self.rows)
        out: dict[int, float] = {}
        if self.dense is not None and self.plain:
            out.update(zip(self.plain, (mixture @ self.dense_on).tolist(), strict=True))
        for group, members, on in self.plain_groups:
            values = on @ self.marginal(mixture, group)
            out.update(zip(members, values.tolist(), strict=True))
        for s in self.satellites:
            # Mix the rows per state of the satellite's own keys, then swap its factor
            # for its "on" term in each part.
            states = self.state_of[s]
            pick = np.zeros((len(self.prior_on[s]), len(weights)))
            pick[states, np.arange(len(weights))] = weights
            mixed = (pick @ self.rows) * self.weighted_base[None, :]
            on = self.prior_on[s][:, None] * self.full[s][None, :] / self.factor[s]
            out[s] = float((mixed * on).sum())
        return out

    def ratios(self, members: Sequence[int]) -> FloatArray:
        """P(members in state x | touching keys at A, drawing) for every A and x < 2^m
        (bit t of x for member t; members are plain nodes or satellites of this group)."""
        base = self.base
        plain = set(self.plain)
        for i in members:
            if i in plain:
                base = base / self.plain_factor(i)
        left_out = frozenset(i for i in members if i in self.satellites)
        rows = self._rows(left_out) if left_out else self.rows
        summand = rows * (self.weight * base)[None, :]
        # The members' factors depend only on the marks they link to: when those are
        # fewer than the group's, sum the other marks out first (one pass over the
        # subsets) and combine the members over the smaller table, which is what makes a
        # 16-mark group's leader combinations cheap.
        reached = self._reached(members)
        if reached is None:
            fulls = [self._full(i) for i in members]
        else:
            summand = np.stack([self.marginal(row, reached) for row in summand])
            fulls = [self._within(reached, self.support(i), self.unmarked(i)) for i in members]
        on_products = np.ones((1 << len(members), summand.shape[1]))
        for t, full in enumerate(fulls):
            half = 1 << t
            on_products[half : 2 * half] = on_products[:half] * full
        sums = summand @ on_products.T
        states = subset_states(len(members))
        prior = np.ones(sums.shape)
        for t, i in enumerate(members):
            if i in self.satellites:
                on = self.prior_on[i][self.state_of[i]][:, None]
            else:
                on = np.full((len(rows), 1), float(self.chains.prior[i]))
            prior *= np.where(states[None, :, t] == 1, on, 1.0 - on)
        return np.asarray(prior * sums / np.maximum(self.table, TINY)[:, None])

    def _full(self, node: int) -> FloatArray:
        full = self.full.get(node)
        return self.full_unmarked(node) if full is None else full

    def _reached(self, members: Sequence[int]) -> tuple[int, ...] | None:
        """The marks any member links to, when that is fewer than all (grouped path)."""
        if self.dense is not None:
            return None
        reached = sorted({j for i in members for j in self.support(i)})
        return tuple(reached) if len(reached) < self.bits else None

    @staticmethod
    def _within(group: tuple[int, ...], support: tuple[int, ...], table: FloatArray) -> FloatArray:
        """A table over the subsets of `support` spread over the subsets of `group`
        (bit t of the result is mark group[t], as `marginal` returns them)."""
        index = np.arange(1 << len(group))
        sub = np.zeros(len(index), dtype=np.int64)
        for k, j in enumerate(support):
            sub |= ((index >> group.index(j)) & 1) << k
        return np.asarray(table[sub])

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

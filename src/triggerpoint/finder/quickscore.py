"""Exact inference in the leaky noisy-OR network with a key -> satellite layer.

Quickscore (Heckerman, UAI 1989) sums over the subsets S of the marked findings:

    P(F) = sum_S W[S] * E_d[ prod_i (U_i[S])^d_i ],   U_i[S] = e_i * prod_{r in S} (1 - p_ir)

where W[S] carries the soft-evidence coefficients (a_r for r outside S, -(a_r - b_r)
(1 - leak_r) inside) and e_i the node's product-form negative evidence. Given the set K
of active keys the nodes are independent, so E_d is a product of per-node factors
G_i[S] = 1 - pi_i(K) + pi_i(K) U_i[S]; keys are roots and at most `max_active_keys` (2)
are active (the independent prior over key sets, truncated there and renormalised).

Two exact reductions keep 16 marks fast:
- Nodes linked to no marked finding contribute a constant factor and drop out.
- Marked findings that share no node are independent given K, so they split into
  components; each component runs quickscore over its own 2^|F_c| subsets and yields a
  table over the key sets that touch it (empty, single keys, pairs), and the components
  are combined by enumerating every key set of size <= 2.

Above `exact_limit` marks the weakest marks are folded into each node as single-cause
likelihood ratios (exact when at most one active source explains such a region; it
over-counts sources that overlap there) and the result says `method = "approximate"`.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from triggerpoint.finder.config import value
from triggerpoint.finder.evidence import Evidence, Positive
from triggerpoint.finder.network import FloatArray, Network

Method = Literal["exact", "approximate"]
KeySet = tuple[int, ...]
_TINY = 1e-300


def columns(network: Network, positives: Iterable[Positive]) -> tuple[FloatArray, FloatArray]:
    """Per finding: each node's link (an OR over the finding's regions) and the leak."""
    links, leaks = [], []
    for p in positives:
        idx = list(p.regions)
        links.append(1.0 - np.prod(1.0 - network.link[:, idx], axis=1))
        leaks.append(1.0 - float(np.prod(1.0 - network.leak[idx])))
    n = len(network.nodes)
    link = np.stack(links, axis=1) if links else np.zeros((n, 0))
    return link, np.array(leaks)


def _subset_products(links: FloatArray) -> FloatArray:
    """prod_{j in B} (1 - links[j]) for every subset B, bit j of the index for link j."""
    table = np.ones(1)
    for p in links:
        table = np.concatenate([table, table * (1.0 - p)])
    return table


def _factor(pi: float, u: FloatArray, state: bool | None) -> FloatArray:
    if state is None:
        return 1.0 - pi + pi * u
    if state:
        return pi * u
    return np.full(u.shape, 1.0 - pi)


@dataclass(frozen=True, eq=False)
class Inference:
    """Posteriors for one drawing, with joint queries over the leading candidates."""

    posterior: FloatArray
    log_evidence: float
    method: Method
    exact_positives: tuple[int, ...]
    engine: _Engine

    def joint(self, on: Iterable[int] = (), off: Iterable[int] = ()) -> float:
        """P(the `on` nodes active and the `off` nodes inactive | drawing)."""
        return self.engine.conditional(frozenset(on), frozenset(off))


def infer(network: Network, evidence: Evidence) -> Inference:
    engine = _Engine(network, evidence)
    return Inference(
        posterior=engine.posteriors(),
        log_evidence=engine.log_evidence,
        method=engine.method,
        exact_positives=engine.exact,
        engine=engine,
    )


@dataclass(frozen=True, slots=True)
class _Table:
    """A component's sum for no key, each touching key, each pair of touching keys."""

    empty: float
    single: FloatArray  # (k,)
    pair: FloatArray  # (k, k), symmetric


class _Component:
    """Quickscore over one group of marked findings and the nodes linked to them."""

    def __init__(
        self,
        engine: _Engine,
        link: FloatArray,
        leak: FloatArray,
        positives: Sequence[Positive],
        nodes: Sequence[int],
    ) -> None:
        net = engine.net
        self.engine = engine
        w = np.ones(1)
        for j, p in enumerate(positives):
            w = np.concatenate([w * p.a, w * (-(p.a - p.b) * (1.0 - leak[j]))])
        self.w = w
        self.bits = link.shape[1]
        # Subset index bit j is mark j; as a (2,)*bits tensor, mark j is axis bits-1-j.
        self.shape = (2,) * self.bits
        support = {i: tuple(int(j) for j in np.flatnonzero(link[i] > 0)) for i in nodes}
        small = {i: _subset_products(link[i, list(support[i])]) * engine.e[i] for i in nodes}
        self.support = support
        self.sats = [i for i in nodes if i in engine.keys_of]
        own_keys = [i for i in nodes if i in engine.sats_of]
        touching = set(own_keys) | {k for s in self.sats for k in engine.keys_of[s]}
        self.keys = sorted(touching)
        self.key_col = {k: c for c, k in enumerate(self.keys)}
        self.plain = [i for i in nodes if i not in engine.keys_of and i not in engine.sats_of]
        self.u = {i: self._expand(support[i], small[i]) for i in own_keys + self.sats}
        self._g_cache: dict[tuple[int, KeySet, bool | None], FloatArray] = {}

        size = len(w)
        base = np.ones(size)
        groups: dict[tuple[int, ...], FloatArray] = {}
        self.on_small: dict[int, FloatArray] = {}
        self.small_u = {i: small[i] for i in self.plain}
        for i in self.plain:
            pi = float(net.prior[i])
            g = 1.0 - pi + pi * small[i]
            self.on_small[i] = pi * small[i] / g
            groups[support[i]] = groups.get(support[i], 1.0) * g
        for group, table in groups.items():
            base = self._times(base, group, table)
        self.g0 = {s: self._g_sat(s, (), None) for s in self.sats}
        self.g1 = {(s, k): self._g_sat(s, (k,), None) for s in self.sats for k in engine.keys_of[s]}
        for s in self.sats:
            base = base * self.g0[s]
        self.base = base
        # One row per touching key (rows, not columns: row access is contiguous).
        r = np.ones((len(self.keys), size))
        for c, k in enumerate(self.keys):
            if k in self.u:
                r[c] = self.u[k]
            for s in engine.sats_of[k]:
                if s in self.g0:
                    r[c] *= self.g1[s, k] / self.g0[s]
        self.r = r
        self.pairs: dict[tuple[int, int], list[int]] = {}
        for s in self.sats:
            for pair in itertools.combinations(sorted(engine.keys_of[s]), 2):
                self.pairs.setdefault(pair, []).append(s)
        self.share = {pair: self._share(pair, {}) for pair in self.pairs}
        self.table = self._table(self.base, self.r, self.share)
        self._inner: tuple[_Table, FloatArray, FloatArray] | None = None

    def _g_sat(self, s: int, active: KeySet, state: bool | None) -> FloatArray:
        # Clamped queries ask for the same few factors again and again; each is a full
        # subset column, so keep them.
        cached = self._g_cache.get((s, active, state))
        if cached is None:
            cached = _factor(self.engine.pi_sat(s, active), self.u[s], state)
            self._g_cache[s, active, state] = cached
        return cached

    def _share(self, pair: tuple[int, int], clamps: dict[int, bool]) -> FloatArray:
        a, b = pair
        col = np.ones(len(self.w))
        for s in self.pairs[pair]:
            st = clamps.get(s)
            col = col * (
                self._g_sat(s, (a, b), st)
                * self._g_sat(s, (), st)
                / (self._g_sat(s, (a,), st) * self._g_sat(s, (b,), st))
            )
        return col

    def _clamped(
        self, clamps: dict[int, bool]
    ) -> tuple[FloatArray, dict[int, FloatArray], dict[tuple[int, int], FloatArray]]:
        """Base, the key rows that change, and pair corrections with non-key nodes clamped."""
        base = self.base
        rows: dict[int, FloatArray] = {}
        for i, state in clamps.items():
            if i in self.g0:
                base = base * self._g_sat(i, (), state) / self.g0[i]
                for k in self.engine.keys_of[i]:
                    c = self.key_col[k]
                    before = self.g1[i, k] / self.g0[i]
                    after = self._g_sat(i, (k,), state) / self._g_sat(i, (), state)
                    rows[c] = rows.get(c, self.r[c]) * (after / before)
            else:
                pi = float(self.engine.net.prior[i])
                t = self.small_u[i]
                ratio = _factor(pi, t, state) / _factor(pi, t, None)
                base = self._times(base, self.support[i], ratio)
        share = {
            pair: self._share(pair, clamps) if set(shared) & clamps.keys() else self.share[pair]
            for pair, shared in self.pairs.items()
        }
        return base, rows, share

    def _table(
        self, base: FloatArray, r: FloatArray, share: dict[tuple[int, int], FloatArray]
    ) -> _Table:
        wb = self.w * base
        single = r @ wb
        pair = (r * wb) @ r.T
        for (a, b), col in share.items():
            ca, cb = self.key_col[a], self.key_col[b]
            extra = float(wb @ (r[ca] * r[cb] * (col - 1.0)))
            pair[ca, cb] += extra
            pair[cb, ca] += extra
        return _Table(float(wb.sum()), single, pair)

    def clamped_table(self, clamps: dict[int, bool]) -> _Table:
        base, rows, share = self._clamped(clamps)
        r = self.r
        if rows:
            r = r.copy()
            for c, row in rows.items():
                r[c] = row
        return self._table(base, r, share)

    def _pair_terms(
        self,
        weights: _Table,
        r: FloatArray,
        share: dict[tuple[int, int], FloatArray],
        rows: dict[int, FloatArray] | None = None,
    ) -> FloatArray:
        """Pair corrections; `rows` replaces some of r's rows (no copy of r needed)."""
        rows = rows or {}
        total = np.zeros(len(self.w))
        for (a, b), col in share.items():
            ca, cb = self.key_col[a], self.key_col[b]
            ra, rb = rows.get(ca, r[ca]), rows.get(cb, r[cb])
            total += weights.pair[ca, cb] * ra * rb * (col - 1.0)
        return total

    def _mix(self, weights: _Table) -> tuple[FloatArray, FloatArray]:
        """The key-set mixture per subset, and each key row's pair partners, weighted."""
        if self._inner is None or self._inner[0] is not weights:
            lr = weights.pair @ self.r
            inner = weights.empty + weights.single @ self.r
            inner = inner + 0.5 * (np.ones(len(self.keys)) @ (lr * self.r))
            inner = inner + self._pair_terms(weights, self.r, self.share)
            self._inner = (weights, inner, lr)
        return self._inner[1], self._inner[2]

    def satellites_on(self, weights: _Table) -> FloatArray:
        """P(satellite active | drawing) for each satellite of the component.

        A satellite's factor depends on the key set only through which of its own keys
        are active (A), so the mixture splits into the parts M_A with those keys active
        and the answer is sum_A sum_S W * Base * M_A * on_A / factor_A: a few dot
        products per satellite instead of a clamped query each."""
        mix, lr = self._mix(weights)
        wb = self.w * self.base
        # Everything the key sets holding key c contribute (its single and pair rows).
        held = self.r * (weights.single[:, None] + lr)
        for (a, b), col in self.share.items():
            ca, cb = self.key_col[a], self.key_col[b]
            extra = weights.pair[ca, cb] * self.r[ca] * self.r[cb] * (col - 1.0)
            held[ca] = held[ca] + extra
            held[cb] = held[cb] + extra
        out = np.zeros(len(self.sats))
        for n, s in enumerate(self.sats):
            keys = sorted(self.engine.keys_of[s])
            parts: dict[KeySet, FloatArray] = {}
            for a, b in itertools.combinations(keys, 2):
                ca, cb = self.key_col[a], self.key_col[b]
                part = weights.pair[ca, cb] * self.r[ca] * self.r[cb]
                parts[a, b] = part * self.share[a, b] if (a, b) in self.share else part
            for k in keys:
                part = held[self.key_col[k]]
                for pair in itertools.combinations(keys, 2):
                    if k in pair:
                        part = part - parts[pair]
                parts[(k,)] = part
            rest = mix
            for part in parts.values():
                rest = rest - part
            parts[()] = rest
            for active, part in parts.items():
                ratio = self._g_sat(s, active, True) / self._g_sat(s, active, None)
                out[n] += float((wb * part) @ ratio)
        return out

    def weighted(
        self,
        clamps: dict[int, bool],
        weights: _Table,
        on_plain: bool = False,
    ) -> FloatArray:
        """sum_S W * Base * (weights over key sets): a scalar, or per plain node.

        The unclamped mixture is kept per weights; a clamp changes only the rows of the
        keys it touches, so the mixture is updated by those rows' differences."""
        mix, lr = self._mix(weights)
        base, rows, share = self._clamped(clamps)
        if clamps:
            deltas = {c: row - self.r[c] for c, row in rows.items()}
            for c, d in deltas.items():
                mix = mix + d * (weights.single[c] + lr[c])
                for c2, d2 in deltas.items():
                    mix = mix + 0.5 * weights.pair[c, c2] * d * d2
            touched = {
                pair: col
                for pair, col in share.items()
                if col is not self.share[pair]
                or self.key_col[pair[0]] in rows
                or self.key_col[pair[1]] in rows
            }
            if touched:
                old = {pair: self.share[pair] for pair in touched}
                mix = mix + self._pair_terms(weights, self.r, touched, rows)
                mix = mix - self._pair_terms(weights, self.r, old)
        v = self.w * base * mix
        if on_plain:
            marginals: dict[tuple[int, ...], FloatArray] = {}
            out = np.zeros(len(self.plain))
            for n, i in enumerate(self.plain):
                group = self.support[i]
                if group not in marginals:
                    marginals[group] = self._marginal(v, group)
                out[n] = marginals[group] @ self.on_small[i]
            return out
        return np.asarray(v.sum())

    def _axes(self, group: tuple[int, ...]) -> list[int]:
        shape = [1] * self.bits
        for j in group:
            shape[self.bits - 1 - j] = 2
        return shape

    def _times(self, column: FloatArray, group: tuple[int, ...], table: FloatArray) -> FloatArray:
        """A full subset column times a table over the subsets of `group` only."""
        product = column.reshape(self.shape) * table.reshape(self._axes(group))
        return np.asarray(product).reshape(-1)

    def _expand(self, group: tuple[int, ...], table: FloatArray) -> FloatArray:
        # One copy of the broadcast view: no column of ones to allocate and multiply.
        spread = np.broadcast_to(table.reshape(self._axes(group)), self.shape)
        return np.ascontiguousarray(spread).reshape(-1)

    def _marginal(self, column: FloatArray, group: tuple[int, ...]) -> FloatArray:
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


class _Engine:
    def __init__(self, network: Network, evidence: Evidence) -> None:
        self.net = network
        limit = int(value("exact_limit"))
        order = sorted(
            range(len(evidence.positives)), key=lambda j: -evidence.positives[j].intensity
        )
        self.exact = tuple(sorted(order[:limit]))
        extra = [evidence.positives[j] for j in order[limit:]]
        self.method: Method = "approximate" if extra else "exact"

        strength = evidence.negative
        log_node = np.log1p(-strength[None, :] * network.link).sum(axis=1)
        const = float(np.log1p(-strength * network.leak).sum())
        x_link, x_leak = columns(network, extra)
        for j, p in enumerate(extra):
            base = p.a - (p.a - p.b) * (1.0 - x_leak[j])
            ratio = (p.a - (p.a - p.b) * (1.0 - x_leak[j]) * (1.0 - x_link[:, j])) / base
            log_node += np.log(ratio)
            const += float(np.log(base))
        self.e = np.exp(log_node)

        self.keys_of: dict[int, dict[int, float]] = {}
        self.sats_of: dict[int, list[int]] = {}
        for k, s, q in zip(
            network.edge_key.tolist(),
            network.edge_satellite.tolist(),
            network.induction.tolist(),
            strict=True,
        ):
            self.keys_of.setdefault(s, {})[k] = q
            self.sats_of.setdefault(k, []).append(s)
        self.all_keys = sorted(self.sats_of)

        exact = [evidence.positives[j] for j in self.exact]
        link, leak = columns(network, exact)
        prior = network.prior
        linked = link > 0
        chained = np.zeros(len(prior), dtype=bool)
        chained[list(self.keys_of) + self.all_keys] = True
        relevant = linked.any(axis=1) | chained
        self.fixed = prior * self.e / (1.0 - prior + prior * self.e)
        const += float(np.log(1.0 - prior + prior * self.e)[~relevant].sum())
        self.const = const

        self.components: list[_Component] = []
        self.home: dict[int, _Component] = {}
        for group, nodes in _components(linked, chained):
            comp = _Component(self, link[:, group], leak[group], [exact[j] for j in group], nodes)
            self.components.append(comp)
            for i in nodes:
                self.home[i] = comp

        self.key_sets: list[KeySet] = [()]
        size = int(value("max_active_keys"))
        for count in range(1, size + 1):
            self.key_sets.extend(itertools.combinations(self.all_keys, count))
        if size > 2:
            raise ValueError("the engine enumerates key sets of at most two keys")
        position = {key: c for c, key in enumerate(self.all_keys)}
        pad = len(self.all_keys)
        self.key_matrix = np.array(
            [[position[k] for k in ks] + [pad] * (size - len(ks)) for ks in self.key_sets],
            dtype=np.int64,
        ).reshape(len(self.key_sets), size)
        self.slots = {id(comp): self._slots(comp) for comp in self.components}
        odds = {k: float(prior[k] / (1.0 - prior[k])) for k in self.all_keys}
        self.log_odds = np.array(
            [sum(float(np.log(odds[k])) for k in ks) for ks in self.key_sets], dtype=np.float64
        )
        log_z = float(np.log(np.exp(self.log_odds).sum()))
        self.log_values = self._log_values({})
        top = float(self.log_values.max())
        self.log_total = top + float(np.log(np.exp(self.log_values - top).sum()))
        self.log_evidence = self.const + self.log_total - log_z
        self.key_set_posterior = np.exp(self.log_values - self.log_total)

    def pi_sat(self, s: int, active: KeySet) -> float:
        off = 1.0 - float(self.net.prior[s])
        for k in active:
            off *= 1.0 - self.keys_of[s].get(k, 0.0)
        return 1.0 - off

    def _slots(self, comp: _Component) -> np.ndarray:
        """For every key set, where its value sits in the component's flattened table:
        0 for no touching key, 1 + col for one, 1 + k + k * col_a + col_b for two."""
        k = len(comp.keys)
        local = np.array([comp.key_col.get(key, -1) for key in self.all_keys] + [-1])
        cols = local[self.key_matrix]
        cols = -np.sort(-cols, axis=1)  # touching keys first
        inside = (cols >= 0).sum(axis=1)
        slots = np.zeros(len(self.key_sets), dtype=np.int64)
        slots[inside == 1] = 1 + cols[inside == 1, 0]
        two = inside == 2
        slots[two] = 1 + k + k * cols[two, 0] + cols[two, 1]
        return slots

    @staticmethod
    def _flat(table: _Table) -> FloatArray:
        return np.concatenate([[table.empty], table.single, table.pair.ravel()])

    def _log_values(self, tables: dict[int, _Table]) -> FloatArray:
        """log(odds(K) * prod_c table_c(K)) for every key set K."""
        out = self.log_odds.copy()
        for comp in self.components:
            flat = self._flat(tables.get(id(comp), comp.table))
            out += np.log(np.maximum(flat[self.slots[id(comp)]], _TINY))
        return out

    def _weights(self, comp: _Component) -> _Table:
        """Posterior mass of the key sets, grouped by what the component sees of them and
        divided by the component's own table: the outside world's weight on each."""
        k = len(comp.keys)
        slots = self.slots[id(comp)]
        flat = self._flat(comp.table)
        mass = self.key_set_posterior / np.maximum(flat[slots], _TINY)
        grouped = np.bincount(slots, weights=mass, minlength=1 + k + k * k).astype(np.float64)
        pair = grouped[1 + k :].reshape(k, k)
        return _Table(float(grouped[0]), grouped[1 : 1 + k], pair + pair.T)

    def conditional(self, on: frozenset[int], off: frozenset[int]) -> float:
        if on & off:
            return 0.0
        factor = 1.0
        by_comp: dict[int, dict[int, bool]] = {}
        for i, state in [(i, True) for i in on] + [(i, False) for i in off]:
            if i in self.sats_of:
                continue
            comp = self.home.get(i)
            if comp is None:  # linked to no mark: independent of everything else
                factor *= self.fixed[i] if state else 1.0 - self.fixed[i]
            else:
                by_comp.setdefault(id(comp), {})[i] = state
        tables = {
            id(comp): comp.clamped_table(by_comp[id(comp)])
            for comp in self.components
            if id(comp) in by_comp
        }
        allowed = np.array(
            [(on & self.sats_of.keys()) <= set(ks) and not (off & set(ks)) for ks in self.key_sets]
        )
        log_values = self._log_values(tables) if tables else self.log_values
        mass = float(np.exp(log_values - self.log_total)[allowed].sum())
        return min(max(factor * mass, 0.0), 1.0)

    def posteriors(self) -> FloatArray:
        post = self.fixed.copy()
        if self.all_keys:
            mass = np.repeat(self.key_set_posterior, self.key_matrix.shape[1])
            per_key = np.bincount(
                self.key_matrix.ravel(), weights=mass, minlength=len(self.all_keys) + 1
            )
            post[self.all_keys] = per_key[: len(self.all_keys)]
        for comp in self.components:
            weights = self._weights(comp)
            if comp.plain:
                post[comp.plain] = comp.weighted({}, weights, on_plain=True)
            if comp.sats:
                post[comp.sats] = comp.satellites_on(weights)
        return np.clip(post, 0.0, 1.0)


def _components(linked: np.ndarray, chained: np.ndarray) -> list[tuple[list[int], list[int]]]:
    """Groups of marked findings that share a node, each with its nodes; chained nodes
    linked to no mark form one more group with no findings."""
    n_pos = linked.shape[1]
    parent = list(range(n_pos))

    def find(j: int) -> int:
        while parent[j] != j:
            parent[j] = parent[parent[j]]
            j = parent[j]
        return j

    for i in np.flatnonzero(linked.sum(axis=1) > 1):
        found = np.flatnonzero(linked[i])
        for j in found[1:]:
            parent[find(int(j))] = find(int(found[0]))
    groups: dict[int, list[int]] = {}
    for j in range(n_pos):
        groups.setdefault(find(j), []).append(j)
    result = []
    for members in groups.values():
        nodes = [int(i) for i in np.flatnonzero(linked[:, members].any(axis=1))]
        result.append((members, nodes))
    loose = [int(i) for i in np.flatnonzero(chained & ~linked.any(axis=1))]
    if loose:
        result.append(([], loose))
    return result

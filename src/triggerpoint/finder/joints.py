"""P(every on/off combination of a few leading nodes | drawing) in one pass.

Asking `Inference.joint` once per combination re-runs a component's key-set table for
each of the 2^L combinations. But a clamped node's factor is product-form over the
subsets S of the marks: on, it is pi * U_i[S] (U_i is itself a product over S); off, the
constant 1 - pi. So for a component, with X_K[S] the summand of its table at key set K
with the leaders' factors left out and Z_x[S] the product of U over the leaders that
combination x switches on,

    table(K, x) = const_x(K) * sum_S X_K[S] * Z_x[S],

one matrix product (key sets x subsets) @ (subsets x combinations). Satellites' priors
depend on K, but only through the constant; keys are never clamped inside a component,
their state selects the key sets. Components meet only through K, so the joints are the
key-set posterior times each component's ratio table(K, x) / table(K).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from triggerpoint.finder.network import FloatArray
from triggerpoint.finder.quickscore import _TINY, Inference, _Component, _Engine, _factor


def combinations(inference: Inference, leaders: Sequence[int]) -> FloatArray:
    """P(leader t active iff bit t of x is set | drawing) for every x < 2^len(leaders)."""
    engine = inference.engine
    n = len(leaders)
    states = (np.arange(1 << n)[:, None] >> np.arange(n)[None, :]) & 1  # (2^n, n)
    per_key_set = np.ones((len(engine.key_sets), 1 << n))
    outside = np.ones(1 << n)
    by_comp: dict[int, tuple[_Component, list[int]]] = {}
    for t, i in enumerate(leaders):
        if i in engine.sats_of:
            member = np.array([i in ks for ks in engine.key_sets])
            per_key_set *= member[:, None] == states[None, :, t].astype(bool)
            continue
        comp = engine.home.get(i)
        if comp is None:  # linked to no mark: independent of everything else
            p = float(engine.fixed[i])
            outside *= np.where(states[:, t] == 1, p, 1.0 - p)
        else:
            by_comp.setdefault(id(comp), (comp, []))[1].append(t)
    for comp, bits in by_comp.values():
        ratio = _ratios(engine, comp, [leaders[t] for t in bits])  # (key sets, 2^m)
        local = (states[:, bits] << np.arange(len(bits))[None, :]).sum(axis=1)
        per_key_set *= ratio[:, local]
    joint = outside * (engine.key_set_posterior @ per_key_set)
    return np.asarray(np.clip(joint, 0.0, 1.0))


def _ratios(engine: _Engine, comp: _Component, members: list[int]) -> FloatArray:
    """Per global key set and combination x of `members`: P(members at x | K, marks)."""
    m = len(members)
    sats = [i for i in members if i in comp.g0]
    base = comp.base
    z_rows = []
    for i in members:
        if i in comp.g0:
            base = base / comp.g0[i]
            z_rows.append(comp.u[i])
        else:
            pi = float(engine.net.prior[i])
            t = comp.small_u[i]
            base = comp._times(base, comp.support[i], 1.0 / _factor(pi, t, None))
            z_rows.append(comp._expand(comp.support[i], t))
    wb = comp.w * base
    r = comp.r.copy()
    for s in sats:
        for k in engine.keys_of[s]:
            r[comp.key_col[k]] *= comp.g0[s] / comp.g1[s, k]
    k = len(comp.keys)
    rows = [wb, *(wb * r[c] for c in range(k))]
    pair_at = {}
    for a, b in itertools.combinations(range(k), 2):
        row = wb * r[a] * r[b]
        pair = (comp.keys[a], comp.keys[b])
        if pair in comp.pairs:
            row = row * _share(comp, pair, [s for s in comp.pairs[pair] if s not in sats])
        pair_at[a, b] = len(rows)
        rows.append(row)
    z = np.ones((1 << m, len(comp.w)))
    for t, u in enumerate(z_rows):
        half = 1 << t
        z[half : 2 * half] = z[:half] * u
    sums = np.stack(rows) @ z.T  # (local key sets, 2^m)

    # Where each global key set sits among the local rows, as in _Engine._slots.
    flat_row = np.zeros(1 + k + k * k, dtype=np.int64)
    flat_row[1 : 1 + k] = np.arange(1, 1 + k)
    for (a, b), at in pair_at.items():
        flat_row[1 + k + k * b + a] = at
        flat_row[1 + k + k * a + b] = at
    slots = engine.slots[id(comp)]
    clamped = sums[flat_row[slots]]  # (key sets, 2^m)
    table = _Engine._flat(comp.table)[slots]

    states = (np.arange(1 << m)[:, None] >> np.arange(m)[None, :]) & 1
    const = np.ones((len(engine.key_sets), 1 << m))
    for t, i in enumerate(members):
        if i in comp.g0:
            on = np.array([engine.pi_sat(i, ks) for ks in engine.key_sets])[:, None]
        else:
            on = np.full((len(engine.key_sets), 1), float(engine.net.prior[i]))
        const *= np.where(states[None, :, t] == 1, on, 1.0 - on)
    return np.asarray(const * clamped / np.maximum(table, _TINY)[:, None])


def _share(comp: _Component, pair: tuple[int, int], shared: list[int]) -> FloatArray:
    """The pair correction of the satellites two keys share, leaders left out."""
    if len(shared) == len(comp.pairs[pair]):
        return comp.share[pair]
    a, b = pair
    col = np.ones(len(comp.w))
    for s in shared:
        g = comp._g_sat
        col = col * g(s, pair, None) * g(s, (), None) / (g(s, (a,), None) * g(s, (b,), None))
    return col

"""Inference for one drawing: exact where the budget allows, labelled where it does not.

Exact inference sums over the subsets of each group's marks and over the key states of
each cluster (`component`, `keys`). Two budgets keep a drawing fast:
- at most `exact_limit` marks enter exactly, the strongest first;
- a group may hold at most `exact_cells` = 2^(marks + touching keys) numbers.
A mark over budget (the weakest in its group) is folded into each node as a single-cause
likelihood ratio: exact when at most one active source explains that region, an
over-count when sources overlap there. The answer then says `method = "approximate"`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from triggerpoint.finder.config import value
from triggerpoint.finder.evidence import Evidence
from triggerpoint.finder.inference.chains import chains_of, remember
from triggerpoint.finder.inference.component import Component
from triggerpoint.finder.inference.findings import columns
from triggerpoint.finder.inference.keys import KeyLayer
from triggerpoint.finder.inference.loose import LooseSatellite
from triggerpoint.finder.inference.threads import single_threaded_blas
from triggerpoint.finder.network import FloatArray, Network

single_threaded_blas()

Method = Literal["exact", "approximate"]


@dataclass(frozen=True, eq=False)
class Inference:
    """Posteriors for one drawing, with joint queries over the leading candidates."""

    posterior: FloatArray
    log_evidence: float
    method: Method
    exact_positives: tuple[int, ...]
    engine: Engine

    def joint(self, on: Iterable[int] = (), off: Iterable[int] = ()) -> float:
        """P(the `on` nodes active and the `off` nodes inactive | drawing)."""
        from triggerpoint.finder.inference.joints import combinations

        on_set, off_set = set(on), set(off)
        if on_set & off_set:
            return 0.0
        members = sorted(on_set | off_set)
        state = sum(1 << t for t, i in enumerate(members) if i in on_set)
        return float(combinations(self, members)[state])


def infer(network: Network, evidence: Evidence) -> Inference:
    engine = Engine(network, evidence)
    return Inference(
        posterior=engine.posteriors(),
        log_evidence=engine.log_evidence,
        method=engine.method,
        exact_positives=engine.exact,
        engine=engine,
    )


def groups(linked: np.ndarray) -> list[tuple[list[int], list[int]]]:
    """Marks that share a linked node, transitively, each group with its nodes."""
    as_int = linked.astype(np.int64)
    shared = (as_int.T @ as_int) > 0  # marks x marks: some node links to both
    unseen = set(range(linked.shape[1]))
    out = []
    while unseen:
        frontier = [min(unseen)]
        marks = set(frontier)
        while frontier:
            found = set(np.flatnonzero(shared[frontier].any(axis=0)).tolist()) - marks
            marks |= found
            frontier = sorted(found)
        unseen -= marks
        members = sorted(marks)
        out.append((members, np.flatnonzero(linked[:, members].any(axis=1)).tolist()))
    return out


def unmarked_evidence(network: Network, strength: FloatArray) -> tuple[FloatArray, float]:
    """Per node, log prod_r (1 - s_r * l_ir) over the regions not marked, and the leaks'
    log prod_r (1 - s_r * leak_r). l is the node's link times its reach where a region
    carries the default strength (left unmarked: a person draws part of a big pattern)
    and the link itself where it does not (a region asked about and answered "no", or
    marked 0, was considered). Most regions carry the default, so the full sums are kept
    per network and only the other regions are corrected."""
    default = network.setting("unmarked_strength")
    full_node, full_leak = _default_sums(network, default)
    other = np.flatnonzero(strength != default)
    reached, link, leak = (
        network.unmarked_link[:, other],
        network.link[:, other],
        network.leak[other],
    )
    log_node = (
        full_node
        - np.log1p(-default * reached).sum(axis=1)
        + np.log1p(-strength[other][None, :] * link).sum(axis=1)
    )
    const = full_leak - float(
        np.log1p(-default * leak).sum() - np.log1p(-strength[other] * leak).sum()
    )
    return log_node, const


@functools.lru_cache(maxsize=8)
def _default_sums(network: Network, strength: float) -> tuple[FloatArray, float]:
    return (
        np.log1p(-strength * network.unmarked_link).sum(axis=1),
        float(np.log1p(-strength * network.leak).sum()),
    )


class Engine:
    def __init__(self, network: Network, evidence: Evidence) -> None:
        self.network = network
        self.chains = chains = chains_of(network)
        all_link, all_leak = columns(network, evidence.positives)
        self.exact = self._within_budget(evidence, all_link > 0)
        folded = [j for j in range(len(evidence.positives)) if j not in self.exact]
        self.method: Method = "approximate" if folded else "exact"

        log_node, const = unmarked_evidence(network, evidence.negative)
        for j in folded:
            finding, leak = evidence.positives[j], all_leak[j]
            alone = finding.a - (finding.a - finding.b) * (1.0 - leak)
            with_node = finding.a - (finding.a - finding.b) * (1.0 - leak) * (1.0 - all_link[:, j])
            log_node += np.log(with_node / alone)
            const += float(np.log(alone))
        evidence_factor = np.exp(log_node)

        exact = list(self.exact)
        link, leak = all_link[:, exact], all_leak[exact]
        positives = [evidence.positives[j] for j in exact]
        prior = network.prior
        linked = link > 0
        chained = np.zeros(len(prior), dtype=bool)
        chained[list(chains.keys_of) + chains.keys] = True
        free = ~linked.any(axis=1) & ~chained
        self.fixed = prior * evidence_factor / (1.0 - prior + prior * evidence_factor)
        const += float(np.log(1.0 - prior + prior * evidence_factor)[free].sum())

        self.components: list[Component | LooseSatellite] = []
        for marks, nodes in groups(linked):
            self.components.append(
                Component(
                    chains,
                    evidence_factor,
                    link[:, marks],
                    leak[marks],
                    [positives[j] for j in marks],
                    nodes,
                )
            )
        for s in sorted(chains.keys_of):
            if not linked[s].any():
                e = float(evidence_factor[s])
                loose = remember(
                    chains, ("loose", s, e), lambda s=s, e=e: LooseSatellite(chains, s, e)
                )
                self.components.append(loose)
        self.home = {i: comp for comp in self.components for i in comp.nodes}

        log_weight = {}
        for k in chains.keys:
            odds = float(prior[k] / (1.0 - prior[k]))
            # A key linked to no mark carries its unmarked-region evidence on its own.
            own = 0.0 if k in self.home else float(np.log(evidence_factor[k]))
            log_weight[k] = float(np.log(odds)) + own
            const += float(np.log(1.0 - prior[k]))
        self.layer = KeyLayer(chains, log_weight, self.components)
        self.log_evidence = const + self.layer.log_total

    def _within_budget(self, evidence: Evidence, linked: np.ndarray) -> tuple[int, ...]:
        """The marks that enter exactly: the strongest `exact_limit`, then the weakest of
        any group over `exact_cells` left out until every group fits."""
        order = sorted(
            range(len(evidence.positives)), key=lambda j: -evidence.positives[j].intensity
        )
        exact = order[: int(value("exact_limit"))]
        budget = value("exact_cells")
        while True:
            chosen = sorted(exact)
            for marks, nodes in groups(linked[:, chosen]):
                touching = int(self.chains.touches[nodes].any(axis=0).sum())
                if 2.0 ** (len(marks) + touching) > budget and len(marks) > 1:
                    weakest = max((chosen[m] for m in marks), key=order.index)
                    exact.remove(weakest)
                    break
            else:
                return tuple(chosen)

    def posteriors(self) -> FloatArray:
        post = self.fixed.copy()
        for k, p in self.layer.key_posteriors().items():
            post[k] = p
        for comp in self.components:
            for i, p in comp.posteriors(self.layer.weights(comp)).items():
                post[i] = p
        return np.asarray(np.clip(post, 0.0, 1.0))

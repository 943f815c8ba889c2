"""The key layer: every set of active keys, with no cap on its size.

Keys are independent roots a priori. Given the keys, the groups of findings are
independent, so P(keys, drawing) = odds(keys) * prod_groups table_g(keys it touches).
Keys that share a group (or a satellite) form a cluster; clusters are independent of one
another, and each is enumerated in full (2^keys states: at most 2^16 for this atlas, and
in practice a handful of keys per cluster, since chains stay within one body area).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from triggerpoint.finder.inference.chains import Chains, remember
from triggerpoint.finder.inference.component import TINY, Component
from triggerpoint.finder.inference.findings import subset_states
from triggerpoint.finder.inference.loose import LooseSatellite
from triggerpoint.finder.network import FloatArray

Group = Component | LooseSatellite


class Cluster:
    def __init__(
        self, keys: list[int], log_weight: Mapping[int, float], components: list[Group]
    ) -> None:
        self.keys = keys
        self.components = components
        self.states = subset_states(len(keys))
        position = {k: c for c, k in enumerate(keys)}
        log_value = self.states @ np.array([log_weight[k] for k in keys], dtype=np.float64)
        # Where each key state sits in each group's table (bit c there = its key c).
        self.index: dict[int, np.ndarray] = {}
        for comp in components:
            columns = [position[k] for k in comp.keys]
            index = (self.states[:, columns] << np.arange(len(columns))[None, :]).sum(axis=1)
            self.index[id(comp)] = index
            log_value = log_value + np.log(np.maximum(comp.table[index], TINY))
        top = float(log_value.max())
        self.log_total = top + float(np.log(np.exp(log_value - top).sum()))
        self.posterior = np.exp(log_value - self.log_total)

    def weights(self, comp: Group) -> FloatArray:
        """P(the group's keys at A | drawing) / table(A), for every subset A."""
        mass = np.bincount(self.index[id(comp)], self.posterior, minlength=len(comp.table))
        return np.asarray(mass / np.maximum(comp.table, TINY))


class KeyLayer:
    def __init__(
        self, chains: Chains, log_weight: Mapping[int, float], components: list[Group]
    ) -> None:
        keys = chains.keys
        parent = {k: k for k in keys}

        def root(k: int) -> int:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        for comp in components:
            for k in comp.keys[1:]:
                parent[root(k)] = root(comp.keys[0])
        members: dict[int, list[int]] = {}
        for k in keys:
            members.setdefault(root(k), []).append(k)
        groups: dict[int, list[Group]] = {r: [] for r in members}
        # Groups that touch no key are constant factors of the evidence.
        self.keyless = [comp for comp in components if not comp.keys]
        for comp in components:
            if comp.keys:
                groups[root(comp.keys[0])].append(comp)
        self.clusters = []
        for r, cluster_keys in members.items():
            comps = groups[r]
            if all(isinstance(c, LooseSatellite) for c in comps):
                # Away from every mark: the same cluster on most drawings.
                key = (
                    "cluster",
                    tuple(cluster_keys),
                    tuple(log_weight[k] for k in cluster_keys),
                    tuple(id(c) for c in comps),
                )
                cluster = remember(
                    chains, key, lambda k=cluster_keys, c=comps: Cluster(k, log_weight, c)
                )
            else:
                cluster = Cluster(cluster_keys, log_weight, comps)
            self.clusters.append(cluster)
        self.cluster_of = {id(c): cl for cl in self.clusters for c in cl.components}
        self.log_total = sum(cl.log_total for cl in self.clusters) + sum(
            float(np.log(max(float(comp.table[0]), TINY))) for comp in self.keyless
        )

    def weights(self, comp: Group) -> FloatArray:
        if not comp.keys:
            return np.array([1.0 / max(float(comp.table[0]), TINY)])
        return self.cluster_of[id(comp)].weights(comp)

    def key_posteriors(self) -> dict[int, float]:
        out: dict[int, float] = {}
        for cl in self.clusters:
            for c, k in enumerate(cl.keys):
                out[k] = float(cl.posterior @ cl.states[:, c])
        return out

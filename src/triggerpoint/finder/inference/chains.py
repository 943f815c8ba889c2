"""The key -> satellite layer: which keys switch each satellite on, and how likely."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import numpy as np

from triggerpoint.finder.network import Network


class Chains:
    """Keys are roots; a satellite is on by its own prior or induced by an active key
    (noisy-OR over its keys, Hsieh 2007's key -> satellite dependency)."""

    def __init__(self, network: Network) -> None:
        self.prior = network.prior
        self.keys_of: dict[int, dict[int, float]] = {}
        self.satellites_of: dict[int, list[int]] = {}
        for key, satellite, induction in zip(
            network.edge_key.tolist(),
            network.edge_satellite.tolist(),
            network.induction.tolist(),
            strict=True,
        ):
            self.keys_of.setdefault(satellite, {})[key] = induction
            self.satellites_of.setdefault(key, []).append(satellite)
        self.keys = sorted(self.satellites_of)
        # Parts of an answer that depend only on nodes no mark reaches (a loose satellite,
        # a cluster of keys away from every mark) repeat from drawing to drawing: kept
        # here, per network, keyed by the numbers they were computed from.
        self.memo: dict[Any, Any] = {}
        # Row i marks the keys node i brings into a group: itself, or a satellite's keys.
        self.touches = np.zeros((len(network.prior), len(self.keys)), dtype=bool)
        for c, key in enumerate(self.keys):
            self.touches[key, c] = True
            for satellite in self.satellites_of[key]:
                self.touches[satellite, c] = True

    def is_key(self, node: int) -> bool:
        return node in self.satellites_of

    def is_satellite(self, node: int) -> bool:
        return node in self.keys_of

    def satellite_prior(self, satellite: int, active_keys: Iterable[int]) -> float:
        """P(satellite active | exactly these keys active)."""
        off = 1.0 - float(self.prior[satellite])
        for key in active_keys:
            off *= 1.0 - self.keys_of[satellite].get(key, 0.0)
        return 1.0 - off


@functools.lru_cache(maxsize=8)
def chains_of(network: Network) -> Chains:
    """The chain layer of a network, built once (a network never changes)."""
    return Chains(network)


def remember(chains: Chains, key: Any, make: Any) -> Any:
    """chains.memo[key], made by make() the first time; bounded so odd drawings
    (answered "no" regions, folded marks) cannot grow it without end."""
    found = chains.memo.get(key)
    if found is None:
        if len(chains.memo) > 4096:
            chains.memo.clear()
        found = chains.memo[key] = make()
    return found

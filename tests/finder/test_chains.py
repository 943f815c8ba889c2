"""The chain layer's bookkeeping: which satellites each key induces, and which keys a
node brings into an inference group (so that unrelated chains stay in separate groups)."""

import numpy as np

from triggerpoint.finder.inference.chains import Chains
from triggerpoint.finder.network import atlas_network


def test_each_key_lists_exactly_the_satellites_of_its_edges():
    network = atlas_network()
    chains = Chains(network)
    listed = sorted((k, s) for k, ss in chains.satellites_of.items() for s in ss)
    edges = sorted(zip(network.edge_key.tolist(), network.edge_satellite.tolist(), strict=True))
    assert listed == edges and listed


def test_a_node_brings_only_itself_as_a_key_or_its_own_keys_into_a_group():
    network = atlas_network()
    chains = Chains(network)
    for node in range(len(network.prior)):
        expected = {
            c
            for c, key in enumerate(chains.keys)
            if key == node or key in chains.keys_of.get(node, {})
        }
        assert set(np.flatnonzero(chains.touches[node]).tolist()) == expected

"""The network built from the atlas: where pain may come from something else (the leak)."""

from typing import Literal

import numpy as np

from triggerpoint.atlas import load_atlas
from triggerpoint.finder.config import value
from triggerpoint.finder.network import atlas_network


def test_a_region_no_point_refers_to_leaks_more_than_one_a_point_explains():
    network = atlas_network()
    zones: tuple[Literal["local", "essential", "spillover"], ...] = (
        "local",
        "essential",
        "spillover",
    )
    named = {
        rid for tp in load_atlas().trigger_points.values() for z in zones for rid in tp.zone(z)
    }
    referred = np.array([rid in named for rid in network.regions])
    assert referred.any() and not referred.all()
    assert np.all(network.leak[referred] == value("leak_default"))
    assert np.all(network.leak[~referred] == value("leak_unreferred"))

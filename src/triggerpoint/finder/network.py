"""The finder's Bayesian network as plain arrays, and how the atlas fills it.

Nodes are sided trigger points, findings are sided fine regions. `link[i, r]` is the
chance that node i, when active, makes region r hurt (noisy-OR); `leak[r]` is pain at r
from anything else. `reach[i]` scales node i's links where the drawing is unmarked (the
negative evidence): a client marks part of a large referral pattern, not all of it.
Chain edges make a third layer: an active key switches its satellite on with `induction`
probability; keys are roots and never satellites.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property

import numpy as np
from numpy.typing import NDArray

from triggerpoint.atlas import Atlas, load_atlas
from triggerpoint.finder.config import value

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class Network:
    nodes: tuple[str, ...]
    regions: tuple[str, ...]
    prior: FloatArray  # (n,)
    link: FloatArray  # (n, R)
    leak: FloatArray  # (R,)
    edge_key: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    edge_satellite: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    induction: FloatArray = field(default_factory=lambda: np.zeros(0))
    # Chain edges the atlas names but the network left out (they would make a node both
    # key and satellite), for the record.
    skipped_edges: tuple[tuple[str, str], ...] = ()
    # Model numbers that differ from finder/config.py (a calibration run tries others).
    overrides: Mapping[str, float] = field(default_factory=dict)
    reach: FloatArray | None = None  # (n,), None = 1 for every node

    def __post_init__(self) -> None:
        n, r = len(self.nodes), len(self.regions)
        if self.prior.shape != (n,) or self.link.shape != (n, r) or self.leak.shape != (r,):
            raise ValueError("network arrays do not match its nodes and regions")
        if not ((self.prior > 0) & (self.prior < 1)).all():
            raise ValueError("priors must lie strictly between 0 and 1")
        if not ((self.link >= 0) & (self.link < 1)).all():
            raise ValueError("links must lie in [0, 1)")
        if not ((self.leak >= 0) & (self.leak < 1)).all():
            raise ValueError("leaks must lie in [0, 1)")
        if not ((self.induction >= 0) & (self.induction < 1)).all():
            raise ValueError("induction probabilities must lie in [0, 1)")
        if set(self.edge_key.tolist()) & set(self.edge_satellite.tolist()):
            raise ValueError("a node cannot be both a key and a satellite")
        if self.reach is not None and (
            self.reach.shape != (n,) or not ((self.reach > 0) & (self.reach <= 1)).all()
        ):
            raise ValueError("reach must give every node a number in (0, 1]")

    @cached_property
    def unmarked_link(self) -> FloatArray:
        """`link` as unmarked regions see it: each node's row times its reach."""
        if self.reach is None:
            return self.link
        return np.asarray(self.link * self.reach[:, None])

    @property
    def keys(self) -> IntArray:
        return np.unique(self.edge_key)

    @property
    def satellites(self) -> IntArray:
        return np.unique(self.edge_satellite)

    def setting(self, name: str) -> float:
        """A model number as this network was built with it."""
        return self.overrides.get(name, value(name))

    def index(self) -> dict[str, int]:
        return {node: i for i, node in enumerate(self.nodes)}

    def region_index(self) -> dict[str, int]:
        return {rid: i for i, rid in enumerate(self.regions)}


def build_network(atlas: Atlas, overrides: Mapping[str, float] | None = None) -> Network:
    """The network for an atlas: links from zones, priors from prevalence, chains from
    the satellite edges a source names (derived candidate edges would make most points
    keys, so they stay out of the chain layer). `overrides` replaces model numbers of
    finder/config.py by name, for calibration runs.

    Every link also reaches the same region on the other side at `link_mirror` times
    its strength: marking the wrong side is the commonest pain-drawing error (Brummett
    2016; Scherrer 2021), and without it one slipped region would count against the
    true source as an unexplained mark plus a missing one."""
    from triggerpoint.bodymap.regions import fine_regions, mirror

    given = dict(overrides or {})

    def number(name: str) -> float:
        return given.get(name, value(name))

    regions = tuple(fine_regions())
    nodes = tuple(sorted(atlas.trigger_points))
    region_at = {rid: i for i, rid in enumerate(regions)}
    node_at = {tp: i for i, tp in enumerate(nodes)}
    link = np.zeros((len(nodes), len(regions)))
    prior = np.zeros(len(nodes))
    for i, tp_id in enumerate(nodes):
        tp = atlas.trigger_points[tp_id]
        prior[i] = number(f"prior_{tp.prevalence}")
        # Weakest zone first so a region listed twice keeps its strongest link.
        for zone in ("spillover", "essential", "local"):
            for rid in tp.zone(zone):
                link[i, region_at[rid]] = number(f"link_{zone}")
    size = link.sum(axis=1) / number("link_essential")
    reach = zone_reach(size, number("zone_reach_regions"), number("zone_reach_exponent"))
    mirrored = link[:, [region_at[mirror(rid)] for rid in regions]] * number("link_mirror")
    referred = link.max(axis=0) > 0
    link = np.maximum(link, mirrored)
    leak = np.where(referred, number("leak_default"), number("leak_unreferred"))

    keys: list[int] = []
    satellites: list[int] = []
    skipped: list[tuple[str, str]] = []
    for edge in atlas.satellites:
        if edge.derived:
            continue
        k, s = node_at[edge.key], node_at[edge.satellite]
        if k in satellites or s in keys:
            skipped.append((edge.key, edge.satellite))
            continue
        keys.append(k)
        satellites.append(s)
    return Network(
        nodes=nodes,
        regions=regions,
        prior=prior,
        link=link,
        leak=leak,
        edge_key=np.array(keys, dtype=np.int64),
        edge_satellite=np.array(satellites, dtype=np.int64),
        induction=np.full(len(keys), number("induction")),
        skipped_edges=tuple(skipped),
        overrides=given,
        reach=reach,
    )


def zone_reach(size: FloatArray, regions: float, exponent: float) -> FloatArray:
    """Per node, min(1, (regions / size) ** exponent), where size is the node's zone in
    essential regions' worth (its links summed, over the essential link): a point whose
    pattern spans more than `regions` regions counts each unmarked one for less, because
    a person draws part of a large pattern (Travell & Simons' maps are composites over
    many patients) and the regions they leave out say less against it."""
    return np.asarray(np.minimum(1.0, (regions / np.maximum(size, 1e-9)) ** exponent))


@cache
def atlas_network() -> Network:
    """The network of the packaged atlas, built once per process."""
    return build_network(load_atlas())

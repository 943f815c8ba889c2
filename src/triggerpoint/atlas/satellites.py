"""Key -> satellite edges: the ones a paper names, and candidates derived from geometry.

A satellite trigger point sits inside its key's referral zone and is kept active by it
(Hsieh 2007: needling the key calmed satellites in its zone). So any trigger point
whose location lies in another muscle's essential zone, on the same side, is a
candidate satellite; those edges are marked `derived` and cite the key's referral
sources, since that is the evidence they rest on.
"""

from __future__ import annotations

from collections.abc import Iterable

from triggerpoint.atlas.entries import EdgeEntry
from triggerpoint.atlas.model import SatelliteEdge, TriggerPoint
from triggerpoint.atlas.sides import SIDES, sided

DERIVED_NOTE = "candidate: lies in the key's essential zone"


def explicit_edges(entries: Iterable[EdgeEntry]) -> list[SatelliteEdge]:
    return [
        SatelliteEdge(
            key=sided(entry.key, side),
            satellite=sided(satellite, side),
            sources=entry.sources,
            derived=False,
            note=entry.note,
        )
        for side in SIDES
        for entry in entries
        for satellite in entry.satellites
    ]


def derived_edges(
    points: dict[str, TriggerPoint], explicit: Iterable[SatelliteEdge]
) -> list[SatelliteEdge]:
    known = {(edge.key, edge.satellite) for edge in explicit}
    by_location: dict[str, list[TriggerPoint]] = {}
    for point in points.values():
        by_location.setdefault(point.location, []).append(point)
    edges = []
    for key in points.values():
        for rid in key.essential:
            for satellite in by_location.get(rid, ()):
                if (
                    satellite.side != key.side
                    or satellite.muscle == key.muscle
                    or (key.id, satellite.id) in known
                ):
                    continue
                edges.append(
                    SatelliteEdge(
                        key=key.id,
                        satellite=satellite.id,
                        sources=key.sources,
                        derived=True,
                        note=DERIVED_NOTE,
                    )
                )
    return edges

"""Every fine region and CHOIR region as a shape on its view, in figure coordinates."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from shapely.geometry.base import BaseGeometry

from triggerpoint.bodymap.choir import BY_CODE, CHOIR_REGIONS, Side, View
from triggerpoint.bodymap.geometry import FIGURE_WIDTH, mirror, part_shapes, voronoi_cells
from triggerpoint.bodymap.regions import BOTH_SIDES, SUFFIX, fine_regions

# The half figure is the viewer's left half: the client's right side seen from the
# front, and the client's left side seen from the back.
HALF_SIDE: dict[View, Side] = {"front": "right", "back": "left"}


@dataclass(frozen=True, slots=True)
class RegionShape:
    region_id: str
    view: View
    shape: BaseGeometry


def _place(view: View, side: Side, shape: BaseGeometry) -> BaseGeometry:
    return shape if HALF_SIDE[view] == side else mirror(shape)


@cache
def fine_shapes() -> dict[str, RegionShape]:
    """Each fine region's Voronoi cells inside its CHOIR parent, both sides."""
    by_parent: dict[tuple[View, str], dict[str, tuple[tuple[float, float], ...]]] = {}
    for fine in fine_regions().values():
        if fine.side == "right":
            choir = BY_CODE[fine.choir]
            by_parent.setdefault((choir.view, choir.part), {})[fine.base] = fine.seeds
    shapes: dict[str, RegionShape] = {}
    for (view, part), anchors in by_parent.items():
        cells = voronoi_cells(part_shapes(view)[part], anchors)
        for base, cell in cells.items():
            for side in BOTH_SIDES:
                region_id = f"{base}-{SUFFIX[side]}"
                shapes[region_id] = RegionShape(region_id, view, _place(view, side, cell))
    return shapes


@cache
def choir_shapes() -> dict[int, BaseGeometry]:
    """Each CHOIR region's outline on its view."""
    return {
        region.code: _place(region.view, region.side, part_shapes(region.view)[region.part])
        for region in CHOIR_REGIONS
    }


def anchor_point(region_id: str) -> tuple[float, float]:
    """Where a region's anchor sits on its view (mirrored for the other half)."""
    fine = fine_regions()[region_id]
    view = BY_CODE[fine.choir].view
    x, y = fine.anchor
    return (x, y) if HALF_SIDE[view] == fine.side else (FIGURE_WIDTH - x, y)

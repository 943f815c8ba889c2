"""Zoom frames for marking on a phone: a body area on one side, drawn big enough to tap.

At 390 px width the whole figure leaves most fine regions under 24 px, and taps within
6 px of a region's centre miss it more often than not. A frame shows one body area (a
list of CHOIR parts) on one side of one view at a scale where every fine region in it
is at least 44 x 44 CSS px, the touch target size of WCAG 2.5.5 and Apple's Human
Interface Guidelines. The scale comes from the regions' own bounds, so the frames follow
the drawing when its geometry changes. An area too tall for one screen at that scale is
cut into stacked frames, each holding whole regions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from shapely.geometry.base import BaseGeometry

from triggerpoint.bodymap.choir import BY_CODE, Side, View
from triggerpoint.bodymap.regions import fine_regions
from triggerpoint.bodymap.shapes import fine_shapes

# CSS px the zoomed map is drawn at in a 390 px wide viewport (the page keeps 16 px on
# each side) and the tallest frame that leaves room for the page header and toolbar.
PHONE_MAP_WIDTH = 358.0
MAX_FRAME_HEIGHT = 600.0
MIN_TARGET = 44.0
# Room for a finger that lands a little off: every region comes out 10% over the minimum.
SLACK = 1.1
MARGIN = 8.0


@dataclass(frozen=True, slots=True)
class Area:
    id: str
    label: str
    parts: tuple[str, ...]


# The forearm and hand are apart from the shoulder and upper arm: the fingers need about
# four times the figure's scale, and the whole arm at that scale is three screens tall.
AREAS: tuple[Area, ...] = (
    Area("head-neck", "Head and neck", ("cranium", "face", "head", "neck")),
    Area("shoulder-arm", "Shoulder and upper arm", ("shoulder", "upper-arm", "elbow")),
    Area("forearm-hand", "Forearm and hand", ("forearm", "wrist", "hand")),
    Area("trunk", "Trunk", ("chest", "abdomen", "upper-back", "middle-back", "lower-back")),
    Area("hip-thigh", "Hip and thigh", ("hip", "pubic", "buttock", "upper-leg")),
    Area("leg-foot", "Knee, leg and foot", ("knee", "lower-leg", "ankle", "foot")),
)
_AREA_OF_PART = {part: area for area in AREAS for part in area.parts}

Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Frame:
    """One zoomed view; `box` is (x, y, width, height) in figure coordinates."""

    id: str
    label: str
    view: View
    side: Side
    area: str
    regions: tuple[str, ...]
    box: Box
    scale: float

    @property
    def members(self) -> Box:
        """The regions' joint bounds (x0, y0, x1, y1): a page finds the frame on its
        drawing by matching these against the drawn paths."""
        return _joint([fine_shapes()[r].shape for r in self.regions])

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "view": self.view,
            "side": self.side,
            "regions": list(self.regions),
            "box": [round(v, 2) for v in self.box],
            "members": [round(v, 2) for v in self.members],
        }


def _joint(shapes: list[BaseGeometry]) -> Box:
    bounds = [s.bounds for s in shapes]
    return (
        min(b[0] for b in bounds),
        min(b[1] for b in bounds),
        max(b[2] for b in bounds),
        max(b[3] for b in bounds),
    )


def needed_scale(shapes: list[BaseGeometry]) -> float:
    """CSS px per figure unit that makes the narrowest side of every shape a full target."""
    narrowest = min(min(s.bounds[2] - s.bounds[0], s.bounds[3] - s.bounds[1]) for s in shapes)
    return SLACK * MIN_TARGET / narrowest


def _stack(ids: list[str], limit: float) -> list[list[str]]:
    """Cut regions (top to bottom) into runs whose joint height fits `limit` units."""
    shapes = fine_shapes()
    order = sorted(ids, key=lambda r: (shapes[r].shape.bounds[1], r))
    runs: list[list[str]] = []
    while order:
        top = shapes[order[0]].shape.bounds[1]
        run = [r for r in order if shapes[r].shape.bounds[3] - top <= limit] or order[:1]
        runs.append(run)
        order = [r for r in order if r not in run]
    return runs


def stacked(ids: list[str], limit: float) -> list[list[str]]:
    """As few runs as fit, with the tallest as short as possible (no sliver of a frame)."""
    fewest = len(_stack(ids, limit))
    low, high = 0.0, limit
    for _ in range(30):
        middle = (low + high) / 2
        if len(_stack(ids, middle)) <= fewest:
            high = middle
        else:
            low = middle
    return _stack(ids, high)


def _side_name(side: Side) -> str:
    return f"your {side}"


def _frames_for(view: View, side: Side, area: Area, ids: list[str]) -> list[Frame]:
    shapes = fine_shapes()
    scale = needed_scale([shapes[r].shape for r in ids])
    runs = stacked(ids, MAX_FRAME_HEIGHT / scale - 2 * MARGIN)
    frames = []
    for number, run in enumerate(runs, start=1):
        x0, y0, x1, y1 = _joint([shapes[r].shape for r in run])
        width = max(PHONE_MAP_WIDTH / scale, x1 - x0 + 2 * MARGIN)
        centre = (x0 + x1) / 2
        box = (centre - width / 2, y0 - MARGIN, width, y1 - y0 + 2 * MARGIN)
        part = f", part {number} of {len(runs)}" if len(runs) > 1 else ""
        frames.append(
            Frame(
                id=f"{view}-{area.id}-{side[0]}-{number}",
                label=f"{area.label}, {_side_name(side)} ({view}){part}",
                view=view,
                side=side,
                area=area.id,
                regions=tuple(sorted(run, key=list(ids).index)),
                box=box,
                scale=PHONE_MAP_WIDTH / width,
            )
        )
    return frames


@cache
def frames() -> tuple[Frame, ...]:
    """Every zoom frame: each view, each side, each area, top to bottom."""
    groups: dict[tuple[View, Side, str], list[str]] = {}
    for region in fine_regions().values():
        choir = BY_CODE[region.choir]
        area = _AREA_OF_PART[choir.part]
        groups.setdefault((choir.view, region.side, area.id), []).append(region.id)
    out: list[Frame] = []
    for view in ("front", "back"):
        for side in ("right", "left"):
            for area in AREAS:
                ids = groups.get((view, side, area.id))
                if ids:
                    out += _frames_for(view, side, area, ids)
    return tuple(out)


@cache
def home_frames() -> dict[str, str]:
    """The frame a tap on the whole figure opens for each region."""
    return {region: frame.id for frame in frames() for region in frame.regions}


def shown_size(frame: Frame, region_id: str) -> tuple[float, float]:
    """A region's width and height in CSS px when the frame fills the phone's map width."""
    x0, y0, x1, y1 = fine_shapes()[region_id].shape.bounds
    return ((x1 - x0) * frame.scale, (y1 - y0) * frame.scale)


def frame_height(frame: Frame) -> float:
    return math.ceil(frame.box[3] * frame.scale)

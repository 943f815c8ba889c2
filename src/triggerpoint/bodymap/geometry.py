"""Our own body drawing, built from simple shapes kept as numbers in this module.

Each view is drawn as a half figure (the viewer's left half, x <= MIDLINE) and
mirrored. On the front view the viewer's left half is the client's right side; on
the back view it is the client's left side. Body segments are tapered capsules
(the hull of two circles) and ellipses; the CHOIR regions are carved out of them
in a fixed order, each taking what no earlier region took, so the regions never
overlap and together cover the figure. Fine regions are the Voronoi cells of their
anchor points inside their CHOIR parent (DESIGN.md section 4).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import shapely
from shapely import affinity
from shapely.geometry import MultiPoint, Point, Polygon, box
from shapely.geometry.base import BaseGeometry

MIDLINE = 200.0
FIGURE_WIDTH = 2 * MIDLINE
FIGURE_HEIGHT = 900.0
_FAR = 10_000.0


def _capsule(a: tuple[float, float], ra: float, b: tuple[float, float], rb: float) -> Polygon:
    hull = shapely.union(Point(a).buffer(ra, 24), Point(b).buffer(rb, 24)).convex_hull
    assert isinstance(hull, Polygon)
    return hull


def _ellipse(cx: float, cy: float, rx: float, ry: float) -> BaseGeometry:
    return affinity.scale(Point(cx, cy).buffer(1.0, 32), rx, ry)


def _polygonal(shape: BaseGeometry, min_area: float = 0.5) -> BaseGeometry:
    """Keep only the areas of a shape: cutting leaves stray points, lines and slivers."""
    shape = shapely.set_precision(shape, 0.01)
    pieces = [
        polygon
        for polygon in getattr(shape, "geoms", [shape])
        if isinstance(polygon, Polygon) and polygon.area >= min_area
    ]
    return shapely.union_all(pieces) if pieces else Polygon()


def _rows(top: float, bottom: float) -> Polygon:
    return box(-_FAR, top, _FAR, bottom)


@dataclass(frozen=True)
class _Segments:
    head: BaseGeometry
    neck: BaseGeometry
    torso: BaseGeometry
    upper_arm: BaseGeometry
    forearm: BaseGeometry
    hand: BaseGeometry
    thigh: BaseGeometry
    shank: BaseGeometry
    foot: BaseGeometry


@cache
def _segments() -> _Segments:
    torso = Polygon(
        [
            (MIDLINE, 134), (172, 137), (150, 143), (132, 151), (122, 166), (121, 190),
            (127, 220), (137, 238), (143, 270), (147, 300), (146, 330), (140, 362),
            (135, 392), (133, 420), (136, 448), (166, 472), (MIDLINE, 476),
        ]
    )  # fmt: skip
    return _Segments(
        head=shapely.union(_ellipse(MIDLINE, 64, 40, 50), _ellipse(160, 72, 7, 14)),
        neck=Polygon([(MIDLINE, 100), (177, 100), (175, 124), (168, 140), (MIDLINE, 146)]),
        torso=torso,
        upper_arm=_capsule((128, 174), 22, (106, 300), 15),
        forearm=_capsule((106, 300), 15, (90, 420), 10),
        hand=shapely.union(_capsule((90, 426), 11, (82, 478), 16), _ellipse(80, 492, 12, 18)),
        thigh=_capsule((163, 468), 35, (166, 640), 24),
        shank=_capsule((166, 646), 23, (168, 812), 13),
        foot=_capsule((168, 814), 14, (160, 860), 16),
    )


_Rule = Callable[[_Segments], BaseGeometry]

_SHOULDER_CAP = Polygon([(-_FAR, -_FAR), (166, -_FAR), (166, 140), (146, 206), (-_FAR, 206)])

_ARM_AND_LEG_RULES: list[tuple[str, _Rule]] = [
    ("upper-arm", lambda s: s.upper_arm & _rows(0, 288)),
    ("elbow", lambda s: (s.upper_arm | s.forearm) & _rows(288, 318)),
    ("forearm", lambda s: s.forearm & _rows(318, 410)),
    ("wrist", lambda s: (s.forearm | s.hand) & _rows(410, 434)),
    ("hand", lambda s: s.hand & _rows(434, _FAR)),
]
_LEG_RULES: list[tuple[str, _Rule]] = [
    ("knee", lambda s: (s.thigh | s.shank) & _rows(615, 668)),
    ("lower-leg", lambda s: s.shank & _rows(668, 792)),
    ("ankle", lambda s: (s.shank | s.foot) & _rows(792, 826)),
    ("foot", lambda s: s.foot & _rows(826, _FAR)),
]

# Order matters: each rule gets only what the rules before it left.
_RULES: dict[str, list[tuple[str, _Rule]]] = {
    "front": [
        ("cranium", lambda s: s.head & _rows(-_FAR, 56)),
        ("face", lambda s: s.head),
        ("neck", lambda s: s.neck),
        ("shoulder", lambda s: (s.torso | s.upper_arm) & _SHOULDER_CAP),
        ("chest", lambda s: s.torso & _rows(0, 290)),
        ("abdomen", lambda s: s.torso & _rows(290, 392)),
        *_ARM_AND_LEG_RULES,
        ("hip", lambda s: (s.torso | s.thigh) & _rows(392, 482) & box(-_FAR, 0, 168, _FAR)),
        ("pubic", lambda s: (s.torso | s.thigh) & _rows(392, 482)),
        ("upper-leg", lambda s: s.thigh & _rows(482, 615)),
        *_LEG_RULES,
    ],
    "back": [
        ("cranium", lambda s: s.head & _rows(-_FAR, 58)),
        ("head", lambda s: s.head),
        ("neck", lambda s: s.neck),
        ("shoulder", lambda s: (s.torso | s.upper_arm) & _SHOULDER_CAP),
        ("upper-back", lambda s: s.torso & _rows(0, 270)),
        ("middle-back", lambda s: s.torso & _rows(270, 338)),
        ("lower-back", lambda s: s.torso & _rows(338, 400)),
        *_ARM_AND_LEG_RULES,
        ("hip", lambda s: (s.torso | s.thigh) & _rows(400, 488) & box(-_FAR, 0, 146, _FAR)),
        ("buttock", lambda s: (s.torso | s.thigh) & _rows(400, 488)),
        ("upper-leg", lambda s: s.thigh & _rows(488, 615)),
        *_LEG_RULES,
    ],
}


@cache
def part_shapes(view: str) -> dict[str, BaseGeometry]:
    """Each body part of a view as a shape in half-figure coordinates."""
    segments = _segments()
    half = box(-_FAR, -_FAR, MIDLINE, _FAR)
    taken: BaseGeometry = Polygon()
    shapes: dict[str, BaseGeometry] = {}
    for part, rule in _RULES[view]:
        shape = (rule(segments) & half) - taken
        shapes[part] = _polygonal(shape)
        taken = taken | shape
    return shapes


def voronoi_cells(
    parent: BaseGeometry, anchors: dict[str, tuple[float, float]]
) -> dict[str, BaseGeometry]:
    """Cut a parent shape into the Voronoi cells of named anchor points."""
    if len(anchors) == 1:
        return dict.fromkeys(anchors, parent)
    points = MultiPoint([Point(xy) for xy in anchors.values()])
    diagram = shapely.voronoi_polygons(points, extend_to=parent.envelope.buffer(50))
    cells: dict[str, BaseGeometry] = {}
    for name, xy in anchors.items():
        point = Point(xy)
        cell = next(c for c in diagram.geoms if c.contains(point))
        cells[name] = _polygonal(cell & parent)
    return cells


def mirror(shape: BaseGeometry) -> BaseGeometry:
    """Reflect a half-figure shape across the midline."""
    return affinity.scale(shape, xfact=-1.0, yfact=1.0, origin=(MIDLINE, 0.0))

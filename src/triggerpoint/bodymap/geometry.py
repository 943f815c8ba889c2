"""The CHOIR regions carved out of our own body outline, and fine regions cut from them.

Each view is drawn as a half figure (the viewer's left half, x <= MIDLINE) and
mirrored. On the front view the viewer's left half is the client's right side; on
the back view it is the client's left side. The outline's pieces (bodymap/outline.py)
are carved into CHOIR regions in a fixed order, each taking what no earlier region
took, so the regions never overlap and together cover the figure. Fine regions are
the Voronoi cells of their seed points inside their CHOIR parent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache

import shapely
from shapely import affinity
from shapely.geometry import MultiPoint, Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from triggerpoint.bodymap.outline import Segments, segments, spline

MIDLINE = 200.0
FIGURE_WIDTH = 2 * MIDLINE
FIGURE_HEIGHT = 900.0
_FAR = 10_000.0
# Joints (armpit, neck, crotch) are rounded by this much so the outline has no notches.
_FILLET = 3.0
# How far a simplified border may stray from the curve, in drawing units (0.5 is
# about 0.2 CSS px on a phone's whole view).
_TOLERANCE = 0.5


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


_Rule = Callable[[Segments], BaseGeometry]

_SHOULDER_CAP = Polygon([(-_FAR, -_FAR), (166, -_FAR), (166, 140), (146, 206), (-_FAR, 206)])
# The temple belongs to the skull: the front cranium reaches down the side of the head
# to the top of the ear, beside the eye, as the temporal bone does.
_FRONT_CRANIUM = Polygon(
    [(-_FAR, -_FAR), (_FAR, -_FAR), (_FAR, 47),
     *spline([(200, 47), (187, 48), (178, 50.5), (173, 55), (171, 60), (170.5, 64.5)]),
     (-_FAR, 64.5)]
)  # fmt: skip
# Seen from behind, the skull ends at the base of the occiput (mastoid to midline);
# below it is the back of the neck, where the suboccipital muscles lie.
_BACK_SKULL = Polygon(
    [(-_FAR, -_FAR), (_FAR, -_FAR), (_FAR, 103), (190, 102), (180, 99.5), (172, 96.5),
     (166, 93), (160, 87), (-_FAR, 87)]
)  # fmt: skip

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
        ("cranium", lambda s: (s.head - s.ear) & _FRONT_CRANIUM),
        ("face", lambda s: s.head | s.ear),
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
        ("cranium", lambda s: s.head & _rows(-_FAR, 56)),
        ("head", lambda s: (s.head | s.ear) & _BACK_SKULL),
        ("neck", lambda s: s.neck | s.head),
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
def half_figure() -> BaseGeometry:
    """The whole half figure, its joints rounded (the same outline on both views)."""
    s = segments()
    body = shapely.union_all(
        [s.head, s.ear, s.neck, s.torso, s.upper_arm, s.forearm, s.palm, s.thigh, s.shank]
    )
    whole = body | mirror(body)
    rounded = whole.buffer(_FILLET, 16).buffer(-_FILLET, 16)
    half = box(-_FAR, -_FAR, MIDLINE, _FAR)
    return _polygonal(((rounded | s.hand | s.foot) & half).simplify(_TOLERANCE / 2))


@cache
def part_shapes(view: str) -> dict[str, BaseGeometry]:
    """Each body part of a view as a shape in half-figure coordinates."""
    s = segments()
    figure = half_figure()
    taken: BaseGeometry = Polygon()
    shapes: dict[str, BaseGeometry] = {}
    for part, rule in _RULES[view]:
        shape = (rule(s) & figure) - taken
        shapes[part] = shape
        taken = taken | shape
    # What rounding the joints added goes to the part it borders most.
    for piece in getattr(figure - taken, "geoms", [figure - taken]):
        if isinstance(piece, Polygon) and piece.area > 0.01:
            grown = piece.buffer(0.5)
            best = max(shapes, key=lambda part: grown.intersection(shapes[part]).area)
            shapes[best] = shapes[best] | piece
    # Simplified together, neighbours keep sharing their borders exactly (no gaps, no
    # overlaps), and the drawing stays small enough to send with every page.
    names = list(shapes)
    simple = shapely.coverage_simplify([_polygonal(shapes[n]) for n in names], _TOLERANCE)
    return {name: _polygonal(shape) for name, shape in zip(names, simple, strict=True)}


def voronoi_cells(
    parent: BaseGeometry, seeds: Mapping[str, Sequence[tuple[float, float]]]
) -> dict[str, BaseGeometry]:
    """Cut a parent shape among named regions: each takes the cells of its seed points."""
    if len(seeds) == 1:
        return dict.fromkeys(seeds, parent)
    owners = [(name, xy) for name, points in seeds.items() for xy in points]
    diagram = shapely.voronoi_polygons(
        MultiPoint([Point(xy) for _, xy in owners]), extend_to=parent.envelope.buffer(50)
    )
    pieces: dict[str, list[BaseGeometry]] = {name: [] for name in seeds}
    for name, xy in owners:
        point = Point(xy)
        pieces[name].append(next(c for c in diagram.geoms if c.contains(point)))
    return {name: _polygonal(shapely.union_all(cells) & parent) for name, cells in pieces.items()}


def mirror(shape: BaseGeometry) -> BaseGeometry:
    """Reflect a half-figure shape across the midline."""
    return affinity.scale(shape, xfact=-1.0, yfact=1.0, origin=(MIDLINE, 0.0))

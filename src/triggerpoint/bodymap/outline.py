"""The body's outline as numbers: smooth curves through control points, half a figure.

Everything here is drawn on the viewer's left half (x <= 200, y downwards) and
mirrored by the caller. Curves are Catmull-Rom splines through the control points,
so the silhouette has no corners between the points a person would place by eye;
limbs are tubes along a centre line whose radius changes smoothly (muscle bellies,
thin joints). The hand hangs palm forwards, thumb out (the anatomical position that
pain drawings use), and the foot is seen from the front, toes towards the viewer.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import shapely
from shapely import affinity
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

XY = tuple[float, float]


def spline(points: Sequence[XY], closed: bool = False, steps: int = 6) -> list[XY]:
    """Points along a uniform Catmull-Rom curve through `points` (it passes through each)."""
    pts = list(points)
    ring = [pts[-1], *pts, pts[0], pts[1]] if closed else [pts[0], *pts, pts[-1]]
    out: list[XY] = []
    for i in range(1, len(ring) - 2):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = ring[i - 1], ring[i], ring[i + 1], ring[i + 2]
        for step in range(steps):
            t = step / steps
            t2, t3 = t * t, t * t * t
            out.append(
                (
                    0.5 * (2 * x1 + (x2 - x0) * t + (2 * x0 - 5 * x1 + 4 * x2 - x3) * t2
                           + (3 * x1 - x0 - 3 * x2 + x3) * t3),
                    0.5 * (2 * y1 + (y2 - y0) * t + (2 * y0 - 5 * y1 + 4 * y2 - y3) * t2
                           + (3 * y1 - y0 - 3 * y2 + y3) * t3),
                )
            )  # fmt: skip
    if not closed:
        out.append(pts[-1])
    return out


def _outline(points: Sequence[XY]) -> Polygon:
    """A closed smooth shape through the points (the last joins the first)."""
    return Polygon(spline(points, closed=True)).buffer(0)


def _half_outline(points: Sequence[XY]) -> Polygon:
    """A smooth curve from the midline round to the midline, closed along the midline."""
    return Polygon(spline(points)).buffer(0)


def _tube(stations: Sequence[tuple[float, float, float]], steps: int = 5) -> BaseGeometry:
    """A limb: circles of smoothly varying radius along a smooth centre line, hulled."""
    centres = spline([(x, y) for x, y, _ in stations], steps=steps)
    radii = [r for r, _ in spline([(r, 0.0) for _, _, r in stations], steps=steps)]
    circles = [Point(c).buffer(r, 16) for c, r in zip(centres, radii, strict=True)]
    hulls = [shapely.union(a, b).convex_hull for a, b in itertools.pairwise(circles)]
    return shapely.union_all(hulls)


def _ray(base: XY, angle_deg: float, length: float, r0: float, r1: float) -> BaseGeometry:
    """A finger: a tapered capsule from `base`, `angle_deg` off straight down."""
    a = math.radians(angle_deg)
    tip = (base[0] + length * math.sin(a), base[1] + length * math.cos(a))
    return shapely.union(Point(base).buffer(r0, 12), Point(tip).buffer(r1, 12)).convex_hull


# Hand in its own frame: wrist centre at the origin, +y towards the fingertips, +x
# towards the little finger. Fingers fan slightly so each reads on its own.
_PALM = [
    (-7, -8), (-9, 2), (-12, 10), (-14, 22), (-14.5, 35), (-12.5, 44), (-4, 47), (5, 47),
    (11.5, 43), (13.5, 33), (13, 18), (11, 8), (8.5, 1), (7, -8),
]  # fmt: skip
# (name, base, angle, length, base radius, tip radius)
FINGERS: list[tuple[str, XY, float, float, float, float]] = [
    ("index", (-9.8, 43), -4.0, 30.0, 3.2, 2.7),
    ("middle", (-3.3, 45), -1.0, 33.0, 3.2, 2.7),
    ("ring", (3.2, 44.5), 2.0, 31.0, 3.1, 2.6),
    ("little", (9.5, 41), 5.5, 25.0, 2.8, 2.4),
    ("thumb", (-10.5, 17), -24.0, 24.0, 4.6, 3.4),
]
WRIST: XY = (90.0, 421.0)
# The forearm's direction at the wrist, in degrees off straight down (towards the side).
HAND_TILT = 7.0


def hand_point(local: XY) -> XY:
    """Where a point of the hand's own frame lies on the half figure."""
    a = math.radians(HAND_TILT)
    x, y = local
    return (
        WRIST[0] + x * math.cos(a) - y * math.sin(a),
        WRIST[1] + x * math.sin(a) + y * math.cos(a),
    )


def _placed(local: BaseGeometry) -> BaseGeometry:
    return affinity.translate(affinity.rotate(local, HAND_TILT, origin=(0, 0)), *WRIST)


def _hand() -> BaseGeometry:
    local = shapely.union_all(
        [_outline(_PALM), *(_ray(b, a, n, r0, r1) for _, b, a, n, r0, r1 in FINGERS)]
    )
    # A small closing rounds the webs between the fingers without filling the gaps.
    return _placed(local.buffer(0.8, 8).buffer(-0.8, 8))


def _foot() -> BaseGeometry:
    body = _outline(
        [
            (157, 800), (155, 818), (151, 834), (147.5, 848), (147, 858), (152, 864),
            (166, 866), (180, 865), (186, 859), (186, 846), (184, 832), (181, 816), (180, 800),
        ]
    )  # fmt: skip
    toes = [((179.0, 866.0), 6.2), ((169.5, 868.5), 4.2), ((162.5, 868.0), 3.7),
            ((156.3, 866.0), 3.3), ((151.0, 862.0), 3.0)]  # fmt: skip
    return shapely.union_all([body, *(Point(c).buffer(r, 16) for c, r in toes)])


# Limbs as (x, y, radius) along their centre lines: muscle bellies, slimmer joints.
_UPPER_ARM = [(127, 168, 21), (120, 200, 19.5), (114, 236, 17), (110, 266, 15.5), (107, 290, 14),
              (106, 303, 13.5)]  # fmt: skip
_FOREARM = [(106, 300, 13.5), (103.5, 324, 15), (99.5, 350, 13.5), (95.5, 380, 11.5),
            (92, 404, 9.8), (90, 422, 9)]  # fmt: skip
_THIGH = [(164, 464, 34.5), (163.5, 500, 33), (164, 540, 30.5), (165.5, 580, 27.5), (166, 615, 24),
          (166, 642, 21.5)]  # fmt: skip
_SHANK = [(166, 640, 21.5), (165, 664, 21.5), (163.5, 698, 22.5), (164.5, 730, 19.5),
          (166, 760, 15.5), (167, 788, 12.5), (168, 806, 12)]  # fmt: skip


@dataclass(frozen=True)
class Segments:
    """The body's pieces; CHOIR regions are carved out of them (see geometry.py)."""

    head: BaseGeometry
    ear: BaseGeometry
    neck: BaseGeometry
    torso: BaseGeometry
    upper_arm: BaseGeometry
    forearm: BaseGeometry
    hand: BaseGeometry
    palm: BaseGeometry  # the hand without its fingers, to round the wrist with the arm
    thigh: BaseGeometry
    shank: BaseGeometry
    foot: BaseGeometry


@cache
def segments() -> Segments:
    head = _half_outline(
        [
            (200, 12), (186, 13.5), (174, 18), (165, 27), (160, 40), (158.5, 54),
            (159.5, 66), (161.5, 78), (164.5, 89), (169, 99), (176, 107), (185, 113),
            (193, 116), (200, 117),
        ]
    )  # fmt: skip
    ear = _outline([(160, 61), (155, 60), (151.5, 64), (151, 72), (152.5, 80), (156, 86),
                    (160.5, 86)])  # fmt: skip
    neck = _half_outline(
        [
            (200, 98),
            (180, 100),
            (178.5, 112),
            (177.5, 124),
            (176.5, 132),
            (174, 137.5),
            (186, 142),
            (200, 146),
        ]
    )
    torso = _half_outline(
        [
            (200, 132), (180, 133), (171, 136), (158, 140), (145, 144), (133, 149),
            (124, 157), (120, 168), (119.5, 182), (123, 198), (129, 213), (135, 230),
            (139.5, 250), (143, 271), (145.5, 292), (146.5, 313), (145, 334), (141, 354),
            (137, 374), (134, 394), (132, 414), (131, 432), (130.5, 448), (130.5, 461),
            (137, 472), (158, 479), (180, 484), (200, 487),
        ]
    )  # fmt: skip
    return Segments(
        head=head,
        ear=ear,
        neck=neck,
        torso=torso,
        upper_arm=_tube(_UPPER_ARM),
        forearm=_tube(_FOREARM),
        hand=_hand(),
        palm=_placed(_outline(_PALM)),
        thigh=_tube(_THIGH),
        shank=_tube(_SHANK),
        foot=_foot(),
    )

"""What makes the body map read as a person: its outline, face and body cues, and labels.

The regions (svg.py) are the clickable surface; this module draws what lies under and
over them and takes no pointer events, so a tap always reaches a region. Sizes of text
are set for the size the drawing is shown at: a whole view is at least about 175 CSS
px wide on a phone (front and back side by side), a close-up at least 360 px.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from html import escape

import shapely
from shapely.geometry.base import BaseGeometry

from triggerpoint.bodymap.choir import View
from triggerpoint.bodymap.geometry import MIDLINE, half_figure, mirror
from triggerpoint.bodymap.outline import XY, spline
from triggerpoint.visual import palette

OUTLINE_COLOUR = palette.BODY_OUTLINE
CUE_COLOUR = palette.BODY_CUE
BODY_FILL = palette.BODY
_HALO = palette.SURFACE
LABEL = palette.MAP_LABEL
# Smallest comfortable text on a phone, in CSS px.
READABLE_PX = 12.0
VIEW_MIN_PX = 175.0
CLOSE_UP_MIN_PX = 360.0


def whole_view_font(view_width: float) -> float:
    """Font size (drawing units) of a whole view's labels, readable at its smallest."""
    return READABLE_PX * view_width / VIEW_MIN_PX


def close_up_font(width: float) -> float:
    """Font size (drawing units) of a close-up's labels, readable at its smallest."""
    return READABLE_PX * width / CLOSE_UP_MIN_PX


def _points(coords: Iterable[XY], dx: float, dy: float) -> str:
    return " L".join(f"{x + dx:.1f},{y + dy:.1f}" for x, y in coords)


def _rings(shape: BaseGeometry) -> list[list[XY]]:
    rings = []
    for polygon in getattr(shape, "geoms", [shape]):
        for ring in [polygon.exterior, *polygon.interiors]:
            rings.append(list(ring.coords)[:-1])
    return rings


@cache
def _whole() -> BaseGeometry:
    half = half_figure()
    return shapely.union(half, mirror(half)).buffer(0.05).buffer(-0.05)


def silhouette_d(dx: float, dy: float) -> str:
    """Path data of the whole figure (both halves), the same on both views."""
    return " ".join(f"M{_points(ring, dx, dy)}Z" for ring in _rings(_whole()))


# Light strokes, each a list of control points on the half figure (mirrored for the
# other half); a point on the midline joins its mirror image smoothly.
_CUES: dict[View, list[list[XY]]] = {
    "front": [
        [(175.5, 57.5), (182, 55), (190.5, 56.5)],  # eyebrow
        [(176, 66.5), (182, 63.8), (189.5, 66)],  # upper eyelid
        [(177, 67.2), (182.5, 69.3), (189.5, 66.4)],  # lower eyelid
        [(196.5, 70), (194.5, 80), (193, 86.5), (196, 88.5), (200, 89)],  # side of the nose
        [(189, 99.5), (194, 98.3), (200, 99)],  # lips
        [(193, 104.5), (200, 105.2)],  # lower lip
        [(157.5, 66), (154.5, 70.5), (155.5, 78), (158.5, 81)],  # inside the ear
        [(183, 146), (168, 145), (150, 148.5)],  # collarbone
    ],
    "back": [
        [(155.5, 66), (158.5, 72), (157.5, 80)],  # back of the ear
        [(176, 170), (178.5, 196), (175, 222), (165, 234)],  # shoulder blade, inner edge
        [(175, 184), (160, 176), (141, 172)],  # spine of the shoulder blade
        [(182, 486), (172, 489), (160, 486)],  # buttock crease
    ],
}
# Dots: (x, y, radius) on the half figure.
PUPIL: XY = (182.6, 66.6)
_DOTS: dict[View, list[tuple[float, float, float]]] = {
    "front": [(*PUPIL, 1.9), (200, 348, 1.8)],  # pupil, navel
    "back": [],
}


def cues(view: View, dx: float, dy: float) -> list[str]:
    """Face and body cues of a view as faint strokes that ignore the pointer."""
    out = [
        f'<g class="figure-cues" fill="none" stroke="{CUE_COLOUR}" stroke-width="0.9" '
        'stroke-linecap="round" pointer-events="none">'
    ]
    for points in _CUES[view]:
        curve = spline(points, steps=5)
        for side in (curve, [(2 * MIDLINE - x, y) for x, y in curve]):
            out.append(f'<path d="M{_points(side, dx, dy)}"/>')
    for x, y, r in _DOTS[view]:
        for cx in {x, 2 * MIDLINE - x}:
            out.append(
                f'<circle cx="{cx + dx:.1f}" cy="{y + dy:.1f}" r="{r}" fill="{CUE_COLOUR}" '
                'stroke="none"/>'
            )
    out.append("</g>")
    return out


def silhouette(dx: float, dy: float) -> str:
    """The body colour under the regions, its stroke showing round them as the outline.

    The regions cover the inner half of the stroke, so the outer half is the outline,
    and no seam between two regions can show white: one path does both jobs.
    """
    return (
        f'<path class="figure-body" d="{silhouette_d(dx, dy)}" fill="{BODY_FILL}" '
        f'stroke="{OUTLINE_COLOUR}" stroke-width="2.8" stroke-linejoin="round" '
        'pointer-events="none"/>'
    )


def text(x: float, y: float, words: str, size: float, css: str, anchor: str = "middle",
         bold: bool = False, colour: str = palette.INK) -> str:  # fmt: skip
    """A label with a white halo so it reads over the drawing."""
    size = math.ceil(size * 10) / 10  # rounding down would undercut the readable size
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text class="{css}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" '
        f'font-size="{size:.1f}"{weight} fill="{colour}" stroke="{_HALO}" '
        f'stroke-width="{size / 5:.1f}" stroke-linejoin="round" paint-order="stroke" '
        f'pointer-events="none">{escape(words)}</text>'
    )


def _text_box(x: float, y: float, words: str, size: float) -> tuple[float, float, float, float]:
    # Sans-serif letters average a little over half the font size in width.
    half = 0.29 * size * len(words)
    return (x - half, y - 0.72 * size, x + half, y + 0.2 * size)


def _overlaps(a: Sequence[float], b: Sequence[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def region_labels(
    places: Mapping[str, tuple[XY, str, float]],
    clip: tuple[float, float, float, float],
    size: float,
) -> list[str]:
    """Labels at region anchors, larger regions first, each placed only if it fits.

    `places` maps a region id to (anchor in output coordinates, words, area shown); a label
    that would cover another or leave the close-up is left out: the region still
    names itself on hover and to screen readers.
    """
    left, top, width, height = clip
    placed: list[tuple[float, float, float, float]] = []
    anchors = [xy for xy, _, _ in places.values()]
    out = []
    for _, ((x, y), words, _) in sorted(places.items(), key=lambda item: -item[1][2]):
        half = 0.29 * size * len(words)
        # On the anchor, else just above, below, left or right of it.
        middle = y + 0.3 * size
        tries = [(x, middle), (x, y - 0.4 * size), (x, y + 1.0 * size),
                 (x - half - 2, middle), (x + half + 2, middle)]  # fmt: skip
        for cx, baseline in tries:
            box = _text_box(cx, baseline, words, size)
            # Beside its region, a name must not cover another region's place.
            if cx != x and any(_overlaps(box, (*p, *p)) for p in anchors if p != (x, y)):
                continue
            # Slide a label a little to keep it inside the close-up, never far from its
            # region: a name beside the wrong place is worse than none.
            shift = max(0.0, left + 1 - box[0]) - max(0.0, box[2] - (left + width - 1))
            box = (box[0] + shift, box[1], box[2] + shift, box[3])
            inside = abs(shift) <= half / 2 and box[0] >= left and box[2] <= left + width
            inside = inside and box[1] >= top and box[3] <= top + height
            if inside and not any(_overlaps(box, p) for p in placed):
                placed.append(box)
                out.append(
                    text(
                        cx + shift, baseline, words, size, "region-label", colour=palette.MAP_LABEL
                    )
                )
                break
    return out

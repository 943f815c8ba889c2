"""Draw the body map as SVG: both views, every fine region a closed path.

The same drawing serves input (the web page makes paths clickable) and output (a
heat map of pain 0-10, or of a trigger point's referral zones). Each path carries
its region id, its CHOIR code and a label; CHOIR outlines are drawn on top so the
parent boundaries (where people most often mis-draw) are easy to see.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from itertools import pairwise

from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from triggerpoint.bodymap.choir import BY_CODE, View
from triggerpoint.bodymap.geometry import FIGURE_HEIGHT, FIGURE_WIDTH
from triggerpoint.bodymap.regions import fine_regions
from triggerpoint.bodymap.shapes import anchor_point, choir_shapes, fine_shapes

GAP = 60.0
TOP = 56.0
LEGEND_HEIGHT = 64.0
VIEW_OFFSET: dict[View, float] = {"front": 0.0, "back": FIGURE_WIDTH + GAP}
WIDTH = 2 * FIGURE_WIDTH + GAP
HEIGHT = TOP + FIGURE_HEIGHT + LEGEND_HEIGHT

EMPTY_FILL = "#f4efe8"
# Light yellow to deep red: readable for the common colour-vision deficiencies because
# lightness alone already orders the values.
_STOPS = [
    (1.0, (255, 236, 160)),
    (4.0, (253, 174, 97)),
    (7.0, (230, 85, 50)),
    (10.0, (150, 20, 30)),
]


def heat_colour(value: float) -> str:
    """The fill for a 0-10 value; 0 (or less) is the unmarked body colour."""
    if value <= 0:
        return EMPTY_FILL
    value = min(value, 10.0)
    if value <= _STOPS[0][0]:
        r, g, b = _STOPS[0][1]
        return f"#{r:02x}{g:02x}{b:02x}"
    for (low, low_rgb), (high, high_rgb) in pairwise(_STOPS):
        if value <= high:
            t = (value - low) / (high - low)
            r, g, b = (round(a + (c - a) * t) for a, c in zip(low_rgb, high_rgb, strict=True))
            return f"#{r:02x}{g:02x}{b:02x}"
    raise AssertionError("unreachable: value is clamped to 10")


def path_data(shape: BaseGeometry, dx: float, dy: float) -> str:
    """SVG path data for a (multi)polygon: one closed subpath per ring."""
    parts = []
    for polygon in getattr(shape, "geoms", [shape]):
        if not isinstance(polygon, Polygon) or polygon.is_empty:
            continue
        for ring in [polygon.exterior, *polygon.interiors]:
            coords = list(ring.coords)[:-1]
            points = " L".join(f"{x + dx:.1f},{y + dy:.1f}" for x, y in coords)
            parts.append(f"M{points}Z")
    return " ".join(parts)


def render_svg(
    values: Mapping[str, float] | None = None,
    *,
    title: str | None = None,
    markers: Iterable[str] = (),
    legend: bool = True,
    id_prefix: str = "",
) -> str:
    """The body map with regions coloured by value (0-10), as a standalone SVG document.

    Unknown region ids in `values` or `markers` raise KeyError: a typo must not
    silently drop a mark. `id_prefix` keeps ids unique when a page shows several maps.
    """
    values = dict(values or {})
    regions = fine_regions()
    for region_id in [*values, *markers]:
        if region_id not in regions:
            raise KeyError(f"unknown region {region_id!r}")
    height = HEIGHT if legend else TOP + FIGURE_HEIGHT
    label = escape(title or "Body map")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {height:.0f}" '
        f'class="bodymap" role="img" aria-label="{label}" font-family="sans-serif">',
        f"<title>{label}</title>",
        '<rect class="background" x="0" y="0" width="100%" height="100%" fill="#ffffff"/>',
    ]
    if title:
        out.append(
            f'<text x="{WIDTH / 2:.0f}" y="22" text-anchor="middle" font-size="18" '
            f'font-weight="bold" fill="#222">{label}</text>'
        )
    out += _view_labels()
    out.append('<g class="regions" stroke="#8a7f74" stroke-width="0.5" stroke-linejoin="round">')
    for region_id, placed in fine_shapes().items():
        fine = regions[region_id]
        value = values.get(region_id, 0.0)
        d = path_data(placed.shape, VIEW_OFFSET[placed.view], TOP)
        out.append(
            f'<path id="{escape(id_prefix + region_id)}" class="region" '
            f'data-region="{region_id}" data-choir="{fine.choir}" data-value="{value:g}" '
            f'fill="{heat_colour(value)}" d="{d}"><title>{escape(fine.full_label)}'
            f"{f': {value:g}/10' if value > 0 else ''}</title></path>"
        )
    out.append("</g>")
    out.append(
        '<g class="choir-outlines" fill="none" stroke="#5b5148" stroke-width="1.2" '
        'pointer-events="none">'
    )
    for code, shape in choir_shapes().items():
        d = path_data(shape, VIEW_OFFSET[BY_CODE[code].view], TOP)
        out.append(f'<path data-choir="{code}" d="{d}"/>')
    out.append("</g>")
    for region_id in markers:
        x, y = anchor_point(region_id)
        view = regions[region_id].view
        out.append(
            f'<circle class="marker" data-region="{region_id}" cx="{x + VIEW_OFFSET[view]:.1f}" '
            f'cy="{y + TOP:.1f}" r="5" fill="#1d3557" stroke="#ffffff" stroke-width="1.5">'
            f"<title>Trigger point: {escape(regions[region_id].full_label)}</title></circle>"
        )
    if legend:
        out += _legend(TOP + FIGURE_HEIGHT + 8)
    out.append("</svg>")
    return "\n".join(out)


def _view_labels() -> list[str]:
    # Front view: the client's right is on the viewer's left. Saying "your" makes
    # the most common drawing error (left/right confusion) less likely.
    sides = {"front": ("your right", "your left"), "back": ("your left", "your right")}
    out = []
    for view, (left_label, right_label) in sides.items():
        dx = VIEW_OFFSET[view]  # type: ignore[index]
        out.append(
            f'<text class="view-label" x="{dx + FIGURE_WIDTH / 2:.0f}" y="{TOP - 8:.0f}" '
            f'text-anchor="middle" font-size="16" fill="#333">{view.capitalize()}</text>'
        )
        for x, text in ((dx + 40, left_label), (dx + FIGURE_WIDTH - 40, right_label)):
            out.append(
                f'<text class="side-label" x="{x:.0f}" y="{TOP + 30:.0f}" text-anchor="middle" '
                f'font-size="13" fill="#555">{text}</text>'
            )
    return out


def _legend(y: float) -> list[str]:
    x0, width, bar = WIDTH / 2 - 160, 320.0, 14.0
    out = ['<g class="legend">']
    out.append(
        f'<text x="{x0 - 10:.0f}" y="{y + 12:.0f}" text-anchor="end" font-size="13" '
        f'fill="#333">Pain 0-10</text>'
    )
    for step in range(11):
        out.append(
            f'<rect x="{x0 + step * width / 11:.1f}" y="{y:.0f}" width="{width / 11:.1f}" '
            f'height="{bar:.0f}" fill="{heat_colour(step)}" stroke="#8a7f74" stroke-width="0.5"/>'
        )
        out.append(
            f'<text x="{x0 + (step + 0.5) * width / 11:.1f}" y="{y + bar + 14:.0f}" '
            f'text-anchor="middle" font-size="11" fill="#333">{step}</text>'
        )
    out.append("</g>")
    return out

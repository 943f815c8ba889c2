"""Draw the body map as SVG: both views, every fine region a closed path.

The same drawing serves input (the web page makes paths clickable) and output (a
heat map of pain 0-10, or of a trigger point's referral zones). Each path carries
its region id, its CHOIR code and a label; CHOIR outlines are drawn on top so the
parent boundaries (where people most often mis-draw) are easy to see.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
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
LEGEND_HEIGHT = 56.0

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


@dataclass(frozen=True)
class _Layout:
    """Where each drawn view goes: output = figure coordinates + offset."""

    offsets: dict[View, tuple[float, float]]
    width: float
    height: float
    clips: dict[View, tuple[float, float, float, float]] | None = None


ALL_VIEWS: tuple[View, ...] = ("front", "back")


def _full_layout(views: tuple[View, ...]) -> _Layout:
    offsets = {view: (i * (FIGURE_WIDTH + GAP), TOP) for i, view in enumerate(views)}
    width = len(views) * FIGURE_WIDTH + (len(views) - 1) * GAP
    return _Layout(offsets, width, TOP + FIGURE_HEIGHT)


_FOCUS_LABEL = 16.0
_FOCUS_GAP = 12.0


def _focus_layout(region_ids: list[str], margin: float = 24.0, smallest: float = 170.0) -> _Layout:
    """A close-up of each view that has marks, side by side, clipped to the marks."""
    shapes = fine_shapes()
    boxes: dict[View, list[float]] = {}
    for region_id in region_ids:
        placed = shapes[region_id]
        left, top, right, bottom = placed.shape.bounds
        box = boxes.setdefault(placed.view, [left, top, right, bottom])
        box[:] = [min(box[0], left), min(box[1], top), max(box[2], right), max(box[3], bottom)]
    top = min(b[1] for b in boxes.values()) - margin
    bottom = max(b[3] for b in boxes.values()) + margin
    # A close-up smaller than this loses the body around the pattern, and with it the
    # reader's sense of where on the body they are looking.
    if bottom - top < smallest:
        grow = (smallest - (bottom - top)) / 2
        top, bottom = top - grow, bottom + grow
    top, bottom = max(top, 0.0), min(bottom, FIGURE_HEIGHT)
    offsets: dict[View, tuple[float, float]] = {}
    clips: dict[View, tuple[float, float, float, float]] = {}
    cursor = 0.0
    for view in ALL_VIEWS:
        if view not in boxes:
            continue
        left, right = boxes[view][0] - margin, boxes[view][2] + margin
        if right - left < smallest * 0.8:
            grow = (smallest * 0.8 - (right - left)) / 2
            left, right = left - grow, right + grow
        left, right = max(left, 0.0), min(right, FIGURE_WIDTH)
        offsets[view] = (cursor - left, _FOCUS_LABEL - top)
        clips[view] = (cursor, _FOCUS_LABEL, right - left, bottom - top)
        cursor += right - left + _FOCUS_GAP
    return _Layout(offsets, cursor - _FOCUS_GAP, _FOCUS_LABEL + bottom - top, clips)


def render_svg(
    values: Mapping[str, float] | None = None,
    *,
    title: str | None = None,
    markers: Iterable[str] = (),
    legend: bool = True,
    id_prefix: str = "",
    focus: bool = False,
    frame: Iterable[str] = (),
    views: Iterable[View] = ALL_VIEWS,
    interactive: bool = False,
) -> str:
    """The body map with regions coloured by value (0-10), as a standalone SVG document.

    Unknown region ids in `values` or `markers` raise KeyError: a typo must not
    silently drop a mark. `id_prefix` keeps ids unique when a page shows several maps.
    `focus` draws only a close-up of the views and places that are marked; `frame`
    draws a close-up of the given regions whatever their values (a head-and-neck map).
    `views` picks the views of a whole-body map (one per figure on a narrow screen).
    `interactive` makes the map a group of focusable region buttons for the body map
    page, instead of one image (an image must not hold controls).
    """
    values = dict(values or {})
    markers = list(markers)
    regions = fine_regions()
    for region_id in [*values, *markers]:
        if region_id not in regions:
            raise KeyError(f"unknown region {region_id!r}")
    framed = list(frame) or ([r for r, v in values.items() if v > 0] + markers if focus else [])
    for region_id in framed:
        if region_id not in regions:
            raise KeyError(f"unknown region {region_id!r}")
    layout = _focus_layout(framed) if framed else _full_layout(tuple(views))
    legend = legend and not layout.clips
    height = layout.height + (LEGEND_HEIGHT if legend else 0.0)
    label = escape(title or "Body map")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {layout.width:.0f} {height:.0f}" '
        f'class="bodymap" role="{"group" if interactive else "img"}" aria-label="{label}" '
        'font-family="sans-serif">',
        f"<title>{label}</title>",
        '<rect class="background" x="0" y="0" width="100%" height="100%" fill="#ffffff"/>',
    ]
    # A one-view map already names its view; the title then serves screen readers only.
    if title and not layout.clips and len(layout.offsets) > 1:
        out.append(
            f'<text x="{layout.width / 2:.0f}" y="22" text-anchor="middle" font-size="18" '
            f'font-weight="bold" fill="#222">{label}</text>'
        )
    out += _view_labels(layout, id_prefix)
    for view, (dx, dy) in layout.offsets.items():
        clipped = bool(layout.clips)
        out += _draw_view(view, dx, dy, values, markers, id_prefix, clipped, interactive)
    if legend:
        out += _legend(layout.width / 2, layout.height + 4)
    out.append("</svg>")
    return "\n".join(out)


def _draw_view(
    view: View,
    dx: float,
    dy: float,
    values: Mapping[str, float],
    markers: list[str],
    id_prefix: str,
    clipped: bool,
    interactive: bool = False,
) -> list[str]:
    regions = fine_regions()
    clip = f' clip-path="url(#{escape(id_prefix)}clip-{view})"' if clipped else ""
    out = [f'<g class="view" data-view="{view}"{clip}>']
    out.append('<g class="regions" stroke="#8a7f74" stroke-width="0.5" stroke-linejoin="round">')
    for region_id, placed in fine_shapes().items():
        if placed.view != view:
            continue
        fine = regions[region_id]
        value = values.get(region_id, 0.0)
        out.append(
            f'<path id="{escape(id_prefix + region_id)}" class="region" '
            f'data-region="{region_id}" data-choir="{fine.choir}" data-value="{value:g}" '
            f"{_control(fine.label, fine.side, view, value) if interactive else ''}"
            f'fill="{heat_colour(value)}" d="{path_data(placed.shape, dx, dy)}">'
            f"<title>{escape(fine.full_label)}"
            f"{f': {value:g}/10' if value > 0 else ''}</title></path>"
        )
    out.append("</g>")
    out.append(
        '<g class="choir-outlines" fill="none" stroke="#5b5148" stroke-width="1.2" '
        'pointer-events="none">'
    )
    for code, shape in choir_shapes().items():
        if BY_CODE[code].view == view:
            out.append(f'<path data-choir="{code}" d="{path_data(shape, dx, dy)}"/>')
    out.append("</g>")
    for region_id in markers:
        if regions[region_id].view == view:
            x, y = anchor_point(region_id)
            out.append(
                f'<circle class="marker" data-region="{region_id}" cx="{x + dx:.1f}" '
                f'cy="{y + dy:.1f}" r="5" fill="#1d3557" stroke="#ffffff" stroke-width="1.5">'
                f"<title>Trigger point: {escape(regions[region_id].full_label)}</title></circle>"
            )
    out.append("</g>")
    return out


def _control(label: str, side: str, view: View, value: float) -> str:
    """A region as one stop of the page's roving focus, named by place, side and pain."""
    pain = f"pain {value:g} of 10" if value > 0 else "not marked"
    return f'tabindex="-1" role="button" aria-label="{escape(label)}, your {side}, {view}: {pain}" '


def _view_labels(layout: _Layout, id_prefix: str) -> list[str]:
    if layout.clips:
        out = ["<defs>"]
        for view, (x, y, w, h) in layout.clips.items():
            out.append(
                f'<clipPath id="{escape(id_prefix)}clip-{view}">'
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}"/></clipPath>'
            )
        out.append("</defs>")
        for view, (x, _, w, _) in layout.clips.items():
            out.append(
                f'<text class="view-label" x="{x + w / 2:.0f}" y="12" text-anchor="middle" '
                f'font-size="11" fill="#333">{view.capitalize()}</text>'
            )
        return out
    # Front view: the client's right is on the viewer's left. Saying "your" makes the
    # most common drawing error (left/right confusion) less likely.
    sides: dict[View, tuple[str, str]] = {
        "front": ("your right", "your left"),
        "back": ("your left", "your right"),
    }
    out = []
    for view, (dx, _) in layout.offsets.items():
        left_label, right_label = sides[view]
        out.append(
            f'<text class="view-label" x="{dx + FIGURE_WIDTH / 2:.0f}" y="{TOP - 8:.0f}" '
            f'text-anchor="middle" font-size="22" font-weight="bold" fill="#333">'
            f"{view.capitalize()}</text>"
        )
        # Large enough to read when one view fills half a phone screen.
        for x, anchor, text in (
            (dx + 6, "start", left_label),
            (dx + FIGURE_WIDTH - 6, "end", right_label),
        ):
            out.append(
                f'<text class="side-label" x="{x:.0f}" y="{TOP + 24:.0f}" '
                f'text-anchor="{anchor}" font-size="20" fill="#555">{text}</text>'
            )
    return out


def _legend(centre: float, y: float) -> list[str]:
    width, bar = 330.0, 14.0
    x0 = centre - width / 2
    out = ['<g class="legend">']
    out.append(
        f'<text x="{centre:.0f}" y="{y + 12:.0f}" text-anchor="middle" font-size="13" '
        f'fill="#333">Pain 0-10</text>'
    )
    for step in range(11):
        out.append(
            f'<rect x="{x0 + step * width / 11:.1f}" y="{y + 18:.0f}" width="{width / 11:.1f}" '
            f'height="{bar:.0f}" fill="{heat_colour(step)}" stroke="#8a7f74" stroke-width="0.5"/>'
        )
        out.append(
            f'<text x="{x0 + (step + 0.5) * width / 11:.1f}" y="{y + bar + 32:.0f}" '
            f'text-anchor="middle" font-size="11" fill="#333">{step}</text>'
        )
    out.append("</g>")
    return out

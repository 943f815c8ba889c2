"""Draw the body map as SVG: both views, every fine region a closed path.

The same drawing serves input (the web page makes paths clickable) and output (a
heat map of pain 0-10, or of a trigger point's referral zones). Each path carries
its region id, its CHOIR code and a label. The outline, face and labels come from
figure.py; region borders are left out of whole views (they mean nothing to a client)
and drawn faintly in close-ups, where the small regions need them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape

from shapely.geometry import Polygon, box
from shapely.geometry.base import BaseGeometry

from triggerpoint.bodymap import figure
from triggerpoint.bodymap.choir import BY_CODE, View
from triggerpoint.bodymap.geometry import FIGURE_HEIGHT, FIGURE_WIDTH
from triggerpoint.bodymap.regions import fine_regions
from triggerpoint.bodymap.shapes import anchor_point, choir_shapes, fine_shapes
from triggerpoint.visual import heat, palette
from triggerpoint.visual.heat import heat_colour

GAP = 60.0
TOP = 64.0
LEGEND_HEIGHT = 56.0

EMPTY_FILL = heat.EMPTY
SIDE = palette.MUTED  # the "your right" / "your left" labels


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


_FOCUS_GAP = 12.0


def _focus_layout(region_ids: list[str], margin: float = 24.0, smallest: float = 170.0) -> _Layout:
    """A close-up of each view that has marks, side by side, clipped to the marks."""
    shapes = fine_shapes()
    boxes: dict[View, list[float]] = {}
    for region_id in region_ids:
        placed = shapes[region_id]
        left, top, right, bottom = placed.shape.bounds
        seen = boxes.setdefault(placed.view, [left, top, right, bottom])
        seen[:] = [min(seen[0], left), min(seen[1], top), max(seen[2], right), max(seen[3], bottom)]
    top = min(b[1] for b in boxes.values()) - margin
    bottom = max(b[3] for b in boxes.values()) + margin
    # A close-up smaller than this loses the body around the pattern, and with it the
    # reader's sense of where on the body they are looking.
    if bottom - top < smallest:
        grow = (smallest - (bottom - top)) / 2
        top, bottom = top - grow, bottom + grow
    top, bottom = max(top, 0.0), min(bottom, FIGURE_HEIGHT)
    spans: dict[View, tuple[float, float]] = {}
    for view in ALL_VIEWS:
        if view not in boxes:
            continue
        left, right = boxes[view][0] - margin, boxes[view][2] + margin
        if right - left < smallest * 0.8:
            grow = (smallest * 0.8 - (right - left)) / 2
            left, right = left - grow, right + grow
        spans[view] = (max(left, 0.0), min(right, FIGURE_WIDTH))
    width = sum(right - left for left, right in spans.values()) + _FOCUS_GAP * (len(spans) - 1)
    # Two lines above each close-up: the view's name, then "your right / your left".
    band = 2.6 * figure.close_up_font(width)
    offsets: dict[View, tuple[float, float]] = {}
    clips: dict[View, tuple[float, float, float, float]] = {}
    cursor = 0.0
    for view, (left, right) in spans.items():
        offsets[view] = (cursor - left, band - top)
        clips[view] = (cursor, band, right - left, bottom - top)
        cursor += right - left + _FOCUS_GAP
    return _Layout(offsets, width, band + bottom - top, clips)


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
    height = layout.height + (_legend_height(layout.width) if legend else 0.0)
    label = escape(title or "Body map")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {layout.width:.0f} {height:.0f}" '
        f'class="bodymap" role="{"group" if interactive else "img"}" aria-label="{label}" '
        'font-family="sans-serif">',
        f"<title>{label}</title>",
        '<rect class="background" x="0" y="0" width="100%" height="100%" '
        f'fill="{palette.SURFACE}"/>',
    ]
    # A one-view map already names its view; the title then serves screen readers only.
    if title and not layout.clips and len(layout.offsets) > 1:
        out.append(
            f'<text x="{layout.width / 2:.0f}" y="26" text-anchor="middle" '
            f'font-size="{math.ceil(figure.close_up_font(layout.width)):d}" '
            f'font-weight="bold" fill="{palette.INK}">{label}</text>'
        )
    out += _view_labels(layout, id_prefix)
    for view, (dx, dy) in layout.offsets.items():
        clip = layout.clips[view] if layout.clips else None
        out += _draw_view(view, dx, dy, values, markers, id_prefix, clip, layout.width, interactive)
    if legend:
        out += _legend(layout.width / 2, layout.height + 4, layout.width)
    out.append("</svg>")
    return "\n".join(out)


def _draw_view(
    view: View,
    dx: float,
    dy: float,
    values: Mapping[str, float],
    markers: list[str],
    id_prefix: str,
    clip_box: tuple[float, float, float, float] | None,
    width: float,
    interactive: bool = False,
) -> list[str]:
    regions = fine_regions()
    clipped = clip_box is not None
    clip = f' clip-path="url(#{escape(id_prefix)}clip-{view})"' if clipped else ""
    out = [f'<g class="view" data-view="{view}"{clip}>', figure.silhouette(dx, dy)]
    # Fine borders only where regions are big enough on screen to tell apart.
    borders = f'stroke="{palette.REGION_BORDER}" stroke-width="0.5"' if clipped else 'stroke="none"'
    out.append(f'<g class="regions" {borders} stroke-linejoin="round">')
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
        f'<g class="choir-outlines" fill="none" stroke="{palette.CHOIR_BORDER}" '
        f'stroke-width="{0.9 if clipped else 0.8}" pointer-events="none">'
    )
    for code, shape in choir_shapes().items():
        if BY_CODE[code].view == view:
            out.append(f'<path data-choir="{code}" d="{path_data(shape, dx, dy)}"/>')
    out.append("</g>")
    out += figure.cues(view, dx, dy)
    if clip_box is not None:
        # A heat map names only what is coloured, so the names do not hide the colours.
        named = {r for r, v in values.items() if v > 0} | set(markers)
        out += _close_up_labels(
            view, dx, dy, clip_box, figure.close_up_font(width), named, set(markers)
        )
    for region_id in markers:
        if regions[region_id].view == view:
            x, y = anchor_point(region_id)
            out.append(
                f'<circle class="marker" data-region="{region_id}" cx="{x + dx:.1f}" '
                f'cy="{y + dy:.1f}" r="5" fill="{palette.MARKER}" '
                f'stroke="{palette.SURFACE}" stroke-width="1.5">'
                f"<title>Trigger point: {escape(regions[region_id].full_label)}</title></circle>"
            )
    out.append("</g>")
    return out


def _control(label: str, side: str, view: View, value: float) -> str:
    """A region as one stop of the page's roving focus, named by place, side and pain."""
    pain = f"pain {value:g} of 10" if value > 0 else "not marked"
    return f'tabindex="-1" role="button" aria-label="{escape(label)}, your {side}, {view}: {pain}" '


# Front view: the client's right is on the viewer's left. Saying "your" makes the
# most common drawing error (left/right confusion) less likely.
_SIDES: dict[View, tuple[str, str]] = {
    "front": ("your right", "your left"),
    "back": ("your left", "your right"),
}


def _view_labels(layout: _Layout, id_prefix: str) -> list[str]:
    if layout.clips:
        size = figure.close_up_font(layout.width)
        out = ["<defs>"]
        for view, (x, y, w, h) in layout.clips.items():
            out.append(
                f'<clipPath id="{escape(id_prefix)}clip-{view}">'
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}"/></clipPath>'
            )
        out.append("</defs>")
        for view, (x, _, w, _) in layout.clips.items():
            left, right = _SIDES[view]
            out.append(
                figure.text(x + w / 2, size, view.capitalize(), size, "view-label", bold=True)
            )
            out.append(
                figure.text(
                    x + 2, 2.2 * size, left, size, "side-label", "start", colour=palette.MUTED
                )
            )
            out.append(
                figure.text(
                    x + w - 2, 2.2 * size, right, size, "side-label", "end", colour=palette.MUTED
                )
            )
        return out
    # Each view is readable at half a phone's width, and the whole map at a phone's.
    size = max(figure.whole_view_font(FIGURE_WIDTH), figure.close_up_font(layout.width))
    out = []
    for view, (dx, _) in layout.offsets.items():
        left, right = _SIDES[view]
        out.append(
            figure.text(
                dx + FIGURE_WIDTH / 2, TOP - 10, view.capitalize(), size, "view-label", bold=True
            )
        )
        for x, anchor, words in ((dx + 4, "start", left), (dx + FIGURE_WIDTH - 4, "end", right)):
            out.append(figure.text(x, TOP + 28, words, size, "side-label", anchor, colour=SIDE))
    return out


def _close_up_labels(
    view: View,
    dx: float,
    dy: float,
    clip: tuple[float, float, float, float],
    size: float,
    named: set[str],
    markers: set[str],
) -> list[str]:
    """Names of the regions in a close-up (only `named` ones if any), the client's
    right when both sides show."""
    regions = fine_regions()
    left, top, width, height = clip
    shown = {}
    for region_id, placed in fine_shapes().items():
        if placed.view != view or (named and region_id not in named):
            continue
        x, y = anchor_point(region_id)
        if region_id in markers:
            y += 1.5 * size  # below the marker that sits on the anchor
        if left <= x + dx <= left + width and top <= y + dy <= top + height:
            seen = placed.shape.intersection(
                box(left - dx, top - dy, left + width - dx, top + height - dy)
            )
            # A region mostly outside the close-up is named where it is seen in full.
            if seen.area >= 0.4 * placed.shape.area:
                shown[region_id] = ((x + dx, y + dy), regions[region_id].label, seen.area)
    if named:
        return figure.region_labels(shown, clip, size)
    # One side only, the one the close-up shows more of (the client's right on a tie).
    seen_by_side = dict.fromkeys(("right", "left"), 0.0)
    for region_id, (_, _, seen_area) in shown.items():
        seen_by_side[regions[region_id].side] += seen_area
    keep = "left" if seen_by_side["left"] > seen_by_side["right"] else "right"
    places = {r: place for r, place in shown.items() if regions[r].side == keep}
    return figure.region_labels(places, clip, size)


def _legend_height(width: float) -> float:
    return LEGEND_HEIGHT * _legend_scale(width)


def _legend_scale(width: float) -> float:
    # The legend's numbers stay as large on a phone as the side labels.
    return max(1.0, figure.close_up_font(width) / 11.0)


def _legend(centre: float, y: float, width: float) -> list[str]:
    k = _legend_scale(width)
    bar_width, bar = min(330.0 * k, 0.9 * width), 14.0 * k
    x0 = centre - bar_width / 2
    out = ['<g class="legend">']
    out.append(
        f'<text x="{centre:.0f}" y="{y + 12 * k:.0f}" text-anchor="middle" '
        f'font-size="{math.ceil(13 * k):d}" fill="{palette.INK}">Pain 0-10</text>'
    )
    for step in range(11):
        out.append(
            f'<rect x="{x0 + step * bar_width / 11:.1f}" y="{y + 18 * k:.0f}" '
            f'width="{bar_width / 11:.1f}" height="{bar:.0f}" fill="{heat_colour(step)}" '
            f'stroke="{palette.AXIS}" stroke-width="0.5"/>'
        )
        out.append(
            f'<text x="{x0 + (step + 0.5) * bar_width / 11:.1f}" y="{y + bar + 32 * k:.0f}" '
            f'text-anchor="middle" font-size="{math.ceil(11 * k):d}" '
            f'fill="{palette.INK}">{step}</text>'
        )
    out.append("</g>")
    return out

"""A small inline SVG line chart of one measure across visits.

Visits are spaced evenly (a visit, not a calendar day, is the unit of care) and
labelled with their dates. A client's diary ratings between visits are drawn as open
circles off the visits' line. The shaded band around the first visit's value holds the
values that would not yet be a meaningful change from it; a point outside the band
is one the sentence under the chart calls meaningful. Text stays at 12 px or more so
the chart reads at phone width.
"""

from __future__ import annotations

import math
from html import escape

from triggerpoint.outcomes.change import Series, describe_series
from triggerpoint.outcomes.measures import format_number
from triggerpoint.outcomes.thresholds import THRESHOLDS
from triggerpoint.visual import chart
from triggerpoint.visual.palette import ACCENT as LINE
from triggerpoint.visual.palette import AXIS as BASELINE
from triggerpoint.visual.palette import BAND, GRID, INK, MUTED, SURFACE

MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 58.0, 18.0, 44.0, 66.0
MAX_DATE_LABELS = 6


def render_trend_svg(
    series: Series,
    *,
    width: int = 480,
    height: int = 260,
    title: str | None = None,
    id_prefix: str = "trend",
) -> str:
    """The chart as SVG text; `id_prefix` keeps ids unique when a page holds several."""
    kind = series.measure
    values = [o.value for o in series.observations]
    visits = [o for o in series.observations if not o.diary] or list(series.observations)
    baseline = visits[0].value
    margin = THRESHOLDS[kind.threshold].minimal_change(baseline)
    band = (max(baseline - margin, kind.low), min(baseline + margin, kind.high))
    low, high, step = _y_range(
        kind.low, kind.high, [*values, *band], fixed=kind.unit == "/10", decimals=kind.decimals
    )
    heading = title or series.title
    left, right = MARGIN_LEFT, width - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, height - MARGIN_BOTTOM

    def y(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - top)

    count = len(values)
    xs = [
        (left + right) / 2 if count == 1 else left + 12 + i * (right - left - 24) / (count - 1)
        for i in range(count)
    ]
    changes = describe_series(series)
    description = " ".join(change.sentence for change in changes) or (
        f"One visit so far: {kind.with_unit(baseline)} on {series.observations[0].when:%d %b %Y}."
    )
    out = [
        f'<rect width="{width}" height="{height}" fill="{SURFACE}"/>',
        f'<text x="{left}" y="22" font-size="15" font-weight="600" fill="{INK}">'
        f"{escape(heading)}</text>",
        f'<text class="key" x="{left}" y="38" font-size="12" fill="{MUTED}">'
        f"{escape(_key(kind.better, has_diary=len(visits) < count))}</text>",
        f'<rect class="band" x="{left}" y="{y(band[1]):.1f}" width="{right - left}" '
        f'height="{max(y(band[0]) - y(band[1]), 0):.1f}" fill="{BAND}"/>',
    ]
    for tick in _ticks(low, high, step):
        out.append(
            f'<line x1="{left}" x2="{right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{GRID}"/>'
            f'<text x="{left - 8}" y="{y(tick) + 4:.1f}" font-size="12" text-anchor="end" '
            f'fill="{MUTED}">{kind.format(tick)}</text>'
        )
    middle = (top + bottom) / 2
    out += [
        f'<text x="14" y="{middle:.1f}" font-size="12" fill="{MUTED}" text-anchor="middle" '
        f'transform="rotate(-90 14 {middle:.1f})">{escape(_axis_label(kind.unit))}</text>',
        f'<line class="baseline" x1="{left}" x2="{right}" y1="{y(baseline):.1f}" '
        f'y2="{y(baseline):.1f}" stroke="{BASELINE}" stroke-dasharray="5 4"/>',
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{bottom}" stroke="{MUTED}"/>',
        f'<line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="{MUTED}"/>',
    ]
    line = [(x, o.value) for x, o in zip(xs, series.observations, strict=True) if o in visits]
    if len(line) > 1:
        points = " ".join(f"{x:.1f},{y(v):.1f}" for x, v in line)
        out.append(f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    every = math.ceil(count / MAX_DATE_LABELS)
    for i, (x, observation) in enumerate(zip(xs, series.observations, strict=True)):
        label = f"{observation.when:%d %b %Y}: {kind.with_unit(observation.value)}"
        if observation.diary:
            out.append(
                f'<circle class="diary" cx="{x:.1f}" cy="{y(observation.value):.1f}" r="4.5" '
                f'fill="{SURFACE}" stroke="{LINE}" stroke-width="2">'
                f"<title>{escape('Diary, ' + label)}</title></circle>"
            )
        else:
            out.append(
                f'<circle class="visit" cx="{x:.1f}" cy="{y(observation.value):.1f}" r="4.5" '
                f'fill="{LINE}"><title>{escape(label)}</title></circle>'
            )
        if i == count - 1 or (i % every == 0 and count - 1 - i >= every):
            out.append(
                f'<text x="{x:.1f}" y="{bottom + 18}" font-size="12" text-anchor="middle" '
                f'fill="{MUTED}">{observation.when:%d %b}</text>'
            )
    out.append(
        f'<text x="8" y="{height - 24}" font-size="12" fill="{MUTED}">'
        f"Dashed: first visit. Shaded: within {format_number(margin, 2)} "
        f"{_unit_words(kind.unit)} of it,</text>"
        f'<text x="8" y="{height - 8}" font-size="12" fill="{MUTED}">'
        "too small a change to count as meaningful.</text>"
    )
    return chart.document(
        width,
        height,
        heading,
        out,
        id_prefix=id_prefix,
        description=description,
        css_class="",
        sized=True,
    )


def _key(better: str, *, has_diary: bool) -> str:
    key = f"{better.capitalize()} is better. Filled dots: visits"
    return key + ("; open circles: diary." if has_diary else ".")


def _axis_label(unit: str) -> str:
    return {"/10": "0-10 scale", "°": "degrees", "points of 50": "points (0-50)"}.get(unit, unit)


def _unit_words(unit: str) -> str:
    return {"/10": "points", "°": "degrees", "points of 50": "points"}.get(unit, unit)


def _y_range(
    floor: float, ceiling: float, values: list[float], fixed: bool, decimals: int
) -> tuple[float, float, float]:
    """Axis limits and tick step: the whole 0-10 scale for pain, else the data padded."""
    if fixed:
        return floor, ceiling, 2.0
    lowest, highest = min(values), max(values)
    span = max(highest - lowest, (abs(highest) or 1) * 0.2)
    step = _nice_step(span / 4, decimals)
    low = max(floor, math.floor((lowest - span * 0.1) / step) * step)
    high = min(ceiling, math.ceil((highest + span * 0.1) / step) * step)
    if high <= low:
        high = low + step
    return low, high, step


def _nice_step(raw: float, decimals: int) -> float:
    """The smallest round step (1, 2, 2.5 or 5 times a power of ten) of at least `raw`
    that the measure's own rounding can print: a 2.5 step on a whole-degree axis would
    label 7.5 as "8"."""
    power = 10.0 ** math.floor(math.log10(raw))
    while True:  # ends: from a power of 1 up, every step prints whole
        for multiple in (1, 2, 2.5, 5):
            step = multiple * power
            if raw <= step and math.isclose(round(step, decimals), step):
                return step
        power *= 10


def _ticks(low: float, high: float, step: float) -> list[float]:
    # Floor, not round: when the axis stops at the end of the scale between two steps
    # (180° with a 50° step), a rounded count drew a tick above the plot.
    count = math.floor((high - low) / step + 1e-9)
    return [low + i * step for i in range(count + 1)]

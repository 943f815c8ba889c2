"""The heat scale: pain 0-10 as a colour, for the body map and its legend.

Light yellow to deep red, readable for the common colour-vision deficiencies because
lightness alone already orders the values. Between the stops the colour is interpolated
linearly in RGB; 0 (or less) is the unmarked body. The browser's copy of the stops is
generated from `STOPS` (web/assets.py writes web/static/web/heat-scale.js and the
`--heat-*` properties of palette.css), and tests/visual checks that Python, the
JavaScript module and the CSS give the same colour for the same value.
"""

from __future__ import annotations

import math
from itertools import pairwise
from typing import Final

from triggerpoint.visual.palette import BODY

RGB = tuple[int, int, int]

EMPTY: Final = BODY
MAX: Final = 10.0
STOPS: Final[tuple[tuple[float, RGB], ...]] = (
    (1.0, (255, 236, 160)),
    (4.0, (253, 174, 97)),
    (7.0, (230, 85, 50)),
    (10.0, (150, 20, 30)),
)


def hex_colour(rgb: RGB) -> str:
    return "#" + "".join(f"{channel:02x}" for channel in rgb)


def heat_colour(value: float) -> str:
    """The fill for a 0-10 value; 0 (or less, or not a number) is the unmarked body."""
    if not value > 0:
        return EMPTY
    value = min(value, MAX)
    if value <= STOPS[0][0]:
        return hex_colour(STOPS[0][1])
    for (low, low_rgb), (high, high_rgb) in pairwise(STOPS):
        if value <= high:
            t = (value - low) / (high - low)
            r, g, b = (_round(a + (c - a) * t) for a, c in zip(low_rgb, high_rgb, strict=True))
            return hex_colour((r, g, b))
    raise AssertionError("unreachable: value is clamped to MAX")


def _round(channel: float) -> int:
    # Half up, as JavaScript's Math.round: Python's round() takes halves to even, and the
    # page's colours must be the server's to the last digit.
    return math.floor(channel + 0.5)


def css_gradient() -> str:
    """The scale as a left-to-right CSS gradient over 0-10, for the page's legend bar."""
    stops = [f"{EMPTY} 0%"] + [f"{hex_colour(rgb)} {value / MAX:.0%}" for value, rgb in STOPS]
    return f"linear-gradient(90deg, {', '.join(stops)})"

"""Every colour of the pages and the SVG charts, named once.

The site's stylesheet reads these as CSS custom properties (`--ink`, `--accent`, ...)
from web/static/web/palette.css, which web/assets.py generates from this module; the
charts drawn in Python use the names directly. A colour used by a page or a chart is
added here, never written as a literal where it is used.
"""

from __future__ import annotations

from typing import Final

# The page: text, background, rules and the one accent (buttons, links, chart data).
INK: Final = "#22201d"
MUTED: Final = "#6b635b"
PAPER: Final = "#fffdf9"
SURFACE: Final = "#ffffff"
LINE: Final = "#e4ddd3"
ACCENT: Final = "#1d5c63"
ACCENT_INK: Final = "#ffffff"
ACCENT_TINT: Final = "#e6f0f1"
WARN: Final = "#8a1c1c"
WARN_BG: Final = "#fdecea"
NOTE_BG: Final = "#fff6dd"
NOTE_BORDER: Final = "#c99a2e"
# The finder's "possible" (between likely and unlikely), dark amber that reads on white.
POSSIBLE: Final = "#7a5a00"
# The breathing pacer's exhale (the inhale is the accent).
EXHALE: Final = "#2e8b57"
# Printed self-care plans: plain grey rules and near-black ink, no tinted backgrounds.
PRINT_RULE: Final = "#999999"
PRINT_INK: Final = "#333333"
# Keyboard focus: an amber ring that stands out on the accent, the paper and the map.
FOCUS: Final = "#f2a93b"
FOCUS_SHADOW: Final = "#1d1a17"

# The charts: axes and rules, light grid lines and empty bar tracks, the band of "no
# meaningful change yet" around a trend's first value. Chart data is drawn in ACCENT.
AXIS: Final = "#8a7f74"
GRID: Final = "#eee6dc"
BAND: Final = "#d5ebe8"

# The body map: the unmarked body (also pain 0 on the heat scale), its outline and cues
# (muscle lines, navel), the borders of fine regions in close-ups and of the CHOIR regions,
# the trigger point marker and the region names.
BODY: Final = "#f4efe8"
BODY_OUTLINE: Final = "#6b5f55"
BODY_CUE: Final = "#8c7f73"
REGION_BORDER: Final = "#d9cfc4"
CHOIR_BORDER: Final = "#c4b6a6"
REGION_HOVER: Final = "#cdbfb0"
MARKER: Final = "#1d3557"
MAP_LABEL: Final = "#2b2520"

# The CSS custom property of each colour the stylesheets use, in the order written out.
CSS_NAMES: Final = {
    "ink": INK,
    "muted": MUTED,
    "paper": PAPER,
    "surface": SURFACE,
    "line": LINE,
    "accent": ACCENT,
    "accent-ink": ACCENT_INK,
    "accent-tint": ACCENT_TINT,
    "warn": WARN,
    "warn-bg": WARN_BG,
    "note-bg": NOTE_BG,
    "note-border": NOTE_BORDER,
    "possible": POSSIBLE,
    "exhale": EXHALE,
    "print-rule": PRINT_RULE,
    "print-ink": PRINT_INK,
    "focus": FOCUS,
    "focus-shadow": FOCUS_SHADOW,
    "axis": AXIS,
    "grid": GRID,
    "band": BAND,
    "body": BODY,
    "region-hover": REGION_HOVER,
}

"""SVG charts for the pages: the pieces every chart is made of, and the charts of the
owner's report and the finder's calibration.

Every chart is plain SVG text with a title (and a description when it has one) that a
screen reader reads, presentation attributes instead of `style=` (the pages' content
security policy allows no inline style), colours from visual/palette.py, and text of
12 px or more so it reads at phone width. Values put into attributes and text are
escaped here, so a caller passes raw strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from triggerpoint.visual.heat import heat_colour
from triggerpoint.visual.palette import ACCENT, AXIS, GRID, INK, MUTED

FONT = "system-ui, sans-serif"
# The report's "this week": the warm end of the heat scale, the palette's one alarm.
HIGHLIGHT = heat_colour(7.0)


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def attributes(**values: object) -> str:
    """` name="value"` pairs; an underscore in a name is a hyphen, a None value is left out,
    and a number is written with at most one decimal."""
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        shown = _number(value) if isinstance(value, float) else str(value)
        parts.append(f' {name.rstrip("_").replace("_", "-")}="{escape(shown)}"')
    return "".join(parts)


def element(tag: str, content: str = "", **values: object) -> str:
    """One element; `content` is SVG text already (escape words with `words()`)."""
    return (
        f"<{tag}{attributes(**values)}>{content}</{tag}>"
        if content
        else (f"<{tag}{attributes(**values)}/>")
    )


def words(text: str) -> str:
    return escape(text)


def text(
    x: float, y: float, content: str, *, size: int = 12, fill: str = MUTED, **values: object
) -> str:
    """A line of text in the chart's palette; `content` is plain words."""
    return element("text", escape(content), x=x, y=y, font_size=size, fill=fill, **values)


def titled(content: str, title: str, tag: str, **values: object) -> str:
    """An element with a tooltip (`<title>`), which screen readers and mice both read."""
    return element(tag, content + element("title", escape(title)), **values)


def document(
    width: float,
    height: float,
    title: str,
    body: Iterable[str],
    *,
    id_prefix: str,
    description: str | None = None,
    css_class: str = "chart",
    sized: bool = False,
) -> str:
    """The chart's `<svg>`: its title (and description) name the image for screen readers;
    `sized` gives it width and height attributes besides its viewBox (a fixed-size image)."""
    labelled = f"{id_prefix}-title" + (f" {id_prefix}-desc" if description else "")
    head = [
        '<svg xmlns="http://www.w3.org/2000/svg"'
        + attributes(
            class_=css_class or None,
            viewBox=f"0 0 {_number(width)} {_number(height)}",
            width=width if sized else None,
            height=height if sized else None,
            role="img",
            aria_labelledby=labelled,
            font_family=FONT,
        )
        + ">",
        element("title", escape(title), id=f"{id_prefix}-title"),
    ]
    if description:
        head.append(element("desc", escape(description), id=f"{id_prefix}-desc"))
    return "\n".join([*head, *body, "</svg>"])


@dataclass(frozen=True)
class Bar:
    """One bar: where it is drawn and what it says (its label and its value in words)."""

    x: float
    y: float
    width: float
    height: float
    label: str
    value: str
    current: bool = False
    title: str = ""  # the tooltip; "label: value" when empty

    @property
    def tip(self) -> str:
        return self.title or f"{self.label}: {self.value}"

    @property
    def middle(self) -> float:
        return round(self.x + self.width / 2, 1)


def columns(
    bars: Sequence[Bar],
    *,
    width: float,
    height: float,
    baseline: float,
    title: str,
    id_prefix: str,
    key: str = "label",
) -> str:
    """Vertical bars on a baseline, the value over each and the label under it; the bar
    marked `current` is drawn in the highlight colour. Each bar's group carries its label
    as `data-<key>`, so a page's tests and scripts can find it. The labels are 10 px: a
    dozen columns share a phone's width."""
    body = [element("line", x1=0, x2=width, y1=baseline, y2=baseline, stroke=AXIS)]
    for bar in bars:
        body.append(
            element(
                "g",
                titled(
                    "",
                    bar.tip,
                    "rect",
                    x=bar.x,
                    y=bar.y,
                    width=bar.width,
                    height=bar.height,
                    fill=HIGHLIGHT if bar.current else ACCENT,
                )
                + text(bar.middle, bar.y - 4, bar.value, size=13, fill=INK, text_anchor="middle")
                + text(bar.middle, baseline + 16, bar.label, size=10, text_anchor="middle"),
                **{f"data_{key}": bar.label},
            )
        )
    return document(width, height, title, body, id_prefix=id_prefix)


def rows(bars: Sequence[Bar], *, width: float, track: float, title: str, id_prefix: str) -> str:
    """Horizontal bars, one per row: the label at the left, the bar on a `track` wide
    background of the whole scale, the value after the bar."""
    height = max((bar.y + bar.height for bar in bars), default=0.0) + 20
    body = []
    for bar in bars:
        body.append(
            element(
                "g",
                text(0, bar.y + 13, _truncated(bar.label, 20), fill=INK)
                + element("rect", x=bar.x, y=bar.y, width=track, height=bar.height, fill=GRID)
                + titled(
                    "",
                    bar.tip,
                    "rect",
                    x=bar.x,
                    y=bar.y,
                    width=bar.width,
                    height=bar.height,
                    fill=ACCENT,
                )
                + text(bar.x + bar.width + 6, bar.y + 13, bar.value, fill=INK),
            )
        )
    return document(width, height, title, body, id_prefix=id_prefix)


def _truncated(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


@dataclass(frozen=True)
class Point:
    """A share predicted (x) and observed (y), both 0-1, over `count` cases."""

    predicted: float
    observed: float
    count: int
    title: str


def calibration(
    points: Sequence[Point], *, title: str, id_prefix: str, x_label: str, y_label: str
) -> str:
    """Predicted share against observed share on one square, the diagonal being a perfect
    match; a dot's area grows with its number of cases."""
    size, margin, left = 320.0, 44.0, 64.0
    span = 340.0 - left - margin // 2

    def x(p: float) -> float:
        return round(left + p * span, 1)

    def y(p: float) -> float:
        return round(size - margin - p * span, 1)

    most = max((point.count for point in points), default=0) or 1
    body = [
        element("rect", x=left, y=y(1), width=span, height=span, fill="none", stroke=AXIS),
        element("line", x1=x(0), y1=y(0), x2=x(1), y2=y(1), stroke=AXIS, stroke_dasharray="4 4"),
    ]
    for tick in (0.0, 0.5, 1.0):
        body.append(text(x(tick), size - margin + 16, f"{tick:.0%}", text_anchor="middle"))
        body.append(text(left - 6, y(tick) + 4, f"{tick:.0%}", text_anchor="end"))
    for point in points:
        radius = round(4 + 8 * (point.count / most) ** 0.5, 1)
        body.append(
            titled(
                "",
                point.title,
                "circle",
                cx=x(point.predicted),
                cy=y(point.observed),
                r=radius,
                fill=ACCENT,
            )
        )
    middle = y(0.5)
    body.append(text(x(0.5), size, x_label, fill=INK, text_anchor="middle", dy=-6))
    body.append(
        text(
            14,
            middle,
            y_label,
            fill=INK,
            text_anchor="middle",
            transform=f"rotate(-90 14 {_number(middle)})",
        )
    )
    return document(340, size, title, body, id_prefix=id_prefix, css_class="chart calibration")

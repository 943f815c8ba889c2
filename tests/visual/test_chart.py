"""The chart pieces every SVG chart is built from: words are escaped, the charts name
themselves for screen readers, and their colours are the palette's."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from triggerpoint.visual import chart, palette
from triggerpoint.visual.heat import heat_colour

SVG = "{http://www.w3.org/2000/svg}"


def one(node: ET.Element, tag: str) -> ET.Element:
    found = node.find(f"{SVG}{tag}")
    assert found is not None, tag
    return found


def number(node: ET.Element, name: str) -> float:
    return float(node.get(name, "nan"))


def bars(*values: int) -> list[chart.Bar]:
    return [
        chart.Bar(
            x=10.0 * i,
            y=100.0 - v,
            width=8.0,
            height=float(v),
            label=f"w{i}",
            value=str(v),
            current=i == 1,
        )
        for i, v in enumerate(values)
    ]


@given(st.text(min_size=1, max_size=40))
def test_any_label_is_escaped_and_reads_back_unchanged(label: str):
    cleaned = "".join(c for c in label if c.isprintable())
    if not cleaned.strip():
        return
    bar = chart.Bar(x=0, y=0, width=5, height=5, label=cleaned, value="1")
    root = ET.fromstring(
        chart.columns([bar], width=50, height=50, baseline=40, title=cleaned, id_prefix="t")
    )
    assert one(root, "title").text == cleaned
    assert one(root, "g").get("data-label") == cleaned


def test_a_chart_is_named_for_screen_readers_and_has_no_style_attribute():
    svg = chart.columns(
        bars(3, 5, 0),
        width=100,
        height=120,
        baseline=100,
        title="Bookings",
        id_prefix="weeks",
        key="week",
    )
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "weeks-title"
    assert one(root, "title").get("id") == "weeks-title"
    assert "style=" not in svg
    groups = root.findall(f"{SVG}g")
    assert [g.get("data-week") for g in groups] == ["w0", "w1", "w2"]
    fills = [one(g, "rect").get("fill") for g in groups]
    assert fills == [palette.ACCENT, heat_colour(7), palette.ACCENT]


def test_rows_are_drawn_on_a_track_of_the_whole_scale():
    row = chart.Bar(
        x=140, y=10, width=96.0, height=18, label="A very long therapist name", value="30%"
    )
    root = ET.fromstring(chart.rows([row], width=520, track=320, title="Use", id_prefix="u"))
    track, bar = one(root, "g").findall(f"{SVG}rect")
    assert (track.get("width"), track.get("fill")) == ("320", palette.GRID)
    assert (bar.get("width"), bar.get("fill")) == ("96", palette.ACCENT)
    label = one(one(root, "g"), "text").text or ""
    assert len(label) == 20 and label.endswith("…")
    assert float(root.get("viewBox", "").split()[3]) == 48


def test_a_calibration_dot_grows_with_its_cases_and_sits_where_it_was_observed():
    points = [chart.Point(0.2, 0.4, 1, "few"), chart.Point(0.8, 0.8, 16, "many")]
    root = ET.fromstring(
        chart.calibration(
            points, title="Calibration", id_prefix="c", x_label="predicted", y_label="confirmed"
        )
    )
    few, many = root.findall(f"{SVG}circle")
    assert number(few, "r") < number(many, "r") == 12
    # y grows downwards: the dot observed at 80% sits above the one at 40%.
    assert number(many, "cy") < number(few, "cy")
    assert number(few, "cx") < number(many, "cx")

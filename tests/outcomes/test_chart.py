import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triggerpoint.outcomes import Observation, Series, render_trend_svg

NS = {"svg": "http://www.w3.org/2000/svg"}
DAY = date(2025, 3, 3)


def series(measure_id, values, site=None):
    visits = tuple(Observation(DAY + timedelta(weeks=i), v) for i, v in enumerate(values))
    return Series(measure_id, visits, site)


def parse(svg):
    root = ET.fromstring(svg)
    _, _, width, height = (float(v) for v in root.get("viewBox", "").split())
    return root, width, height


def visits_inside(root, width, height):
    circles = root.findall("svg:circle", NS)
    for circle in circles:
        assert 0 <= float(circle.get("cx")) <= width
        assert 0 <= float(circle.get("cy")) <= height
    return circles


def test_a_pain_chart_has_one_point_per_visit_with_its_date():
    svg = render_trend_svg(series("pain-now", [7, 6, 5, 3]))
    root, width, height = parse(svg)
    circles = visits_inside(root, width, height)
    assert len(circles) == 4
    assert circles[0].find("svg:title", NS).text == "03 Mar 2025: 7"
    labels = [t.text for t in root.findall("svg:text", NS)]
    assert "24 Mar" in labels and "0-10 scale" in labels


def test_the_chart_is_accessible_with_a_title_and_a_description_in_words():
    root, _, _ = parse(render_trend_svg(series("pain-now", [7, 3])))
    assert root.get("role") == "img"
    assert root.find("svg:title", NS).text == "Pain now"
    assert "a substantial change" in root.find("svg:desc", NS).text


def test_higher_values_are_drawn_higher():
    root, _, _ = parse(render_trend_svg(series("ppt", [1.8, 2.6])))
    first, second = (float(c.get("cy")) for c in root.findall("svg:circle", NS))
    assert second < first


def test_a_small_baseline_narrows_the_band_to_30_percent():
    root, _, _ = parse(render_trend_svg(series("pain-now", [3, 3])))
    band = root.find("svg:rect[@class='band']", NS)
    wide, _, _ = parse(render_trend_svg(series("pain-now", [8, 8])))
    wide_band = wide.find("svg:rect[@class='band']", NS)
    assert float(band.get("height")) == pytest.approx(
        float(wide_band.get("height")) * 0.45, rel=0.02
    )


def test_the_band_spans_the_change_that_would_not_count_around_the_baseline():
    root, _, _ = parse(render_trend_svg(series("pain-now", [8, 8])))
    band = root.find("svg:rect[@class='band']", NS)
    baseline = root.find("svg:line[@class='baseline']", NS)
    top, bottom = float(band.get("y")), float(band.get("y")) + float(band.get("height"))
    assert top < float(baseline.get("y1")) < bottom
    # 2 points either side of 8 (30% of 8 is more) on a 0-10 axis: 4/10 of the plot.
    axis_top = min(float(line.get("y1")) for line in root.findall("svg:line", NS))
    axis_bottom = max(float(line.get("y2")) for line in root.findall("svg:line", NS))
    assert (bottom - top) / (axis_bottom - axis_top) == pytest.approx(0.4, abs=0.01)


def test_a_single_visit_still_renders():
    root, width, height = parse(render_trend_svg(series("rom-cervical-rotation-left", [55])))
    assert len(visits_inside(root, width, height)) == 1
    assert "One visit so far" in root.find("svg:desc", NS).text


def test_titles_are_escaped():
    svg = render_trend_svg(series("ppt", [2.0, 2.2], site="trapezius <right> & co"))
    root, _, _ = parse(svg)
    assert root.find("svg:title", NS).text == "Pressure pain threshold (trapezius <right> & co)"


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["pain-now", "ppt", "ndi", "rom-cervical-flexion"]),
    st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=20),
    st.sampled_from([(480, 260), (320, 220)]),
)
def test_every_visit_lands_inside_the_view_box(measure_id, fractions, size):
    limits = {"pain-now": 10, "ppt": 20, "ndi": 50, "rom-cervical-flexion": 180}
    values = [round(f * limits[measure_id], 2) for f in fractions]
    root, width, height = parse(
        render_trend_svg(series(measure_id, values), width=size[0], height=size[1])
    )
    assert len(visits_inside(root, width, height)) == len(values)

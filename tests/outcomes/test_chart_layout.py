"""How the trend chart lays a series out: where points, ticks, labels and the band go.

Read from the SVG as a browser would: positions relative to the plot's own axes (the
two solid axis lines), so the tests hold whatever the margins, and the words a reader
or a screen reader gets.
"""

import itertools
import math
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triggerpoint.outcomes import Observation, Series, describe_series, render_trend_svg
from triggerpoint.outcomes.chart import _nice_step

NS = {"svg": "http://www.w3.org/2000/svg"}
DAY = date(2025, 3, 3)


def series(measure_id, values, diary=()):
    visits = tuple(
        Observation(DAY + timedelta(weeks=i), v, diary=i in diary) for i, v in enumerate(values)
    )
    return Series(measure_id, visits)


def render(s, **options):
    return ET.fromstring(render_trend_svg(s, **options))


def plot_area(root):
    """(left, right, top, bottom) of the plot, from the solid vertical and horizontal axes."""
    axes = [
        line
        for line in root.findall("svg:line", NS)
        if line.get("class") is None and line.get("stroke-dasharray") is None
    ]
    vertical = next(a for a in axes if a.get("x1") == a.get("x2") and a.get("y1") != a.get("y2"))
    left, top, bottom = (
        float(vertical.get("x1")),
        float(vertical.get("y1")),
        float(vertical.get("y2")),
    )
    right = max(float(a.get("x2")) for a in axes)
    return left, right, top, bottom


def ticks(root):
    """The y-axis tick labels as (value, y of the label), bottom to top."""
    left = plot_area(root)[0]
    labels = [
        t
        for t in root.findall("svg:text", NS)
        if t.get("text-anchor") == "end" and float(t.get("x")) < left
    ]
    return [(float(t.text), float(t.get("y"))) for t in labels]


def circles(root, kind):
    return root.findall(f"svg:circle[@class='{kind}']", NS)


def test_points_map_linearly_onto_the_zero_to_ten_pain_axis():
    root = render(series("pain-now", [0, 5, 10]))
    _, _, top, bottom = plot_area(root)
    ys = [float(c.get("cy")) for c in circles(root, "visit")]
    assert ys == [pytest.approx(bottom), pytest.approx((top + bottom) / 2), pytest.approx(top)]


def test_visits_are_spaced_evenly_inside_the_plot_and_a_single_one_is_centred():
    root = render(series("pain-now", [7, 6, 5, 3]))
    left, right, _, _ = plot_area(root)
    xs = [float(c.get("cx")) for c in circles(root, "visit")]
    gaps = [b - a for a, b in itertools.pairwise(xs)]
    assert max(gaps) - min(gaps) < 0.2  # positions are written to 0.1 px
    assert left < xs[0] < left + 20 and right - 20 < xs[-1] < right
    assert xs[0] - left == pytest.approx(right - xs[-1])
    single = render(series("pain-now", [7]))
    (only,) = circles(single, "visit")
    assert float(only.get("cx")) == pytest.approx(sum(plot_area(single)[:2]) / 2)
    assert single.find("svg:polyline", NS) is None  # no line through a single point
    pair = render(series("pain-now", [7, 3])).find("svg:polyline", NS)
    assert len(pair.get("points").split()) == 2


def test_the_line_joins_the_visits_only_and_diary_ratings_are_open_circles():
    s = series("pain-now", [7, 5, 6, 4], diary={1})
    root = render(s)
    visits, diary = circles(root, "visit"), circles(root, "diary")
    assert len(visits) == 3 and len(diary) == 1
    assert diary[0].find("svg:title", NS).text == "Diary, 10 Mar 2025: 5"
    points = root.find("svg:polyline", NS).get("points").split()
    assert points == [f"{float(c.get('cx')):.1f},{float(c.get('cy')):.1f}" for c in visits]
    key = root.find("svg:text[@class='key']", NS).text
    assert key == "Lower is better. Filled dots: visits; open circles: diary."


def test_the_band_and_baseline_follow_the_first_visit_not_a_diary_rating():
    with_diary = render(series("pain-now", [2, 8, 8], diary={0}))
    plain = render(series("pain-now", [8, 8]))
    for root in (with_diary, plain):
        assert root.find("svg:line[@class='baseline']", NS).get("y1") == plain.find(
            "svg:line[@class='baseline']", NS
        ).get("y1")
    band = plain.find("svg:rect[@class='band']", NS)
    left, right, _, _ = plot_area(plain)
    assert float(band.get("x")) == left and float(band.get("width")) == pytest.approx(right - left)


def test_without_a_diary_the_key_says_which_way_is_better():
    assert render(series("ppt", [1.8, 2.6])).find("svg:text[@class='key']", NS).text == (
        "Higher is better. Filled dots: visits."
    )


def test_the_description_is_every_change_sentence_in_order():
    s = series("pain-now", [7, 6, 3])
    desc = render(s).find("svg:desc", NS).text
    assert desc == " ".join(change.sentence for change in describe_series(s))


def test_the_chart_names_its_title_and_description_for_screen_readers():
    root = render(series("pain-now", [7, 3]), id_prefix="neck")
    assert root.get("aria-labelledby") == "neck-title neck-desc"
    assert root.find("svg:title", NS).get("id") == "neck-title"
    assert root.find("svg:desc", NS).get("id") == "neck-desc"
    assert root.get("font-family")
    default = render(series("pain-now", [7, 3]))
    assert default.get("aria-labelledby") == "trend-title trend-desc"


def test_every_line_is_stroked():
    root = render(series("ppt", [1.8, 2.6]))
    assert all(line.get("stroke") for line in root.findall("svg:line", NS))


def test_tick_labels_sit_on_their_grid_lines_left_of_the_axis():
    root = render(series("pain-now", [7, 3]))
    assert [value for value, _ in ticks(root)] == [0, 2, 4, 6, 8, 10]
    _, _, top, bottom = plot_area(root)
    for value, label_y in ticks(root):
        line_y = bottom - value / 10 * (bottom - top)
        # The label's baseline sits a little under the line, so the text centres on it.
        assert 0 < label_y - line_y < 6


def test_the_axis_label_is_centred_on_the_axis_and_names_the_unit():
    for measure_id, words in [("pain-now", "0-10 scale"), ("ndi", "points (0-50)")]:
        root = render(series(measure_id, [7, 3]))
        _, _, top, bottom = plot_area(root)
        (label,) = [t for t in root.findall("svg:text", NS) if t.get("transform")]
        assert label.text == words
        assert float(label.get("y")) == pytest.approx((top + bottom) / 2)


def test_a_long_series_labels_at_most_six_dates_always_the_first_and_last():
    root = render(series("pain-now", [5] * 20))
    bottom = plot_area(root)[3]
    dates = [
        t.text
        for t in root.findall("svg:text", NS)
        if t.get("text-anchor") == "middle"
        and not t.get("transform")
        and float(t.get("y")) > bottom
    ]
    assert 4 <= len(dates) <= 6
    assert dates[0] == "03 Mar" and dates[-1] == f"{DAY + timedelta(weeks=19):%d %b}"


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["ppt", "ndi", "rom-cervical-flexion"]),
    st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=8),
)
def test_the_value_axis_has_a_few_evenly_spaced_round_ticks_around_the_data(measure_id, fractions):
    limits = {"ppt": 20, "ndi": 50, "rom-cervical-flexion": 180}
    values = [round(f * limits[measure_id], 2) for f in fractions]
    root = render(series(measure_id, values))
    shown = ticks(root)
    tick_values = [value for value, _ in shown]
    assert 2 <= len(tick_values) <= 12
    steps = {round(b - a, 6) for a, b in itertools.pairwise(tick_values)}
    assert len(steps) == 1
    (step,) = steps
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in (1, 2, 2.5, 5)
    # The lowest tick is at or under the data; the axis may stop at the scale's end
    # less than a step above the top tick, but no tick lies beyond the scale.
    assert tick_values[0] <= min(values) and max(values) < tick_values[-1] + step
    assert tick_values[0] >= 0 and tick_values[-1] <= limits[measure_id]
    top = plot_area(root)[2]
    assert all(y > top for _, y in shown)
    # Label positions go up the plot as the values rise, evenly.
    ys = [y for _, y in shown]
    assert all(b < a for a, b in itertools.pairwise(ys))


@pytest.mark.parametrize(
    ("measure_id", "value", "axis", "shaded", "title"),
    [
        ("pain-now", 8, "0-10 scale", "within 2 points of it,", "03 Mar 2025: 8"),
        ("rom-cervical-flexion", 50, "degrees", "within 9.6 degrees of it,", "03 Mar 2025: 50°"),
        ("ndi", 20, "points (0-50)", "within 9.5 points of it,", "03 Mar 2025: 20 points of 50"),
        ("ppt", 2.0, "kg/cm²", "within 0.62 kg/cm² of it,", "03 Mar 2025: 2 kg/cm²"),
    ],
)
def test_the_axis_the_legend_and_each_point_speak_the_measures_unit(
    measure_id, value, axis, shaded, title
):
    root = render(series(measure_id, [value, value]))
    texts = [t.text for t in root.findall("svg:text", NS)]
    assert axis in texts
    assert f"Dashed: first visit. Shaded: {shaded}" in texts
    assert "too small a change to count as meaningful." in texts
    assert circles(root, "visit")[0].find("svg:title", NS).text == title


def test_a_series_of_diary_ratings_only_is_drawn_from_its_first_rating():
    root = render(series("pain-now", [6, 4], diary={0, 1}))
    assert len(circles(root, "diary")) == 2 and not circles(root, "visit")
    baseline = float(root.find("svg:line[@class='baseline']", NS).get("y1"))
    assert baseline == pytest.approx(float(circles(root, "diary")[0].get("cy")))


@pytest.mark.parametrize(
    ("measure_id", "values", "size"),
    [
        ("pain-now", [7, 3], (480, 260)),
        ("ppt", [1.8, 2.6, 3.1], (320, 220)),
        ("ndi", [40], (480, 260)),
    ],
)
def test_every_word_on_the_chart_is_inside_the_view_box(measure_id, values, size):
    root = render(series(measure_id, values), width=size[0], height=size[1])
    for text in root.findall("svg:text", NS):
        assert 0 < float(text.get("x")) < size[0], text.text
        assert 0 < float(text.get("y")) <= size[1], text.text


@pytest.mark.parametrize("count", range(2, 26))
def test_date_labels_start_and_end_the_axis_and_never_crowd_each_other(count):
    root = render(series("pain-now", [5] * count))
    xs = [float(c.get("cx")) for c in circles(root, "visit")]
    labelled = [
        xs.index(float(t.get("x")))
        for t in root.findall("svg:text", NS)
        if t.get("text-anchor") == "middle" and not t.get("transform")
    ]
    assert labelled[0] == 0 and labelled[-1] == count - 1
    assert len(labelled) <= 6
    every = math.ceil(count / 6)
    assert all(b - a >= every for a, b in itertools.pairwise(labelled))


def test_an_axis_that_does_not_start_at_zero_still_spans_the_whole_plot():
    # PPT 10 and 12 kg/cm² with the first visit's band: the axis runs 9-13 in steps of 1.
    root = render(series("ppt", [10, 12]))
    _, _, top, bottom = plot_area(root)
    shown = ticks(root)
    assert [value for value, _ in shown] == [9, 10, 11, 12, 13]
    assert 0 < shown[0][1] - bottom < 6 and 0 < shown[-1][1] - top < 6
    first, second = (float(c.get("cy")) for c in circles(root, "visit"))
    assert first == pytest.approx(bottom - (bottom - top) / 4)
    assert second == pytest.approx(bottom - (bottom - top) * 3 / 4)


@pytest.mark.parametrize(
    ("raw", "decimals", "step"), [(0.05, 0, 1), (0.3, 2, 0.5), (0.2, 1, 0.2), (12.5, 0, 20)]
)
def test_a_tick_step_is_round_and_printable_at_the_measures_precision(raw, decimals, step):
    assert _nice_step(raw, decimals) == pytest.approx(step)

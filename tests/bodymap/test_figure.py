"""The drawing reads as a person: anchors sit where the anatomy is, text reads on a phone."""

import math
import xml.etree.ElementTree as ET
from importlib import resources
from itertools import combinations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point
from shapely.ops import unary_union

from triggerpoint.bodymap.figure import PUPIL
from triggerpoint.bodymap.geometry import FIGURE_HEIGHT, FIGURE_WIDTH, half_figure, mirror
from triggerpoint.bodymap.outline import segments
from triggerpoint.bodymap.regions import fine_regions
from triggerpoint.bodymap.shapes import anchor_point, fine_shapes
from triggerpoint.bodymap.svg import render_svg

SVG = "{http://www.w3.org/2000/svg}"
HEAD_AND_NECK = {101, 102, 103, 104, 105, 106, 201, 202, 203, 204, 205, 206}


def at(region_id):
    return anchor_point(region_id)


def test_the_temple_is_on_the_side_of_the_head_at_eye_level_above_the_ear():
    temple, eye, ear, vertex = at("temple-r"), at("eye-r"), at("ear-r"), at("vertex-r")
    assert temple[0] < eye[0] - 10  # towards the side, beside the eye
    assert abs(temple[1] - eye[1]) <= 12  # at eye level, not on the upper skull
    assert temple[1] < ear[1] and temple[1] > vertex[1] + 25
    assert fine_shapes()["temple-r"].shape.distance(segments().ear) < 8


def test_behind_the_eye_is_on_the_eye():
    assert math.dist(at("eye-r"), PUPIL) < 3


def test_the_jaw_joint_is_in_front_of_the_ear_and_the_angle_of_the_jaw_below_it():
    ear = segments().ear
    tmj, jaw, chin = at("tmj-r"), at("jaw-angle-r"), at("chin-r")
    assert ear.distance(Point(tmj)) < 8 and tmj[0] > ear.bounds[2]
    assert jaw[1] > tmj[1] + 10 and jaw[1] > ear.bounds[3] and jaw[0] < chin[0] - 15
    # The angle lies on the jaw line, at the edge of the face.
    assert half_figure().exterior.distance(Point(jaw)) < 6


def test_behind_the_ear_and_the_upper_back_of_the_neck_sit_below_the_skull():
    ear = mirror(segments().ear)  # the back view's right half shows the client's right
    mastoid, occiput = at("mastoid-r"), at("occiput-r")
    upper, lower = at("upper-back-neck-r"), at("lower-back-neck-r")
    assert ear.distance(Point(mastoid)) < 8 and mastoid[1] > ear.centroid.y
    assert occiput[1] < upper[1] < lower[1]
    shapes = fine_shapes()
    assert shapes["upper-back-neck-r"].shape.intersection(shapes["occiput-r"].shape).length > 5


def test_the_anchor_data_names_exactly_the_regions():
    text = resources.files("triggerpoint.bodymap").joinpath("data/anchors.yaml").read_text()
    bases = {fine.base for fine in fine_regions().values()}
    assert set(yaml.safe_load(text)) == bases


def test_every_region_is_one_piece_big_enough_to_see_on_a_phone():
    # A whole view is at least 175 CSS px wide for 400 units: 100 units^2 is ~19 px^2.
    for region_id, placed in fine_shapes().items():
        assert placed.shape.geom_type == "Polygon", region_id
        assert placed.shape.area >= 100, region_id


# The outline and the cut lines are written to 0.01 units (about 0.005 CSS px), so the
# regions tile the body up to slivers thinner than that; nothing a finger can land in.
TILING_TOLERANCE = 0.01


@settings(max_examples=300, deadline=None)
@given(
    view=st.sampled_from(["front", "back"]),
    x=st.floats(0, FIGURE_WIDTH),
    y=st.floats(0, FIGURE_HEIGHT),
)
def test_a_point_on_the_body_lies_in_exactly_one_region_of_its_view(view, x, y):
    body = half_figure() | mirror(half_figure())
    point = Point(x, y)
    if not body.buffer(-0.3).contains(point):
        return
    of_view = {r: s.shape for r, s in fine_shapes().items() if s.view == view}
    inside = [r for r, shape in of_view.items() if shape.covers(point)]
    if not inside:  # a sliver between two regions: both are within the tolerance
        nearest = sorted(shape.distance(point) for shape in of_view.values())[:2]
        assert nearest[1] < TILING_TOLERANCE
    elif len(inside) > 1:  # on a shared border, or a sliver where two overlap
        for region in inside:
            assert of_view[region].boundary.distance(point) < TILING_TOLERANCE, region


def test_the_regions_of_a_view_tile_the_body_up_to_slivers():
    body = half_figure() | mirror(half_figure())
    for view in ("front", "back"):
        shapes = [s.shape for s in fine_shapes().values() if s.view == view]
        gaps = body.buffer(-0.3).difference(unary_union(shapes))
        assert gaps.buffer(-TILING_TOLERANCE).is_empty, view
        for a, b in combinations(shapes, 2):
            assert a.intersection(b).buffer(-TILING_TOLERANCE).is_empty, view


def font_sizes(root):
    return [float(t.get("font-size")) for t in root.iter(f"{SVG}text")]


def view_box_width(root):
    return float(root.get("viewBox").split()[2])


@pytest.mark.parametrize(
    ("kwargs", "css_px"),
    [
        ({"views": ["front"], "legend": False}, 175),  # front and back side by side
        ({}, 360),  # both views and the legend across a phone
        ({"values": {"temple-r": 6}, "focus": True}, 360),
    ],
)
def test_every_text_is_at_least_12_px_at_its_smallest(kwargs, css_px):
    root = ET.fromstring(render_svg(**kwargs))
    scale = css_px / view_box_width(root)
    assert min(font_sizes(root)) * scale >= 12 - 1e-6


def head_close_up():
    head = [r for r, f in fine_regions().items() if f.choir in HEAD_AND_NECK]
    return ET.fromstring(render_svg(frame=head, id_prefix="head-"))


def test_a_close_up_says_your_right_and_your_left_on_each_view():
    root = head_close_up()
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "side-label"]
    assert labels == ["your right", "your left", "your left", "your right"]
    assert min(font_sizes(root)) * 360 / view_box_width(root) >= 12 - 1e-6


def test_the_head_close_up_names_its_regions_without_labels_covering_each_other():
    root = head_close_up()
    labels = [t for t in root.iter(f"{SVG}text") if t.get("class") == "region-label"]
    words = {t.text for t in labels}
    regions = fine_regions()
    for base in ("temple", "eye", "upper-back-neck", "occiput"):
        assert regions[f"{base}-r"].label in words
    boxes = []
    for t in labels:
        x, y, size = float(t.get("x")), float(t.get("y")), float(t.get("font-size"))
        half = 0.29 * size * len(t.text)
        boxes.append((x - half, y - 0.72 * size, x + half, y + 0.2 * size))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def test_whole_views_draw_no_fine_borders_and_close_ups_do():
    whole = ET.fromstring(render_svg(views=["front"]))
    group = next(g for g in whole.iter(f"{SVG}g") if g.get("class") == "regions")
    assert group.get("stroke") == "none"
    close = head_close_up()
    group = next(g for g in close.iter(f"{SVG}g") if g.get("class") == "regions")
    assert group.get("stroke") not in (None, "none")


def test_the_drawing_around_the_regions_lets_taps_through():
    root = ET.fromstring(render_svg())
    for element in root.iter():
        if (element.get("class") or "") in ("figure-body", "figure-cues", "region-label"):
            assert element.get("pointer-events") == "none"
    cues = [g for g in root.iter(f"{SVG}g") if g.get("class") == "figure-cues"]
    assert len(cues) == 2  # one per view: face and body cues


def test_a_heat_close_up_names_only_the_coloured_regions():
    root = ET.fromstring(render_svg({"temple-r": 7, "occiput-l": 3}, focus=True))
    words = {t.text for t in root.iter(f"{SVG}text") if t.get("class") == "region-label"}
    assert words == {fine_regions()["temple-r"].label, fine_regions()["occiput-l"].label}

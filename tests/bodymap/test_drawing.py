import re
import xml.etree.ElementTree as ET

import pytest
from shapely import STRtree
from shapely.geometry import Point

from triggerpoint.bodymap.choir import BY_CODE
from triggerpoint.bodymap.geometry import part_shapes
from triggerpoint.bodymap.regions import fine_regions
from triggerpoint.bodymap.shapes import anchor_point, fine_shapes
from triggerpoint.bodymap.svg import EMPTY_FILL, heat_colour, render_svg

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def svg_root():
    return ET.fromstring(render_svg({"temple-r": 7, "occiput-r": 4}, markers=["top-of-shoulder-r"]))


def region_paths(root):
    return {p.get("data-region"): p for p in root.iter(f"{SVG}path") if p.get("class") == "region"}


def test_every_fine_region_has_one_path_and_every_path_a_region(svg_root):
    paths = region_paths(svg_root)
    assert set(paths) == set(fine_regions())
    ids = [p.get("id") for p in svg_root.iter(f"{SVG}path") if p.get("id")]
    assert len(ids) == len(set(ids))


def test_paths_carry_their_choir_code(svg_root):
    for region_id, path in region_paths(svg_root).items():
        assert path.get("id") == region_id
        assert int(path.get("data-choir")) == fine_regions()[region_id].choir


def test_paths_are_closed_and_inside_the_view_box(svg_root):
    _, _, width, height = map(float, svg_root.get("viewBox").split())
    for region_id, path in region_paths(svg_root).items():
        d = path.get("d")
        subpaths = [s for s in d.split("M") if s.strip()]
        assert subpaths, region_id
        for sub in subpaths:
            assert sub.rstrip().endswith("Z"), region_id
            points = re.findall(r"(-?[\d.]+),(-?[\d.]+)", sub)
            assert len(points) >= 3, region_id
            for x, y in points:
                assert 0 <= float(x) <= width and 0 <= float(y) <= height, region_id


def test_marked_regions_are_coloured_by_value_and_the_rest_are_not(svg_root):
    paths = region_paths(svg_root)
    assert paths["temple-r"].get("fill") == heat_colour(7)
    assert paths["occiput-r"].get("fill") == heat_colour(4)
    assert paths["temple-l"].get("fill") == EMPTY_FILL


def test_heat_colours_get_darker_as_pain_rises():
    def lightness(colour):
        return sum(int(colour[i : i + 2], 16) for i in (1, 3, 5))

    shades = [lightness(heat_colour(v)) for v in range(1, 11)]
    assert shades == sorted(shades, reverse=True)
    assert len(set(shades)) == 10


def test_the_views_say_which_side_is_the_clients(svg_root):
    labels = [t.text for t in svg_root.iter(f"{SVG}text") if t.get("class") == "side-label"]
    assert labels == ["your right", "your left", "your left", "your right"]


def test_the_legend_runs_from_0_to_10(svg_root):
    legend = next(g for g in svg_root.iter(f"{SVG}g") if g.get("class") == "legend")
    numbers = [t.text for t in legend.iter(f"{SVG}text") if t.text and t.text.isdigit()]
    assert numbers == [str(n) for n in range(11)]


def test_unknown_regions_are_refused_rather_than_dropped():
    with pytest.raises(KeyError, match="tempel-r"):
        render_svg({"tempel-r": 5})


@pytest.mark.parametrize("view", ["front", "back"])
def test_regions_of_a_view_do_not_overlap_and_cover_the_figure(view):
    shapes = [s.shape for s in fine_shapes().values() if s.view == view]
    tree = STRtree(shapes)
    for i, shape in enumerate(shapes):
        for j in tree.query(shape):
            if j > i:
                assert shape.intersection(shapes[j]).area < 0.5
    figure_area = 2 * sum(p.area for p in part_shapes(view).values())
    assert sum(s.area for s in shapes) == pytest.approx(figure_area, rel=1e-3)


def test_each_anchor_lies_inside_its_own_region_on_the_right_view():
    for region_id, placed in fine_shapes().items():
        assert placed.shape.contains(Point(anchor_point(region_id))), region_id
        assert placed.view == BY_CODE[fine_regions()[region_id].choir].view


def test_right_regions_are_on_the_viewers_left_of_the_front_view():
    assert anchor_point("temple-r")[0] < 200 < anchor_point("temple-l")[0]
    assert anchor_point("occiput-l")[0] < 200 < anchor_point("occiput-r")[0]


def test_a_focused_map_shows_a_close_up_of_only_the_views_with_marks():
    root = ET.fromstring(render_svg({"temple-r": 8, "mastoid-r": 3}, focus=True, id_prefix="x-"))
    _, _, width, height = map(float, root.get("viewBox", "").split())
    assert width < 500 and height < 300
    views = [g.get("data-view") for g in root.iter(f"{SVG}g") if g.get("class") == "view"]
    assert views == ["front", "back"]
    only_back = ET.fromstring(render_svg({"occiput-r": 5}, focus=True))
    assert [g.get("data-view") for g in only_back.iter(f"{SVG}g") if g.get("class") == "view"] == [
        "back"
    ]
    clip_ids = {c.get("id") for c in root.iter(f"{SVG}clipPath")}
    assert clip_ids == {"x-clip-front", "x-clip-back"}


def test_focus_without_marks_draws_the_whole_body():
    assert render_svg(focus=True) == render_svg()


def test_a_single_view_map_draws_only_that_views_regions():
    root = ET.fromstring(render_svg(views=["back"]))
    drawn = {p.get("data-region") for p in root.iter(f"{SVG}path") if p.get("class") == "region"}
    assert drawn == {r for r, s in fine_shapes().items() if s.view == "back"}
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "side-label"]
    assert labels == ["your left", "your right"]


def test_a_framed_close_up_draws_the_framed_regions_uncoloured():
    head = [r for r in fine_regions() if fine_regions()[r].choir in (101, 103, 204)]
    root = ET.fromstring(render_svg(frame=head, id_prefix="head-"))
    paths = [p for p in root.iter(f"{SVG}path") if p.get("class") == "region"]
    assert {p.get("data-region") for p in paths} >= set(head)
    assert all(p.get("fill") == EMPTY_FILL for p in paths)
    assert all((p.get("id") or "").startswith("head-") for p in paths)

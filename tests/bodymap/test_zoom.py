"""Zoom frames: every fine region is a full touch target on a 390 px phone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from triggerpoint.bodymap.regions import fine_regions
from triggerpoint.bodymap.shapes import fine_shapes
from triggerpoint.bodymap.zoom import (
    MAX_FRAME_HEIGHT,
    MIN_TARGET,
    frame_height,
    frames,
    home_frames,
    shown_size,
    stacked,
)


def test_every_region_has_exactly_one_home_frame():
    listed = [region for frame in frames() for region in frame.regions]
    assert sorted(listed) == sorted(fine_regions())
    assert set(home_frames()) == set(fine_regions())


def test_every_region_is_at_least_44_px_each_way_in_its_frame():
    small = [
        (frame.id, region, shown_size(frame, region))
        for frame in frames()
        for region in frame.regions
        if min(shown_size(frame, region)) < MIN_TARGET
    ]
    assert not small


def test_a_frame_fits_a_phone_screen_and_holds_its_regions_whole():
    for frame in frames():
        assert frame_height(frame) <= MAX_FRAME_HEIGHT, frame.id
        x, y, width, height = frame.box
        for region in frame.regions:
            x0, y0, x1, y1 = fine_shapes()[region].shape.bounds
            assert x <= x0 and x1 <= x + width and y <= y0 and y1 <= y + height, (frame.id, region)


def test_a_frame_holds_one_side_of_one_view_and_says_which():
    for frame in frames():
        for region in frame.regions:
            assert fine_regions()[region].side == frame.side
            assert fine_shapes()[region].view == frame.view
        assert f"your {frame.side}" in frame.label


def test_the_head_and_neck_frames_hold_the_headache_places():
    home = home_frames()
    assert home["temple-r"].startswith("front-head-neck-r")
    assert home["eye-r"].startswith("front-head-neck-r")
    assert home["upper-back-neck-r"] == "back-head-neck-r-1"
    assert home["lumbar-l"] == "back-trunk-l-1"


@settings(max_examples=60, deadline=None)
@given(
    ids=st.lists(st.sampled_from(sorted(fine_regions())), min_size=1, max_size=20, unique=True),
    limit=st.floats(min_value=10, max_value=400),
)
def test_stacked_frames_hold_each_region_once_and_fit_when_they_can(ids, limit):
    shapes = fine_shapes()
    runs = stacked(ids, limit)
    assert sorted(r for run in runs for r in run) == sorted(ids)
    for run in runs:
        top = min(shapes[r].shape.bounds[1] for r in run)
        bottom = max(shapes[r].shape.bounds[3] for r in run)
        # A run is over the limit only when it is one region taller than the limit.
        assert bottom - top <= limit + 1e-6 or len(run) == 1

"""Left and right come from the same side-neutral entry and mirror each other exactly."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from triggerpoint.atlas.sides import expand_token
from triggerpoint.atlas.validate import base_regions
from triggerpoint.bodymap.regions import mirror


def mirrored(ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(mirror(rid) for rid in ids)


def test_every_point_exists_on_both_sides(atlas):
    sides = {(tp.base, tp.side) for tp in atlas.trigger_points.values()}
    bases = {base for base, _ in sides}
    assert sides == {(b, s) for b in bases for s in ("right", "left")}


def test_the_left_copy_is_the_mirror_of_the_right(atlas):
    for tp in atlas.trigger_points.values():
        if tp.side != "right":
            continue
        left = atlas.trigger_points[f"{tp.base}-l"]
        expected = replace(
            tp,
            id=f"{tp.base}-l",
            side="left",
            location=mirror(tp.location),
            local=mirrored(tp.local),
            essential=mirrored(tp.essential),
            spillover=mirrored(tp.spillover),
        )
        assert left == expected


def test_satellite_edges_mirror_too(atlas):
    def swap(tp_id: str) -> str:
        return tp_id[:-2] + ("-l" if tp_id.endswith("-r") else "-r")

    edges = {(e.key, e.satellite, e.derived) for e in atlas.satellites}
    assert edges == {(swap(k), swap(s), d) for k, s, d in edges}


def test_a_satellite_is_on_the_same_side_as_its_key(atlas):
    for edge in atlas.satellites:
        key, satellite = atlas.trigger_points[edge.key], atlas.trigger_points[edge.satellite]
        assert key.side == satellite.side


@settings(max_examples=60)
@given(
    base=st.sampled_from(sorted(base_regions())),
    marker=st.sampled_from(["", "@other", "@both"]),
)
def test_a_zone_entry_expands_to_mirror_images_on_the_two_sides(base, marker):
    right = expand_token(base + marker, "right")
    left = expand_token(base + marker, "left")
    assert sorted(mirrored(tuple(right))) == sorted(left)


def test_other_means_the_opposite_side(atlas):
    clavicular = atlas.trigger_points["sternocleidomastoid-clavicular-r"]
    assert "forehead-l" in clavicular.spillover
    assert "forehead-r" in clavicular.essential

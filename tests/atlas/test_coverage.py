"""How much of the body the atlas covers, and that what it leaves out is explained."""

from __future__ import annotations

from triggerpoint.atlas.query import NO_REASON, unreferred
from triggerpoint.bodymap.choir import BY_CODE
from triggerpoint.bodymap.regions import fine_regions

# CHOIR parts of the head, neck, shoulder, low back, hip (with buttock and groin) and thigh.
MUST_BE_REACHED = {
    ("front", "cranium"),
    ("front", "face"),
    ("front", "neck"),
    ("front", "shoulder"),
    ("back", "cranium"),
    ("back", "head"),
    ("back", "neck"),
    ("back", "shoulder"),
    ("back", "lower-back"),
    ("front", "hip"),
    ("back", "hip"),
    ("back", "buttock"),
    ("front", "pubic"),
    ("front", "upper-leg"),
    ("back", "upper-leg"),
}

BODY_AREAS = {
    "head-and-jaw",
    "neck",
    "shoulder",
    "arm-and-hand",
    "chest-and-abdomen",
    "back",
    "hip",
    "thigh",
    "leg-and-foot",
}


def test_the_atlas_is_large_enough(atlas):
    assert len(atlas.muscles) >= 60
    assert len(atlas.trigger_points) // 2 >= 100


def test_every_body_area_has_muscles(atlas):
    assert {m.area for m in atlas.muscles.values()} == BODY_AREAS


def test_every_region_of_the_core_areas_is_reached_by_a_referral_zone(atlas):
    referred = atlas.referred_regions()
    required = [
        r.id
        for r in fine_regions().values()
        if (BY_CODE[r.choir].view, BY_CODE[r.choir].part) in MUST_BE_REACHED
    ]
    assert len(required) > 60
    assert [rid for rid in required if rid not in referred] == []


def test_every_unreferred_region_has_a_reason(atlas):
    rows = unreferred(atlas)
    assert all(row["reason"] != NO_REASON for row in rows), rows
    referred = {r.base for r in fine_regions().values() if r.id in atlas.referred_regions()}
    assert not referred & {row["region"] for row in rows}


def test_every_muscle_has_a_stretch_with_a_dosage(atlas):
    for m in atlas.muscles.values():
        assert m.stretches, m.id
        for sid in m.stretches:
            stretch = atlas.stretches[sid]
            assert stretch.hold_seconds > 0 and stretch.repetitions > 0 and stretch.frequency


def test_every_referral_and_edge_names_a_known_source(atlas):
    for tp in atlas.trigger_points.values():
        assert tp.sources and set(tp.sources) <= set(atlas.sources)
    for edge in atlas.satellites:
        assert edge.sources and set(edge.sources) <= set(atlas.sources)

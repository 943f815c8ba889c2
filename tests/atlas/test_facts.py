"""Referral facts (docs/domain.md, "Atlas") that the shipped atlas must keep."""

from __future__ import annotations

import pytest

from triggerpoint.atlas import Atlas


def referral(atlas: Atlas, point_or_muscle: str, zones=("essential",)) -> set[str]:
    """Side-neutral regions that a trigger point (or any point of a muscle) refers to,
    on the right side."""
    points = [
        p
        for p in atlas.trigger_points.values()
        if p.side == "right" and point_or_muscle in (p.base, p.muscle)
    ]
    assert points, point_or_muscle
    return {rid.removesuffix("-r") for p in points for zone in zones for rid in p.zone(zone)}


ESSENTIAL_FACTS = [
    ("upper-trapezius-1", {"temple", "mastoid", "angle-of-neck"}),
    ("quadratus-lumborum", {"greater-trochanter", "si-joint", "iliac-crest", "lower-buttock"}),
    ("sternocleidomastoid-sternal", {"vertex", "occiput", "cheek", "eyebrow", "throat"}),
    ("sternocleidomastoid-clavicular", {"forehead", "ear"}),
    ("gluteus-minimus-anterior", {"lateral-thigh", "outer-leg"}),
    ("soleus-distal", {"heel"}),
    ("soleus", {"si-joint"}),
    ("temporalis", {"temple", "eyebrow", "upper-teeth"}),
    ("masseter-deep", {"tmj", "ear"}),
    ("levator-scapulae", {"angle-of-neck", "medial-scapular-border"}),
    ("suboccipitals", {"occiput", "eye"}),
    ("splenius-capitis", {"vertex"}),
    ("splenius-cervicis", {"eye", "back-of-head", "angle-of-neck"}),
    ("infraspinatus-1", {"front-deltoid", "front-arm"}),
    ("supraspinatus-medial", {"side-deltoid", "lateral-elbow"}),
    ("rhomboids", {"medial-scapular-border"}),
    ("scalenes", {"upper-chest", "medial-scapular-border", "thumb", "index-finger"}),
    ("pectoralis-major-sternal", {"upper-chest", "inner-arm"}),
    ("gluteus-medius", {"iliac-crest", "sacrum", "upper-buttock"}),
    ("piriformis", {"si-joint", "lower-buttock"}),
    ("iliopsoas", {"lumbar", "groin", "front-thigh"}),
    ("sartorius-upper", {"front-thigh"}),  # along the anterior thigh, not the adductors
    ("sartorius-lower", {"medial-knee"}),
]


@pytest.mark.parametrize(("source", "regions"), ESSENTIAL_FACTS)
def test_essential_referral_holds(atlas, source, regions):
    assert regions <= referral(atlas, source)


def test_gluteus_minimus_reaches_down_to_the_ankle_but_not_the_foot(atlas):
    zones = referral(atlas, "gluteus-minimus-anterior", ("essential", "spillover"))
    assert "outer-ankle" in zones
    assert not zones & {"top-of-foot", "heel", "arch", "lesser-toes"}


def test_pectoral_points_spill_to_the_little_finger_side(atlas):
    assert "little-finger" in referral(atlas, "pectoralis-major-sternal", ("spillover",))
    assert "little-finger" in referral(atlas, "pectoralis-minor", ("spillover",))


def test_piriformis_spills_down_the_back_of_the_thigh(atlas):
    assert "back-thigh-upper" in referral(atlas, "piriformis", ("spillover",))


def cited(atlas: Atlas, key: str, satellite: str, side: str = "r") -> list[tuple[str, ...]]:
    return [
        edge.sources
        for edge in atlas.satellites_of(f"{key}-{side}")
        if edge.satellite == f"{satellite}-{side}" and not edge.derived
    ]


@pytest.mark.parametrize(
    ("key", "satellite", "source"),
    [
        ("infraspinatus-1", "deltoid-anterior", "hsieh-2007"),
        ("infraspinatus-1", "extensor-carpi-radialis-longus-1", "hsieh-2007"),
        ("upper-trapezius-1", "temporalis-middle", "ts-v1-1999"),
        ("upper-trapezius-1", "masseter-superficial-lower", "ts-v1-1999"),
        ("upper-trapezius-1", "suboccipitals-1", "ts-v1-1999"),
        ("sternocleidomastoid-sternal", "masseter-superficial-upper", "ts-v1-1999"),
        ("quadratus-lumborum-superficial-low", "gluteus-minimus-anterior", "ts-v2-1992"),
        ("lateral-pterygoid-1", "medial-pterygoid-1", "ts-v1-1999"),
    ],
)
def test_cited_satellite_edge_exists_on_both_sides(atlas, key, satellite, source):
    for side in ("r", "l"):
        sources = cited(atlas, key, satellite, side)
        assert sources and source in sources[0]


def test_upper_trapezius_cites_the_headache_study(atlas):
    assert "fernandez-de-las-penas-2007" in atlas.trigger_points["upper-trapezius-1-r"].sources


def test_infraspinatus_cites_the_clinical_series(atlas):
    assert "kwon-2017" in atlas.trigger_points["infraspinatus-1-l"].sources


def test_iliopsoas_cites_the_delphi_consensus(atlas):
    assert all("cid-2015" in p.sources for p in atlas.muscle_points("iliopsoas"))


def test_sartorius_pain_stays_near_its_points_on_the_front_and_inner_thigh(atlas):
    # Superficial pain along the strap's course, not a distant pattern.
    zones = referral(atlas, "sartorius", ("local", "essential", "spillover"))
    assert zones == {"front-thigh", "inner-thigh", "medial-knee"}

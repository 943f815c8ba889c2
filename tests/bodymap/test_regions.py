from collections import Counter

import pytest

from triggerpoint.bodymap.choir import BY_CODE, CHOIR_REGIONS, FEMALE_TO_MALE
from triggerpoint.bodymap.regions import (
    UnknownRegionError,
    expand,
    fine_regions,
    mirror,
    region,
    resolve,
    roll_up,
)

HEAD_AND_NECK = [
    "temple", "forehead", "eyebrow", "eye", "ear", "tmj", "cheek", "upper-teeth",
    "lower-teeth", "vertex", "occiput", "mastoid", "upper-back-neck", "lower-back-neck",
]  # fmt: skip
TRUNK_AND_LIMBS = [
    "medial-scapular-border", "si-joint", "iliac-crest", "greater-trochanter",
    "lateral-thigh", "heel", "top-of-shoulder", "front-deltoid", "back-deltoid", "lumbar",
]  # fmt: skip


def test_all_74_choir_codes_are_present_once():
    codes = [r.code for r in CHOIR_REGIONS]
    assert len(codes) == 74
    assert Counter(codes).most_common(1)[0][1] == 1
    assert set(codes) == set(range(101, 137)) | set(range(201, 239))


def test_choir_sides_and_views_follow_the_code_table():
    assert BY_CODE[101].side == "right" and BY_CODE[101].view == "front"
    assert BY_CODE[201].side == "left" and BY_CODE[201].view == "back"
    assert BY_CODE[238].part == "foot" and BY_CODE[238].side == "right"
    assert BY_CODE[111].name == "Upper arm (front, right)"


def test_the_female_figure_renumbering_is_a_permutation():
    assert sorted(FEMALE_TO_MALE) == sorted(FEMALE_TO_MALE.values())


def test_there_are_at_least_150_fine_regions_each_inside_one_choir_region():
    regions = fine_regions()
    assert len(regions) >= 150
    for fine in regions.values():
        parent = BY_CODE[fine.choir]
        assert parent.side == fine.side, fine.id
        assert fine.id.endswith("-r" if fine.side == "right" else "-l")


@pytest.mark.parametrize("base", HEAD_AND_NECK + TRUNK_AND_LIMBS)
def test_the_regions_trigger_point_work_needs_exist_on_both_sides(base):
    assert region(f"{base}-r").side == "right"
    assert region(f"{base}-l").side == "left"


def test_every_choir_region_has_at_least_one_fine_region():
    for code in BY_CODE:
        assert expand(code), code


def test_expand_and_roll_up_are_inverse_on_whole_parents():
    for code in BY_CODE:
        assert roll_up(expand(code)) == {code}
    codes = {101, 204, 219, 224}
    whole = {rid for code in codes for rid in expand(code)}
    assert roll_up(whole) == codes
    assert {rid for code in roll_up(whole) for rid in expand(code)} == whole


def test_mirror_of_every_right_region_is_its_left_twin():
    for fine in fine_regions().values():
        twin = region(mirror(fine.id))
        assert twin.base == fine.base
        assert twin.side != fine.side
        assert mirror(twin.id) == fine.id
        assert BY_CODE[twin.choir].part == BY_CODE[fine.choir].part


def test_resolve_takes_a_fine_id_or_a_choir_code():
    assert resolve("temple-r") == ("temple-r",)
    assert set(resolve("101")) == set(expand(101))


def test_unknown_regions_and_codes_are_errors():
    with pytest.raises(UnknownRegionError, match="tempel-r"):
        region("tempel-r")
    with pytest.raises(UnknownRegionError, match="999"):
        expand(999)

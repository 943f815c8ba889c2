import pytest

from triggerpoint.bodymap.lookup import closest_id, lookup


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("left jaw joint", "tmj-l"),
        ("side of the head", "temple-r"),
        ("right behind the eye", "eye-r"),
        ("between the shoulder blades", "medial-scapular-border-r"),
        ("sacroiliac joint left", "si-joint-l"),
        ("tennis elbow", "lateral-elbow-r"),
        ("pinky", "little-finger-r"),
        ("behind the ear", "mastoid-r"),
        ("hip point right", "greater-trochanter-r"),
    ],
)
def test_lookup_finds_regions_from_everyday_words(words, expected):
    assert lookup(words)[0].region_id == expected


@pytest.mark.parametrize(("typo", "expected"), [("tempel", "temple"), ("occiptal", "occiput")])
def test_lookup_tolerates_small_typos(typo, expected):
    assert lookup(typo)[0].region_id.startswith(expected)


def test_a_named_side_narrows_the_matches_to_that_side():
    assert {m.region_id[-2:] for m in lookup("left temple")} == {"-l"}
    assert {m.region_id[-2:] for m in lookup("temple", limit=2)} == {"-r", "-l"}


def test_matches_come_best_first_with_scores():
    scores = [m.score for m in lookup("jaw", limit=5)]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 for s in scores)


def test_nonsense_finds_nothing():
    assert lookup("qwxzv") == []
    assert lookup("left") == []


def test_closest_id_suggests_a_fix_for_a_mistyped_id():
    assert closest_id("tempel-r") == "temple-r"
    assert closest_id("occiput-x") == "occiput-r"

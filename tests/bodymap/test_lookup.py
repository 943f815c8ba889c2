import pytest

from triggerpoint.bodymap.lookup import closest_id, interpret, lookup
from triggerpoint.bodymap.phrases import tokens
from triggerpoint.bodymap.sides import split_side


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("left jaw joint", "tmj-l"),
        ("my right side of the head", "temple-r"),
        ("right behind the eye", "eye-r"),
        ("between the shoulder blades on the right", "medial-scapular-border-r"),
        ("sacroiliac joint left", "si-joint-l"),
        ("tennis elbow L", "lateral-elbow-l"),
        ("pinky, right hand", "little-finger-r"),
        ("behind my left ear", "mastoid-l"),
        ("hip point right", "greater-trochanter-r"),
    ],
)
def test_a_place_with_a_side_is_found(words, expected):
    reading = interpret(words)
    assert reading.status == "found"
    assert reading.regions == (expected,)


@pytest.mark.parametrize(
    ("words", "side"),
    [
        ("my left calf", "left"),
        ("calf on the right", "right"),
        ("calf, right-hand side", "right"),
        ("left hand side of my calf", "left"),
        ("calf (L)", "left"),
        ("R calf", "right"),
        ("rigth calf", "right"),
        ("lfet calf", "left"),
        ("both calves", "both"),
        ("left and right calf", "both"),
        ("calf", None),
        ("tight calf", None),
        ("right above my left knee", "left"),
    ],
)
def test_the_side_is_read_wherever_it_is_written(words, side):
    assert split_side(tokens(words)).side == side


@pytest.mark.parametrize(("typo", "expected"), [("tempel", "temple"), ("occiptal", "occiput")])
def test_small_typos_still_find_the_place(typo, expected):
    reading = interpret(f"{typo} right")
    assert reading.regions == (f"{expected}-r",)


def test_a_place_without_a_side_asks_which_side_and_offers_both():
    reading = interpret("my calf")
    assert reading.status == "side-needed"
    assert reading.regions == ()
    assert [m.region_id for m in reading.candidates] == ["calf-r", "calf-l"]
    assert "which side" in reading.reason


def test_a_midline_place_without_a_side_means_both_halves():
    reading = interpret("my tailbone")
    assert reading.status == "found"
    assert reading.regions == ("tailbone-r", "tailbone-l")


def test_both_sides_named_gives_the_place_on_each_side():
    assert interpret("both knees").regions == ("kneecap-r", "kneecap-l")
    assert interpret("knee, left and right").regions == ("kneecap-r", "kneecap-l")


def test_words_that_name_two_places_are_ambiguous_with_the_candidates_and_why():
    reading = interpret("left hand")
    assert reading.status == "ambiguous"
    assert reading.regions == ()
    assert {m.region_id for m in reading.candidates} == {"palm-l", "back-of-hand-l"}
    assert "'hand' names more than one place" in reading.reason


def test_a_vague_word_lists_the_close_places_instead_of_an_alphabetical_winner():
    reading = interpret("right neck")
    assert reading.status == "ambiguous"
    bases = {m.region_id for m in reading.candidates}
    assert {"side-neck-r", "upper-back-neck-r", "angle-of-neck-r"} <= bases
    assert all(m.region_id.endswith("-r") for m in reading.candidates)


def test_an_ambiguous_phrase_without_a_side_also_asks_for_it():
    assert interpret("neck").reason.endswith("say which side too")


def test_nonsense_and_a_bare_side_find_nothing():
    assert interpret("qwxzv").status == "none"
    assert interpret("left").status == "none"
    assert lookup("qwxzv") == []
    assert lookup("left") == []


def test_lookup_lists_matches_best_first_on_the_named_side_only():
    assert {m.region_id[-2:] for m in lookup("left temple")} == {"-l"}
    assert [m.region_id for m in lookup("temple", limit=2)] == ["temple-r", "temple-l"]
    scores = [m.score for m in lookup("jaw", limit=5)]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 for s in scores)


def test_closest_id_suggests_a_fix_for_a_mistyped_id():
    assert closest_id("tempel-r") == "temple-r"
    assert closest_id("occiput-x") == "occiput-r"


def test_two_places_on_two_sides_are_not_answered_on_either_side():
    reading = interpret("left knee and right hip")
    assert reading.status == "ambiguous"
    assert reading.candidates == () and "one place at a time" in reading.reason


@pytest.mark.parametrize("words", ["knee left and right", "left/right knee", "right & left knee"])
def test_left_and_right_said_together_mean_both(words):
    assert interpret(words).regions == ("kneecap-r", "kneecap-l")


def test_handedness_is_not_a_side():
    assert interpret("left-handed, pain in my right wrist").regions == ("back-wrist-r",)
    assert interpret("I'm left handed, sore thumb").status == "side-needed"


def test_right_before_a_place_word_is_still_the_side_when_no_other_side_is_named():
    assert interpret("right above the knee").regions == ("above-knee-r",)


@pytest.mark.parametrize(
    ("token", "expected"),
    [("jaw-l", "jaw-angle-l"), ("l-heel", "heel-l"), ("left-calf", "calf-l"), ("zzz-r", None)],
)
def test_closest_id_keeps_the_side_of_the_mistyped_id(token, expected):
    assert closest_id(token) == expected


def test_closest_id_never_suggests_the_other_side_for_any_region():
    from triggerpoint.bodymap.regions import fine_regions

    for fine in fine_regions().values():
        for word in (fine.side, fine.side[0], f"{fine.side[0]}t"):
            hint = closest_id(f"{fine.base}x-{word}")
            assert hint is None or hint.endswith(f"-{fine.side[0]}"), (fine.id, word, hint)

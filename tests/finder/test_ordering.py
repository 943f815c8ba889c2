"""The listing order: the likeliest point first, then the points for what is still
unexplained, so a second problem on the drawing is not pushed below the first one's rivals."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from triggerpoint.atlas import load_atlas
from triggerpoint.finder import find
from triggerpoint.finder.ordering import diverse_order

HEAD = {"upper-trapezius", "semispinalis-capitis", "levator-scapulae", "temporalis"}
LOW_BACK = {"gluteus-maximus", "gluteus-medius", "lumbar-multifidi", "piriformis", "longissimus"}


def _muscles(result, n=3):
    atlas = load_atlas()
    return [atlas.trigger_points[c.trigger_point].muscle for c in result.candidates[:n]]


def test_a_headache_and_a_low_back_pattern_each_get_a_point_in_the_first_three():
    # Right neck-angle and mastoid headache (upper trapezius) with right sacrum and upper
    # buttock pain (gluteal and lumbar muscles): by posterior alone the gluteal rivals take
    # the first three places and no headache point is listed among them.
    result = find({"angle-of-neck-r": 6, "mastoid-r": 6, "sacrum-r": 6, "upper-buttock-r": 6})
    first = _muscles(result)
    assert HEAD & set(first), first
    assert LOW_BACK & set(first), first
    assert "upper-trapezius" in first


def test_a_back_of_head_headache_and_buttock_pain_each_get_a_point_in_the_first_three():
    result = find({"eyebrow-r": 6, "back-of-head-r": 6, "lower-buttock-r": 6, "sacrum-r": 6})
    first = _muscles(result)
    assert HEAD & set(first), first
    assert LOW_BACK & set(first), first


def test_the_first_candidate_is_still_the_most_probable_and_probabilities_are_their_own():
    # A forehead and back-of-head headache with sacrum and buttock pain: the headache
    # point is listed before the low back rivals that are each more probable than it.
    drawing = {"eyebrow-r": 6, "back-of-head-r": 6, "lower-buttock-r": 6, "sacrum-r": 6}
    result = find(drawing)
    probabilities = [c.probability for c in result.candidates]
    assert probabilities[0] == max(probabilities)
    assert probabilities != sorted(probabilities, reverse=True)  # the order is not by p


def test_rivals_for_the_same_mark_give_way_to_the_only_source_of_another():
    # Three rivals split mark 0; point 3, less probable, is the only source of mark 1.
    share = np.array([[0.35, 0.0], [0.3, 0.0], [0.3, 0.0], [0.0, 0.6]])
    assert diverse_order(share, [0, 1, 2, 3]) == [0, 3, 1, 2]


def test_nothing_left_to_explain_keeps_the_posterior_order():
    share = np.array([[0.9, 0.9], [0.05, 0.05], [0.04, 0.0]])
    assert diverse_order(share, [0, 1, 2]) == [0, 1, 2]


@given(
    st.integers(1, 8).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(st.floats(0, 1), min_size=3, max_size=3), min_size=n, max_size=n),
            st.permutations(range(n)),
        )
    )
)
def test_the_order_is_a_permutation_that_keeps_the_first(case):
    rows, eligible = case
    order = diverse_order(np.array(rows), eligible)
    assert sorted(order) == sorted(eligible)
    assert order[0] == eligible[0]


def test_no_candidates_give_an_empty_order():
    assert diverse_order(np.zeros((0, 2)), []) == []


def test_a_second_point_of_a_listed_muscle_does_not_displace_another_problem():
    # Points 0 and 1 are one muscle on one side, each for its own mark; point 2 is the
    # only source of a third mark. Examining the muscle covers both of its marks.
    share = np.array([[0.8, 0.0, 0.0], [0.0, 0.6, 0.0], [0.0, 0.0, 0.45]])
    assert diverse_order(share, [0, 1, 2]) == [0, 1, 2]
    assert diverse_order(share, [0, 1, 2], ["ql left", "ql left", "ut right"]) == [0, 2, 1]


def test_a_bilateral_headache_with_a_hip_point_lists_both_sides_in_the_first_three():
    # multi3-bilateral-headache-and-low-back of eval/vignettes.yaml: both upper trapezius
    # points and a quadratus lumborum point, not two quadratus lumborum points.
    result = find(
        {
            "temple-l": 6,
            "angle-of-neck-l": 5,
            "temple-r": 6,
            "angle-of-neck-r": 5,
            "greater-trochanter-r": 7,
            "iliac-crest-r": 5,
        }
    )
    first = {c.trigger_point for c in result.candidates[:3]}
    assert {"upper-trapezius-1-l", "upper-trapezius-1-r"} <= first, first


def test_a_muscle_with_two_points_over_a_mark_claims_the_place_as_one():
    # Point 1 alone holds 0.45 of mark 1; points 2 and 3 are one muscle on one side and
    # together hold 0.55 of it. Weighed point by point the single point wins; examined
    # whole, the muscle does, and its more probable point (2) takes the place.
    share = np.array([[0.9, 0.0], [0.0, 0.45], [0.0, 0.3], [0.0, 0.25]])
    assert diverse_order(share, [0, 1, 2, 3]) == [0, 1, 2, 3]
    muscles = ["vl left", "deltoid right", "supra right", "supra right"]
    assert diverse_order(share, [0, 1, 2, 3], muscles) == [0, 2, 1, 3]


def test_a_listed_muscle_does_not_claim_a_second_place():
    # Point 1 is muscle A's second point. A, examined whole, holds 0.6 of each mark;
    # weighed again against what it leaves (0.48 in all) it would beat muscle B (0.32),
    # but examining A twice finds nothing new, so B's point comes before A's second.
    share = np.array([[0.6, 0.3], [0.0, 0.3], [0.0, 0.8]])
    order = diverse_order(share, [0, 1, 2], ["a left", "a left", "b left"])
    assert order == [0, 2, 1]


def test_a_faint_stray_waits_behind_a_strong_marks_second_source():
    # Mark 0 (intensity 10) is point 0's; mark 1 is a faint stray (2) that only point 1
    # explains; mark 2 (8) is partly point 0's and mostly point 2's. By marks alone the
    # stray's explainer comes second; by intensity the strong mark's source does.
    share = np.array([[0.9, 0.0, 0.3], [0.0, 0.6, 0.0], [0.0, 0.0, 0.6]])
    assert diverse_order(share, [0, 1, 2]) == [0, 1, 2]
    assert diverse_order(share, [0, 1, 2], weights=np.array([1.0, 0.2, 0.8])) == [0, 2, 1]


@given(
    st.integers(1, 8).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(st.floats(0, 1), min_size=3, max_size=3), min_size=n, max_size=n),
            st.permutations(range(n)),
            st.lists(st.sampled_from("abc"), min_size=n, max_size=n),
            st.lists(st.floats(0.05, 1), min_size=3, max_size=3),
        )
    )
)
def test_with_muscles_and_weights_the_order_is_a_permutation_listing_each_muscle_once_first(
    case,
):
    rows, eligible, muscles, weights = case
    order = diverse_order(np.array(rows), eligible, muscles, np.array(weights))
    assert sorted(order) == sorted(eligible)
    assert order[0] == eligible[0]
    # Within one muscle the points keep their posterior order.
    for m in set(muscles):
        mine = [i for i in eligible if muscles[i] == m]
        assert [i for i in order if muscles[i] == m] == mine


def test_a_faint_stray_does_not_take_a_place_from_a_strong_second_problem():
    # A strong right neck-angle and mastoid headache and strong right buttock and sacrum
    # pain, with a faint left heel mark: the heel's explainer (soleus) used to be third,
    # ahead of the low back pattern's own second muscle.
    result = find(
        {"angle-of-neck-r": 8, "mastoid-r": 7, "lower-buttock-r": 7, "sacrum-r": 7, "heel-l": 1}
    )
    first = _muscles(result)
    assert "upper-trapezius" in first
    assert len(LOW_BACK & set(first)) == 2, first
    assert "soleus" in _muscles(result, 5)  # still listed, after the strong patterns

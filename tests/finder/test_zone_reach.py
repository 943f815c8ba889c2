"""Zone reach: a region left unmarked counts less against a point whose referral zone is
large, because people draw part of a big pattern; an answered "no" still counts fully."""

import numpy as np

from triggerpoint.finder import find
from triggerpoint.finder.config import value
from triggerpoint.finder.network import atlas_network, zone_reach


def test_small_zones_keep_full_reach_and_large_ones_get_less():
    size = np.array([1.0, 3.0, 6.0, 12.0])
    reach = zone_reach(size, 3.0, 0.5)
    assert reach[0] == reach[1] == 1.0
    assert 0.0 < reach[3] < reach[2] < 1.0
    np.testing.assert_allclose(reach[2], (3.0 / 6.0) ** 0.5)


def test_no_exponent_is_the_plain_product():
    assert (zone_reach(np.array([2.0, 9.0]), 3.0, 0.0) == 1.0).all()


def test_upper_trapezius_reaches_less_than_a_one_region_point():
    net = atlas_network()
    at = net.index()
    assert net.reach is not None
    assert net.reach[at["upper-trapezius-1-r"]] < 1.0
    assert net.reach[at["popliteus-1-r"]] == 1.0


def test_two_marks_of_the_upper_trapezius_pattern_lead_with_it_beside_a_hip_pattern():
    # The temple and the neck angle are two of upper trapezius' six regions; its other
    # regions left unmarked no longer hand the headache to two smaller patterns at once.
    drawing = {"temple-r": 6, "angle-of-neck-r": 5, "greater-trochanter-l": 7, "iliac-crest-l": 5}
    first_two = {c.muscle for c in find(drawing).candidates[:2]}
    assert first_two == {"upper-trapezius", "quadratus-lumborum"}


def test_an_answered_no_counts_in_full_whatever_the_zone():
    drawing = {"temple-r": 6, "angle-of-neck-r": 5}
    before = find(drawing).candidates[0]
    assert before.muscle == "upper-trapezius"
    after = find(drawing, answered_no=["mastoid-r", "upper-back-neck-r", "eye-r"])
    ut = [c for c in after.candidates if c.trigger_point == before.trigger_point]
    assert not ut or ut[0].probability < before.probability - 0.2
    assert value("answered_no_strength") > value("unmarked_strength")

"""Outcome rules exactly at their edges, where an off-by-one or a flipped `>=` hides.

Written after mutation testing (`make mutation`) showed these edges untested.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from triggerpoint.outcomes import Observation, Series, describe_series
from triggerpoint.outcomes.change import _article
from triggerpoint.outcomes.ndi import MAX_MISSING, SECTIONS, score_ndi
from triggerpoint.outcomes.ppt import ppt_from_trials
from triggerpoint.outcomes.thresholds import THRESHOLDS

NRS = THRESHOLDS["pain-nrs"]
DAY = date(2025, 3, 3)


def test_a_pain_fall_of_exactly_thirty_percent_counts_and_just_under_does_not():
    assert NRS.is_met(1.0, 30.0)
    assert not NRS.is_met(1.0, 29.9)
    assert NRS.is_met(2.0, None) and not NRS.is_met(1.9, None)


def test_fifty_percent_is_substantial_and_just_under_is_not():
    assert NRS.is_substantial(50.0)
    assert not NRS.is_substantial(49.9)
    assert not THRESHOLDS["ppt"].is_substantial(90.0)  # no such tier for the PPT


@pytest.mark.parametrize(
    ("baseline", "smallest"), [(0, 2.0), (1, 0.3), (5, 1.5), (10, 2.0), (-5, 1.5)]
)
def test_the_smallest_change_that_counts_is_the_lesser_of_two_points_and_thirty_percent(
    baseline, smallest
):
    assert NRS.minimal_change(baseline) == pytest.approx(smallest, abs=1e-12)


def test_too_many_missing_ndi_sections_are_refused_and_named():
    answers: list[int | None] = [1] * len(SECTIONS)
    for i in range(MAX_MISSING):
        answers[i] = None
    assert score_ndi(answers).answered == len(SECTIONS) - MAX_MISSING
    answers[MAX_MISSING] = None
    with pytest.raises(ValueError, match=r"\(pain intensity, personal care, lifting\); at most 2"):
        score_ndi(answers)


def test_a_bad_pressure_trial_is_named_by_its_number_from_one():
    with pytest.raises(ValueError, match=r"^trial 2: "):
        ppt_from_trials([3.0, 0.0, 3.0])
    with pytest.raises(ValueError, match=r"^trial 3: "):
        ppt_from_trials([3.0, 3.0, 21.0])


def test_pressure_trials_below_one_and_at_the_limit_are_kept():
    assert ppt_from_trials([0.5, 0.6, 0.7]).mean == pytest.approx(0.6)
    assert ppt_from_trials([20.0, 20.0, 20.0]).mean == pytest.approx(20.0)


@pytest.mark.parametrize(
    ("amount", "article"),
    [
        ("8", "an"),
        ("11", "an"),
        ("11.5", "an"),
        ("18-20", "an"),
        ("11 kg/cm²", "an"),
        ("80°", "an"),
        ("1.8", "a"),
        ("2", "a"),
        ("110", "a"),
    ],
)
def test_the_article_before_a_number_follows_how_it_is_said(amount, article):
    assert _article(amount) == article


def test_no_change_keeps_the_series_and_both_visits():
    visits = (Observation(DAY, 5), Observation(DAY + timedelta(weeks=1), 5))
    pain = Series("pain-average", visits)
    [change] = describe_series(pain)
    assert (change.title, change.measure) == (pain.title, pain.measure)
    assert (change.before, change.after) == visits
    assert change.verdict == "no change" and change.improved is None
    assert change.sentence == "Average pain stayed at 5."


def test_a_change_names_its_series_and_measure():
    pain = Series("pain-average", (Observation(DAY, 6), Observation(DAY + timedelta(weeks=1), 3)))
    [change] = describe_series(pain)
    assert (change.title, change.measure) == (pain.title, pain.measure)


def test_a_small_ppt_rise_is_within_the_measurement_error():
    visits = (Observation(DAY, 2.0), Observation(DAY + timedelta(weeks=1), 2.4))
    [change] = describe_series(Series("ppt", visits, "upper trapezius, right"))
    assert change.verdict == "not meaningful"
    assert change.sentence.endswith("a 0.4 kg/cm² rise, within the 0.62 kg/cm² measurement error.")

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triggerpoint.outcomes import (
    KPA_PER_KG_CM2,
    kg_cm2_to_kpa,
    kg_cm2_to_n_cm2,
    kpa_to_kg_cm2,
    ppt_from_trials,
)


def test_one_kg_per_square_centimetre_is_98_07_kpa():
    assert round(kg_cm2_to_kpa(1), 2) == 98.07
    assert pytest.approx(9.80665 * 10) == KPA_PER_KG_CM2  # 1 kgf / 1 cm² in kPa
    assert kg_cm2_to_n_cm2(1) == pytest.approx(9.80665)


@given(st.floats(0.01, 20))
def test_converting_to_kpa_and_back_returns_the_value(value):
    assert kpa_to_kg_cm2(kg_cm2_to_kpa(value)) == pytest.approx(value)


def test_the_threshold_is_the_mean_of_three_trials():
    reading = ppt_from_trials([2.0, 2.4, 2.2], site="upper trapezius, right")
    assert reading.mean == pytest.approx(2.2)
    assert reading.kpa == pytest.approx(2.2 * 98.0665)
    assert reading.spread == pytest.approx(0.4)
    assert reading.site == "upper trapezius, right"


def test_trials_in_kpa_are_stored_in_kg_per_square_centimetre():
    reading = ppt_from_trials([196.133, 196.133, 196.133], unit="kPa")
    assert reading.mean == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("trials", "message"),
    [
        ([2.0, 2.1], "needs 3 trials"),
        ([2.0, 2.1, 2.2, 2.3], "needs 3 trials"),
        ([2.0, 0.0, 2.2], "above 0"),
        ([2.0, -1.0, 2.2], "above 0"),
        ([2.0, math.nan, 2.2], "not a number"),
        ([2.0, True, 2.2], "not a number"),
        ([2.0, "2.1", 2.2], "not a number"),
        ([2.0, 25.0, 2.2], "plausibility limit"),
    ],
)
def test_implausible_trials_are_refused_naming_the_trial(trials, message):
    with pytest.raises(ValueError, match=message):
        ppt_from_trials(trials)


def test_an_unknown_pressure_unit_is_refused():
    with pytest.raises(ValueError, match="kg/cm2 or kPa"):
        ppt_from_trials([2, 2, 2], unit="psi")  # type: ignore[arg-type]

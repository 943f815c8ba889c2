from datetime import date, timedelta

import pytest

from triggerpoint.outcomes import (
    MEASURES,
    SOURCES,
    THRESHOLDS,
    Observation,
    Pgic,
    Series,
    UnknownMeasureError,
    describe_series,
    measure,
)

DAY = date(2025, 3, 3)


def series(measure_id, *values, site=None):
    visits = tuple(Observation(DAY + timedelta(weeks=i), v) for i, v in enumerate(values))
    return Series(measure_id, visits, site)


def verdict(measure_id, before, after):
    return describe_series(series(measure_id, before, after))[0].verdict


# Pain NRS: >= 2 points or >= 30% (Farrar 2001); >= 50% substantial (IMMPACT).
@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (10, 9, "not meaningful"),  # 1 point, 10%
        (10, 8, "meaningful"),  # exactly 2 points (20%)
        (10, 7, "meaningful"),  # 3 points, exactly 30%
        (3, 2, "meaningful"),  # 1 point but 33%
        (4, 3, "not meaningful"),  # 1 point, 25%: just below 30%
        (10, 6, "meaningful"),  # 40%: just below 50%
        (10, 5, "substantial"),  # exactly 50%
        (10, 4, "substantial"),  # 60%
        (5, 5, "no change"),
        (0, 1, "not meaningful"),  # no percentage from 0; 1 point is too small
        (0, 2, "meaningful"),  # only the points rule applies, so never "substantial"
    ],
)
def test_pain_thresholds_at_just_below_and_just_above(before, after, expected):
    assert verdict("pain-now", before, after) == expected


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [(2.0, 2.61, "not meaningful"), (2.0, 2.62, "meaningful"), (2.0, 2.63, "meaningful"),
     (3.3, 2.68, "meaningful"), (3.3, 2.69, "not meaningful")],
)  # fmt: skip
def test_ppt_counts_beyond_the_0_62_measurement_error(before, after, expected):
    assert verdict("ppt", before, after) == expected


@pytest.mark.parametrize(
    ("after", "expected"), [(59, "not meaningful"), (59.6, "meaningful"), (60, "meaningful")]
)
def test_cervical_rom_counts_beyond_the_9_6_degree_measurement_error(after, expected):
    assert verdict("rom-cervical-rotation-right", 50, after) == expected


@pytest.mark.parametrize(
    ("after", "expected"), [(11, "not meaningful"), (10.5, "meaningful"), (10, "meaningful")]
)
def test_ndi_counts_a_change_of_9_5_points(after, expected):
    assert verdict("ndi", 20, after) == expected


def test_the_plain_words_for_a_substantial_fall_in_pain():
    change = describe_series(series("pain-now", 7, 3))[0]
    assert (
        change.sentence == "Pain now fell from 7 to 3: a 4-point (57%) drop, a substantial change."
    )
    assert change.improved is True
    assert change.difference == -4
    assert change.percent == pytest.approx(400 / 7)


def test_the_plain_words_for_a_small_fall_say_what_would_count():
    [change] = describe_series(series("pain-average", 5, 4))
    assert change.sentence == (
        "Average pain fell from 5 to 4: a 1-point (20%) drop, "
        "less than the 2 points or 30% that counts as meaningful."
    )


def test_a_rise_in_pain_is_called_a_worsening():
    [change] = describe_series(series("pain-worst", 3, 6))
    assert change.improved is False
    assert change.sentence.endswith("a 3-point (100%) rise, a substantial worsening.")


def test_a_rise_in_ppt_is_an_improvement_beyond_measurement_error():
    [change] = describe_series(series("ppt", 1.8, 2.6, site="upper trapezius, right"))
    assert change.improved is True
    assert change.sentence == (
        "Pressure pain threshold (upper trapezius, right) rose from 1.8 to 2.6 kg/cm²: "
        "a 0.8 kg/cm² rise, beyond the 0.62 kg/cm² measurement error: a real change."
    )


def test_range_of_motion_speaks_of_degrees_gained():
    [change] = describe_series(series("rom-cervical-rotation-left", 55, 73))
    assert change.sentence.startswith(
        "Cervical rotation to the left rose from 55° to 73°: an 18° gain, beyond the 9.6°"
    )


def test_ndi_sentences_give_points_and_percent():
    [change] = describe_series(series("ndi", 20, 12))
    assert change.sentence == (
        "Neck Disability Index fell from 20 to 12 points of 50 (40% to 24%): an 8-point drop, "
        "less than the 9.5 points that counts as meaningful."
    )


def test_changes_can_be_read_against_the_first_or_the_previous_visit():
    visits = series("pain-now", 7, 6, 5, 3)
    assert [c.verdict for c in describe_series(visits)] == [
        "not meaningful", "meaningful", "substantial",
    ]  # fmt: skip
    assert [c.verdict for c in describe_series(visits, against="previous")] == [
        "not meaningful", "not meaningful", "meaningful",
    ]  # fmt: skip


def test_a_single_visit_has_no_change_to_describe():
    assert describe_series(series("pain-now", 5)) == []


@pytest.mark.parametrize(
    ("measure_id", "values", "message"),
    [
        ("pain-now", (11,), "outside 0-10"),
        ("ndi", (-1,), "outside 0-50"),
        ("pain-now", (), "at least one visit"),
    ],
)
def test_a_series_refuses_values_outside_the_measures_range(measure_id, values, message):
    with pytest.raises(ValueError, match=message):
        series(measure_id, *values)


def test_a_series_needs_its_visits_in_date_order():
    visits = (Observation(DAY, 5), Observation(DAY - timedelta(days=1), 4))
    with pytest.raises(ValueError, match="date order"):
        Series("pain-now", visits)


def test_an_unknown_measure_names_the_known_ones():
    with pytest.raises(UnknownMeasureError, match="pain-now"):
        measure("pain-yesterday")


def test_pain_measures_carry_the_nrs_loinc_code_and_every_threshold_cites_a_source():
    assert {measure(f"pain-{k}").loinc for k in ("now", "worst", "average")} == {"72514-3"}
    for item in MEASURES.values():
        threshold = THRESHOLDS[item.threshold]
        assert threshold.sources and all(s in SOURCES for s in threshold.sources)
        assert threshold.note


def test_six_cervical_movements_are_measured_in_degrees():
    movements = [m for m in MEASURES.values() if m.id.startswith("rom-cervical")]
    assert len(movements) == 6
    assert {m.unit for m in movements} == {"°"}


@pytest.mark.parametrize(("rating", "important"), [(1, True), (2, True), (3, False), (7, False)])
def test_pgic_counts_much_or_very_much_improved_as_important(rating, important):
    assert Pgic(rating).important_improvement is important
    assert ("clinically important" in Pgic(rating).sentence()) is important


@pytest.mark.parametrize("rating", [0, 8, True])
def test_pgic_ratings_outside_1_to_7_are_refused(rating):
    with pytest.raises(ValueError, match="1-7"):
        Pgic(rating)

import pytest

from triggerpoint.outcomes import score_ndi


def test_all_zero_is_no_disability_and_all_five_is_complete():
    none = score_ndi([0] * 10)
    full = score_ndi([5] * 10)
    assert (none.points, none.percent, none.band) == (0, 0, "no disability")
    assert (full.points, full.percent, full.band) == (50, 100, "complete disability")


def test_the_percent_is_twice_the_points():
    score = score_ndi([2, 1, 2, 1, 3, 1, 2, 0, 2, 2])
    assert (score.points, score.percent) == (16, 32)


def test_one_section_left_out_is_scored_over_the_answered_sections():
    score = score_ndi([2, 1, 2, 1, 3, 1, 2, None, 2, 2])
    assert score.points == pytest.approx(16 * 50 / 45)
    assert round(score.percent, 1) == 35.6
    assert score.missing == ("driving",)
    assert score.answered == 9


def test_two_sections_left_out_are_still_scored_and_three_are_not():
    assert score_ndi([1] * 8 + [None, None]).points == pytest.approx(10)
    with pytest.raises(ValueError, match="3 sections missing"):
        score_ndi([1] * 7 + [None] * 3)


@pytest.mark.parametrize(
    ("points", "band"),
    [
        (4, "no disability"),
        (5, "mild disability"),
        (14, "mild disability"),
        (15, "moderate disability"),
        (24, "moderate disability"),
        (25, "severe disability"),
        (34, "severe disability"),
        (35, "complete disability"),
    ],
)
def test_severity_bands_change_at_5_15_25_and_35_points(points, band):
    answers = [5] * (points // 5) + [points % 5] + [0] * 10
    assert score_ndi(answers[:10]).band == band


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ([0] * 9, "10 sections"),
        ([0] * 11, "10 sections"),
        ([6] + [0] * 9, "0-5"),
        ([-1] + [0] * 9, "0-5"),
        ([True] + [0] * 9, "0-5"),
        ([2.5] + [0] * 9, "0-5"),
    ],
)
def test_malformed_answers_are_refused(answers, message):
    with pytest.raises(ValueError, match=message):
        score_ndi(answers)

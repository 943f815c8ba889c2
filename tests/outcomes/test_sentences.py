"""The sentences the client's record and report print about a measure, word for word.

These are read by the client and by whoever receives the report, so the case of a
label or a stray character is visible; the numbers behind them are tested elsewhere.
"""

import pytest

from triggerpoint.outcomes import Pgic


@pytest.mark.parametrize(
    ("rating", "sentence"),
    [
        (
            1,
            "The client rates the change as very much improved: "
            "a clinically important improvement.",
        ),
        (2, "The client rates the change as much improved: a clinically important improvement."),
        (4, "The client rates the change as no change."),
        (7, "The client rates the change as very much worse."),
    ],
)
def test_the_pgic_sentence_names_the_rating_in_lower_case(rating, sentence):
    assert Pgic(rating).sentence() == sentence

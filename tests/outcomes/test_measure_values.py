"""What a measure accepts and how its numbers are printed and its errors worded."""

import pytest

from triggerpoint.outcomes import UnknownMeasureError, measure
from triggerpoint.outcomes.measures import format_number


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [(2.10, 2, "2.1"), (3.0, 2, "3"), (20, 0, "20"), (0.625, 2, "0.62"), (-0.001, 2, "0")],
)
def test_numbers_are_printed_without_trailing_zeros_or_a_minus_zero(value, decimals, text):
    assert format_number(value, decimals) == text


@pytest.mark.parametrize("value", ["3", None, [3]])
def test_a_value_that_is_not_a_number_is_refused_in_words(value):
    with pytest.raises(ValueError, match=r"^Pain now: .* is not a number$"):
        measure("pain-now").validate(value)


def test_an_unknown_measure_lists_the_known_ones():
    with pytest.raises(UnknownMeasureError) as raised:
        measure("pain-yesterday")
    message = str(raised.value)
    assert message.startswith("unknown measure 'pain-yesterday' (known: pain-now, pain-worst, ")
    assert message.endswith(", ndi)")

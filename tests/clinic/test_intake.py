"""What a stored pain drawing may hold."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from triggerpoint.bodymap.regions import expand, fine_regions
from triggerpoint.clinic.treatment.intake import QUALITIES, clean_marks, heat_values, parse_drawing

REGIONS = sorted(fine_regions())

marks = st.lists(
    st.fixed_dictionaries(
        {
            "region": st.sampled_from(REGIONS),
            "intensity": st.integers(0, 10),
            "quality": st.sampled_from(sorted(QUALITIES)),
        }
    ),
    max_size=20,
)


@settings(max_examples=60, deadline=None)
@given(marks)
def test_clean_marks_keeps_one_mark_per_region_the_last_one_drawn(raw):
    cleaned = clean_marks(raw)
    assert len({m["region"] for m in cleaned}) == len(cleaned)
    last = {m["region"]: m for m in raw}
    assert {m["region"]: m for m in cleaned} == last
    assert clean_marks(cleaned) == cleaned


def test_a_choir_code_stands_for_every_fine_region_inside_it():
    cleaned = clean_marks([{"region": "101", "intensity": 4}])
    assert {m["region"] for m in cleaned} == set(expand(101))
    assert {m["quality"] for m in cleaned} == {"aching"}


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("temple-r", "must be a list"),
        (["temple-r"], "not an object"),
        ([{"intensity": 3}], "names no region"),
        ([{"region": "temple"}], "not a body region"),
        ([{"region": "temple-r", "intensity": 11}], "between 0 and 10"),
        ([{"region": "temple-r", "intensity": 2.5}], "whole number"),
        ([{"region": "temple-r", "intensity": True}], "whole number"),
        ([{"region": "temple-r", "intensity": 2, "quality": "tickly"}], "not a pain quality"),
        ([{"region": "temple-r", "intensity": 2}] * 300, "at most"),
    ],
)
def test_a_bad_drawing_is_refused_with_the_reason(raw, reason):
    with pytest.raises(ValidationError, match=reason):
        clean_marks(raw)


def test_a_posted_drawing_is_read_from_json():
    text = '{"marks": [{"region": "occiput-l", "intensity": 6, "quality": "dull"}]}'
    assert heat_values(parse_drawing(text)) == {"occiput-l": 6.0}
    for bad in ("", "[]", "{", '{"marks": 3}', "x" * 60_000):
        with pytest.raises(ValidationError):
            parse_drawing(bad)


@pytest.mark.django_db
def test_the_model_refuses_marks_that_do_not_validate(world):
    from triggerpoint.clinic.models import PainDrawing

    drawing = PainDrawing(client=world.client_a, marks=[{"region": "nowhere", "intensity": 1}])
    with pytest.raises(ValidationError):
        drawing.full_clean()

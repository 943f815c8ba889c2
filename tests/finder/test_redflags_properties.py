"""Invariants of the red-flag rules over arbitrary drawings (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from triggerpoint.bodymap.choir import CHOIR_REGIONS
from triggerpoint.bodymap.regions import fine_regions
from triggerpoint.finder.config import QUALITIES
from triggerpoint.finder.redflags import evaluate
from triggerpoint.finder.redflags.symptoms import SYMPTOMS
from triggerpoint.finder.result import LEVELS, NO_PRESSING

TOKENS = sorted(fine_regions()) + [str(r.code) for r in CHOIR_REGIONS]
drawings = st.dictionaries(
    st.sampled_from(TOKENS), st.floats(min_value=0.5, max_value=10), max_size=12
)
answers = st.dictionaries(st.sampled_from([s.id for s in SYMPTOMS]), st.booleans())


@st.composite
def cases(draw):
    marks = draw(drawings)
    qualities = {t: draw(st.sampled_from(QUALITIES)) for t in marks if draw(st.booleans())}
    return marks, qualities, draw(answers)


@settings(max_examples=150, deadline=None)
@given(cases())
def test_every_flag_is_complete_and_the_most_urgent_comes_first(case):
    marks, qualities, symptoms = case
    flags = evaluate(marks, qualities, symptoms, {})
    assert [LEVELS.index(f.level) for f in flags] == sorted(LEVELS.index(f.level) for f in flags)
    for flag in flags:
        assert flag.rule and flag.message and flag.action and flag.source
        assert flag.message[0].isupper() and flag.message.endswith(".")
    assert len({f.rule for f in flags}) == len(flags)


@settings(max_examples=150, deadline=None)
@given(cases(), drawings)
def test_more_pain_never_takes_a_red_flag_away(case, more):
    marks, qualities, symptoms = case
    before = {f.rule for f in evaluate(marks, qualities, symptoms, {})}
    after = {f.rule for f in evaluate({**more, **marks}, qualities, symptoms, {})}
    assert before <= after


@settings(max_examples=100, deadline=None)
@given(drawings, answers)
def test_a_yes_to_an_emergency_symptom_always_blocks_pressing(marks, symptoms):
    flags = evaluate(marks, {}, {**symptoms, "bladder-bowel": True}, {})
    assert flags[0].level in NO_PRESSING

"""Invariants of the look-up over every known phrase and every way of naming a side."""

from hypothesis import given, settings
from hypothesis import strategies as st

from triggerpoint.bodymap.lookup import Reading, interpret
from triggerpoint.bodymap.phrases import region_phrases, vocabulary
from triggerpoint.bodymap.regions import region

PHRASES = sorted({p.text for rows in region_phrases().values() for p in rows})
SIDE_WORDS = {
    side: sorted(w for w, s in vocabulary().side_words.items() if s == side)
    for side in ("left", "right")
}
FORMS = [
    "{side} {place}",
    "my {side} {place}",
    "{place} on the {side}",
    "{place}, {side} side",
    "{side}-hand side of my {place}",
    "{place} ({side})",
    "pain in the {place} {side}",
    "{side} side of the {place}",
]


def _offered(reading: Reading) -> set[str]:
    return set(reading.regions) | {m.region_id for m in reading.candidates}


def _answer(reading: Reading) -> tuple[object, ...]:
    return reading.status, reading.regions, tuple(m.region_id for m in reading.candidates)


@settings(max_examples=150, deadline=None)
@given(
    place=st.sampled_from(PHRASES),
    side=st.sampled_from(["left", "right"]),
    data=st.data(),
    form=st.sampled_from(FORMS),
)
def test_a_named_side_never_gets_the_other_side(place, side, data, form):
    word = data.draw(st.sampled_from(SIDE_WORDS[side]))
    reading = interpret(form.format(side=word, place=place))
    assert {region(r).side for r in _offered(reading)} <= {side}


@settings(max_examples=150, deadline=None)
@given(
    place=st.sampled_from(PHRASES),
    side=st.sampled_from(["left", "right", "L", "R", ""]),
    before=st.sampled_from(["my ", "the ", "My ", "  "]),
    after=st.sampled_from(["", "!", ".", "?!", " ...", ","]),
)
def test_my_the_case_and_punctuation_do_not_change_the_answer(place, side, before, after):
    plain = interpret(f"{side} {place}")
    dressed = interpret(f"{before}{side.upper()} {place.upper()}{after}")
    assert _answer(plain) == _answer(dressed)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_any_text_gets_an_answer_and_a_reason(text):
    reading = interpret(text)
    assert reading.status in ("found", "side-needed", "ambiguous", "none")
    assert reading.reason
    if reading.status == "found":
        assert reading.regions
    if reading.status == "none":
        assert not reading.candidates


@settings(max_examples=100, deadline=None)
@given(place=st.sampled_from(PHRASES))
def test_both_sides_named_offers_each_place_on_both_sides(place):
    reading = interpret(f"both sides, {place}")
    offered = _offered(reading)
    bases = {region(r).base for r in offered}
    assert offered == {f"{b}-{s}" for b in bases for s in "rl"}


FILLER = ["my", "the", "pain", "really", "sore", "in", "on", "it", "hurts", ",", "!"]


@settings(max_examples=150, deadline=None)
@given(
    place=st.sampled_from(PHRASES),
    side=st.sampled_from(["left", "right"]),
    data=st.data(),
)
def test_a_side_word_anywhere_among_filler_never_gets_the_other_side(place, side, data):
    words = place.split()
    for _ in range(data.draw(st.integers(0, 3))):
        words.insert(data.draw(st.integers(0, len(words))), data.draw(st.sampled_from(FILLER)))
    word = data.draw(st.sampled_from(SIDE_WORDS[side]))
    words.insert(data.draw(st.integers(0, len(words))), word)
    reading = interpret(" ".join(words))
    assert {region(r).side for r in _offered(reading)} <= {side}

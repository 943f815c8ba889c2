"""The finder's answer: chains, shares, questions and flags."""

import pytest

from triggerpoint.finder import DrawingError, find
from triggerpoint.finder.config import value
from triggerpoint.finder.explain import _often

CLASSIC_CHAIN = [
    "si-joint-r",
    "iliac-crest-r",
    "greater-trochanter-r",
    "lateral-thigh-r",
    "outer-leg-r",
]


def marks(*regions, intensity=5.0):
    return dict.fromkeys(regions, intensity)


def test_the_classic_chain_is_quadratus_lumborum_keying_gluteus_minimus():
    result = find(marks(*CLASSIC_CHAIN))
    chains = [chain for e in result.explanations[:3] for chain in e.chains]
    assert any(
        key.startswith("quadratus-lumborum")
        and key.endswith("-r")
        and satellite.startswith("gluteus-minimus")
        and satellite.endswith("-r")
        for key, satellite in chains
    )
    roles = {c.trigger_point: c.role for c in result.candidates}
    assert "key" in [roles[k] for k, _ in chains if k in roles]


def test_candidates_carry_where_to_press_and_what_confirms():
    result = find(marks(*CLASSIC_CHAIN))
    for candidate in result.candidates:
        assert candidate.find_it
        assert "recognises" in candidate.confirm
    probabilities = [c.probability for c in result.candidates]
    assert probabilities[0] == max(probabilities)  # later ones follow finder.ordering


def test_shares_of_a_marked_region_never_exceed_the_whole():
    result = find(marks("temple-r", "angle-of-neck-r", "mastoid-r"))
    for region in ("temple-r", "angle-of-neck-r", "mastoid-r"):
        assert sum(c.explains.get(region, 0.0) for c in result.candidates) <= 1.0 + 1e-9


def test_a_tension_headache_pattern_leads_with_upper_trapezius():
    result = find(marks("temple-r", "angle-of-neck-r", "mastoid-r", "eye-r"))
    assert result.candidates[0].trigger_point.startswith("upper-trapezius")


def test_it_asks_about_regions_the_leaders_predict_but_were_not_marked():
    result = find(marks("temple-r", "angle-of-neck-r", "mastoid-r", "eye-r"))
    assert result.ask_about
    assert not set(result.ask_about) & {"temple-r", "angle-of-neck-r", "mastoid-r", "eye-r"}


def test_the_next_question_is_an_unmarked_region_with_a_reason():
    drawing = marks(*CLASSIC_CHAIN)
    question = find(drawing).next_question
    assert question is not None
    assert question.region not in drawing
    assert "yes" in question.why
    assert question.prompt.startswith("Do you also feel pain ")
    assert "your right" in question.prompt or "on the right" in question.prompt
    assert question.prompt.endswith("?")


def test_an_answered_no_is_not_asked_again():
    drawing = marks(*CLASSIC_CHAIN)
    first = find(drawing).next_question
    assert first is not None
    second = find(drawing, answered_no=[first.region]).next_question
    assert second is None or second.region != first.region


def test_widespread_pain_is_flagged_and_not_forced_into_a_point():
    drawing = marks(
        "top-of-shoulder-r",
        "top-of-shoulder-l",
        "lumbar-r",
        "front-thigh-l",
        "front-thigh-r",
        "calf-l",
        "calf-r",
        "front-arm-l",
        "front-arm-r",
        "upper-chest-r",
    )
    codes = [f.code for f in find(drawing).flags]
    assert "widespread" in codes


def test_a_local_pattern_is_not_widespread():
    codes = [f.code for f in find(marks(*CLASSIC_CHAIN)).flags]
    assert codes == []


def test_chest_with_left_arm_pain_says_rule_out_the_heart_first():
    flags = find(marks("sternum-r", "upper-chest-l", "inner-arm-l")).flags
    refer = [f for f in flags if f.code == "refer"]
    assert refer and "heart" in refer[0].message


def test_chest_with_jaw_pain_is_also_a_cardiac_pattern():
    flags = find(marks("breast-l", "jaw-angle-l")).flags
    assert any(f.code == "refer" for f in flags)


def test_sharp_or_numb_pain_refers():
    flags = find(marks("calf-r"), qualities={"calf-r": "numb"}).flags
    assert [f.code for f in flags] == ["refer"]


def test_aching_pain_does_not_refer():
    assert find(marks("calf-r"), qualities={"calf-r": "aching"}).flags == ()


def test_pain_no_trigger_point_refers_to_is_unexplained():
    # No atlas point refers to the armpit itself.
    result = find(marks("armpit-r", "calf-r", intensity=8.0))
    assert "armpit-r" in result.unexplained
    assert any(f.code == "unexplained" for f in result.flags)


def test_a_well_explained_drawing_has_nothing_unexplained():
    result = find(marks("temple-r", "angle-of-neck-r", "mastoid-r", "eye-r"))
    assert result.unexplained == ()


def test_a_quality_on_an_unmarked_region_is_an_error_not_a_flag():
    with pytest.raises(DrawingError, match="a quality needs a mark"):
        find(marks("calf-r"), qualities={"heel-r": "sharp"})
    with pytest.raises(DrawingError, match="a quality needs a mark"):
        find({"calf-r": 5.0, "heel-r": 0.0}, qualities={"heel-r": "sharp"})


def test_an_unknown_symptom_is_an_error():
    with pytest.raises(DrawingError, match="unknown symptom 'dizzy'"):
        find(marks("calf-r"), symptoms={"dizzy": True})


def test_a_fever_answer_flags_the_result_urgent_with_no_pressing_guidance():
    result = find(marks("lumbar-r"), symptoms={"fever": True})
    assert [f.rule for f in result.flags] == ["fever"]
    assert not result.show_press_first


@pytest.mark.parametrize("marks", [{}, {"temple-r": 0.0, "occiput-l": 0.0}])
def test_a_drawing_with_every_intensity_zero_has_nothing_to_rank(marks):
    with pytest.raises(DrawingError, match="0 marks"):
        find(marks)


def test_the_next_questions_gain_is_a_fraction_of_a_bit_worth_asking():
    """One yes/no answer tells at most one bit; the finder only asks when it tells enough."""
    question = find(marks(*CLASSIC_CHAIN)).next_question
    assert question is not None
    assert isinstance(question.gain, float)
    assert value("min_information_gain") <= question.gain < 1.0


def test_the_words_for_how_often_a_point_refers_follow_its_zones():
    """A region in a point's spillover zone is "sometimes", in its essential zone "often",
    outside every zone "never" (the words of the question's reason)."""
    assert _often(0.0) == "never"
    assert _often(value("link_spillover")) == "sometimes"
    assert _often(value("link_essential")) == "often"
    assert _often(value("link_spillover") / 2) == "rarely"
    assert _often(value("link_mirror") * value("link_essential")) == "rarely"

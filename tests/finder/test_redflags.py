"""Every red-flag rule with positive and negative cases, each naming its source.

Sources:
- gulati-2021: 2021 AHA/ACC chest pain guideline (Circulation 144:e368): pain in the
  chest, shoulders, arms, neck, back, upper abdomen or jaw is an anginal equivalent;
  ischaemia can present without chest pain.
- nice-cg95: NICE CG95, chest pain of recent onset: angina is brought on by exertion.
- bogduk-2009: Pain 147:17, radicular pain is shooting/electric along a limb.
- wolfe-2016: 2016 ACR fibromyalgia criteria, generalized pain in >= 4 of 5 regions,
  jaw, chest and abdomen not counted for the regions.
- finucane-2020: IFOMPT international framework for red flags (JOSPT 50:350).
"""

from __future__ import annotations

import pytest

from triggerpoint.finder import find
from triggerpoint.finder.redflags import evaluate, rules, safety_questions, sites
from triggerpoint.finder.redflags.symptoms import SYMPTOMS
from triggerpoint.finder.result import LEVELS


def marks(*regions: str, intensity: float = 5.0) -> dict[str, float]:
    return dict.fromkeys(regions, intensity)


def rule_names(drawing, qualities=None, symptoms=None) -> list[str]:
    return [f.rule for f in evaluate(drawing, qualities or {}, symptoms or {}, {})]


# (source, drawing) that must raise the cardiac flag: the measured misses of issue 10
# first, then the guideline's other sites.
CARDIAC_POSITIVE = [
    ("gulati-2021", ("sternum-l", "front-deltoid-l")),  # chest + left shoulder
    ("gulati-2021", ("sternum-r", "throat-r")),  # chest + throat
    ("gulati-2021", ("sternum-l", "interscapular-l")),  # chest + between the shoulder blades
    ("gulati-2021", ("upper-abdomen-l", "inner-arm-l")),  # upper abdomen + left inner arm
    ("gulati-2021", ("inner-arm-l", "jaw-angle-l", "interscapular-l")),  # no chest pain
    ("gulati-2021", ("sternum-r", "upper-chest-l", "inner-arm-l")),  # chest + left arm
    ("gulati-2021", ("breast-l", "jaw-angle-l")),  # chest + jaw
    ("gulati-2021", ("upper-chest-r", "front-arm-r")),  # chest + right arm
    ("gulati-2021", ("109", "jaw-angle-l")),  # a CHOIR chest code + jaw
    ("gulati-2021", ("sternum-l", "upper-abdomen-r")),  # chest + upper abdomen
]
CARDIAC_NEGATIVE = [
    ("gulati-2021", ("inner-arm-l",)),  # one arm site alone
    ("gulati-2021", ("temple-r", "angle-of-neck-r", "top-of-shoulder-r", "jaw-angle-r")),
    ("gulati-2021", ("front-deltoid-r", "front-arm-r", "infraspinous-r")),  # two sites
    ("gulati-2021", ("lumbar-r", "upper-buttock-r")),  # no cardiac site at all
    ("gulati-2021", ("sternum-l",)),  # chest alone, no exertion given
]


@pytest.mark.parametrize(("source", "drawing"), CARDIAC_POSITIVE)
def test_cardiac_sites_together_raise_an_emergency_flag(source, drawing):
    flags = [f for f in evaluate(marks(*drawing), {}, {}, {}) if f.rule == "cardiac"]
    assert flags, (source, drawing)
    assert flags[0].level == "emergency"
    assert "emergency services" in flags[0].action and "heart" in flags[0].message
    assert "Gulati" in flags[0].source


@pytest.mark.parametrize(("source", "drawing"), CARDIAC_NEGATIVE)
def test_a_single_site_or_a_myofascial_pattern_is_not_cardiac(source, drawing):
    assert "cardiac" not in rule_names(marks(*drawing)), (source, drawing)


def test_exertion_makes_a_single_cardiac_site_a_flag_nice_cg95():
    chest = marks("sternum-l")
    assert "cardiac" in rule_names(chest, symptoms={"exertion": True})
    assert "cardiac" not in rule_names(chest, symptoms={"exertion": False})
    flag = rules.cardiac(chest, {"exertion": True})
    assert flag is not None and "effort" in flag.message and "NICE CG95" in flag.source


def test_exertion_without_a_cardiac_site_is_no_flag_nice_cg95():
    assert rule_names(marks("calf-r"), symptoms={"exertion": True}) == []


def test_a_cardiac_flag_names_the_sites_in_words_gulati_2021():
    flag = rules.cardiac(marks("inner-arm-l", "jaw-angle-l", "interscapular-l"), {})
    assert flag is not None
    assert "left arm, jaw and upper back" in flag.message
    # The sentence says why it matters even without chest pain, and when to act on it.
    assert flag.message.endswith(
        "can come from the heart, even without chest pain, so it must be checked before "
        "any muscle is treated."
    )


def test_a_drawing_the_atlas_does_not_explain_points_to_other_causes_first():
    flag = rules.unexplained({"knee-r": 0.9}, marks("knee-r"))
    assert flag is not None and flag.level == "caution" and "90%" in flag.message
    assert flag.action == "Consider a joint, nerve, organ or other cause before pressing points."
    assert rules.unexplained({"knee-r": 0.01}, marks("knee-r")) is None


# --- radicular (bogduk-2009) and other nerve qualities ----------------------------------


@pytest.mark.parametrize("quality", sorted(rules.RADICULAR_QUALITIES))
def test_neural_qualities_along_a_limb_are_radicular_bogduk_2009(quality):
    drawing = marks("back-thigh-upper-r", "calf-r")
    flags = evaluate(drawing, {"calf-r": quality}, {}, {})
    assert [f.rule for f in flags] == ["radicular"]
    assert "right leg" in flags[0].message and "Bogduk" in flags[0].source


def test_aching_along_a_limb_is_not_radicular_bogduk_2009():
    drawing = marks("back-thigh-upper-r", "calf-r")
    assert rule_names(drawing, {"calf-r": "aching", "back-thigh-upper-r": "dull"}) == []


def test_tingling_on_the_face_is_a_nerve_flag_not_radicular_bogduk_2009():
    assert rule_names(marks("cheek-r"), {"cheek-r": "tingling"}) == ["nerve"]


def test_sharp_pain_on_a_limb_is_a_nerve_flag_not_radicular_bogduk_2009():
    assert rule_names(marks("calf-r"), {"calf-r": "sharp"}) == ["nerve"]


def test_weakness_is_an_urgent_neurological_flag_finucane_2020():
    flags = evaluate(marks("calf-r"), {}, {"weakness": True}, {})
    assert [(f.rule, f.level) for f in flags] == [("weakness", "urgent")]
    assert rule_names(marks("calf-r"), symptoms={"weakness": False}) == []


# --- widespread (wolfe-2016) -------------------------------------------------------------

WIDESPREAD = (
    "top-of-shoulder-r",
    "top-of-shoulder-l",
    "lumbar-r",
    "front-thigh-l",
    "calf-r",
)


def test_four_of_five_regions_is_widespread_wolfe_2016():
    flags = evaluate(marks(*WIDESPREAD), {}, {}, {})
    assert [f.rule for f in flags] == ["widespread"]
    assert "5 of the 5 body regions" in flags[0].message


def test_three_of_five_regions_is_not_widespread_wolfe_2016():
    assert rule_names(marks("top-of-shoulder-r", "top-of-shoulder-l", "lumbar-r")) == []


def test_a_bilateral_headache_with_one_knee_is_not_widespread_wolfe_2016():
    drawing = marks("temple-r", "temple-l", "forehead-r", "forehead-l", "kneecap-r")
    assert "widespread" not in rule_names(drawing)


def test_jaw_chest_and_abdomen_do_not_count_for_the_regions_wolfe_2016():
    # Left and right jaw, chest and abdomen: WPI areas, but no generalized-pain region.
    drawing = marks("jaw-angle-r", "jaw-angle-l", "upper-chest-r", "lower-abdomen-r", "calf-r")
    assert "widespread" not in rule_names(drawing)


def test_the_wpi_has_nineteen_areas_in_the_published_regions_wolfe_2016():
    from triggerpoint.bodymap.regions import fine_regions

    areas = {a for r in fine_regions().values() if (a := sites.wpi_area(r)) is not None}
    assert len(areas) == sites.WPI_AREAS == 19
    by_region: dict[str | None, int] = {}
    for area in areas:
        key = sites.generalized_region(area)
        by_region[key] = by_region.get(key, 0) + 1
    assert by_region == {
        "left upper": 3,  # shoulder girdle, upper arm, lower arm (the jaw is not counted)
        "right upper": 3,
        "left lower": 3,  # hip, upper leg, lower leg
        "right lower": 3,
        "axial": 3,  # neck, upper back, lower back
        None: 4,  # left jaw, right jaw, chest, abdomen
    }


def test_hands_knees_and_feet_are_not_wpi_areas_wolfe_2016():
    from triggerpoint.bodymap.regions import region

    for rid in ("palm-r", "kneecap-l", "heel-r", "temple-r", "back-of-hand-l"):
        assert sites.wpi_area(region(rid)) is None, rid


# --- systemic questions (finucane-2020) --------------------------------------------------


@pytest.mark.parametrize("symptom", [s for s in SYMPTOMS if s.level], ids=lambda s: s.id)
def test_each_systemic_symptom_raises_its_flag_finucane_2020(symptom):
    flags = evaluate(marks("lumbar-r"), {}, {symptom.id: True}, {})
    assert [(f.rule, f.level) for f in flags] == [(symptom.id, symptom.level)]
    assert flags[0].action and "Finucane 2020" in flags[0].source


@pytest.mark.parametrize("symptom", [s for s in SYMPTOMS if s.level], ids=lambda s: s.id)
def test_a_symptom_answered_no_raises_nothing_finucane_2020(symptom):
    assert evaluate(marks("lumbar-r"), {}, {symptom.id: False}, {}) == ()


def test_bladder_or_bowel_change_is_an_emergency_finucane_2020():
    flags = evaluate(marks("lumbar-r"), {}, {"bladder-bowel": True}, {})
    assert flags[0].level == "emergency" and "emergency" in flags[0].action


def test_unanswered_symptoms_come_back_as_questions():
    asked = [q.symptom for q in safety_questions(marks("lumbar-r"), {"fever": False})]
    assert "fever" not in asked and {"trauma", "night-pain", "bladder-bowel"} <= set(asked)
    assert "exertion" not in asked  # no cardiac site marked
    assert "exertion" in [q.symptom for q in safety_questions(marks("sternum-l"), {})]


# --- ordering and what a flagged result shows ---------------------------------------------


def test_flags_come_most_urgent_first():
    flags = evaluate(
        marks(*WIDESPREAD, "sternum-l", "inner-arm-l"),
        {"calf-r": "shooting"},
        {"night-pain": True},
        {},
    )
    levels = [LEVELS.index(f.level) for f in flags]
    assert levels == sorted(levels) and flags[0].rule == "cardiac"


def test_a_cardiac_result_leads_with_what_to_do_and_gives_no_pressing_guidance():
    result = find(marks("sternum-l", "inner-arm-l", "jaw-angle-l"))
    assert result.safety_first and not result.show_press_first
    assert result.action.startswith("Call emergency services")
    data = result.to_json()
    assert data["flags"][0]["level"] == "emergency" and data["show_press_first"] is False


def test_a_clean_myofascial_result_has_no_safety_lead():
    result = find(marks("temple-r", "angle-of-neck-r", "mastoid-r", "eye-r"))
    assert not result.safety_first and result.show_press_first and result.action == ""


def test_a_doctor_level_flag_leads_but_keeps_the_guidance_behind_it():
    result = find(marks("calf-r"), qualities={"calf-r": "numb"})
    assert result.safety_first and result.show_press_first
    assert result.action.startswith("See a doctor")

"""The finder's results in two voices: plain words for the client, clinical detail for
the therapist, flags first, and a fallback for flags in the older or newer shape."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triggerpoint.bodymap.regions import fine_regions
from triggerpoint.finder.find import find
from triggerpoint.finder.voice import BANDS, likelihood, view

CLINICAL_WORDS = re.compile(r"\b(key|satellite|the client|palpate)\b", re.IGNORECASE)
HEADACHE = {"temple-r": 7.0, "angle-of-neck-r": 5.0, "eye-r": 6.0}
CARDIAC = {"sternum-l": 8.0, "inner-arm-l": 6.0, "jaw-angle-l": 4.0}


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


def words_shown(shown: dict[str, Any]) -> str:
    """Every sentence the page puts on screen (ids and codes are not shown)."""
    hidden = {"trigger_point", "region", "code", "kind", "voice"}

    def keep(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: keep(v) for k, v in value.items() if k not in hidden}
        if isinstance(value, list):
            return [keep(v) for v in value]
        return value

    return " ".join(strings(keep(shown)))


def test_the_bands_are_likely_possible_and_less_likely():
    assert [likelihood(p) for p in (1.0, 0.6, 0.59, 0.3, 0.29, 0.0)] == [
        "likely",
        "likely",
        "possible",
        "possible",
        "less likely",
        "less likely",
    ]


@given(st.floats(0, 1), st.floats(0, 1))
def test_a_higher_probability_never_gets_a_weaker_word(p, q):
    order = [word for _, word in BANDS]
    low, high = sorted((p, q))
    assert order.index(likelihood(high)) <= order.index(likelihood(low))


def test_the_public_voice_speaks_plainly_about_a_headache():
    result = find(HEADACHE).to_json()
    shown = view(result, "public")
    text = words_shown(shown)
    assert not CLINICAL_WORDS.search(text), CLINICAL_WORDS.search(text)
    first = shown["candidates"][0]
    assert first["trigger_point"] == result["candidates"][0]["trigger_point"]
    assert first["likelihood"] in {"likely", "possible", "less likely"}
    assert first["percent"] == round(100 * result["candidates"][0]["probability"])
    headings = [d["heading"] for d in first["details"]]
    assert headings[0] == "What a therapist will check"
    assert "right" in first["details"][0]["text"]
    # The upper trapezius leads this drawing as a source of other points: the public
    # voice says so in words instead of "key".
    assert result["candidates"][0]["role"] == "key"
    assert "setting off" in first["note"]


def test_a_folded_summary_keeps_one_line_the_flag_or_the_leader():
    headache = view(find(HEADACHE).to_json(), "public")
    top = headache["candidates"][0]
    assert headache["peek"] == f"{top['likelihood'].capitalize()}: {top['title']}"
    assert view(find(CARDIAC).to_json(), "public")["peek"] == "Check your heart first"


def test_the_next_question_is_answered_with_one_tap():
    shown = view(find(HEADACHE).to_json(), "public")
    question = shown["next_question"]
    assert question["prompt"].startswith("Do you also feel pain")
    answers = question["answers"]
    assert answers[0] == {"label": "No", "intensity": 0}
    intensities = [a["intensity"] for a in answers]
    assert intensities == sorted(intensities) and len(answers) == 4


def test_the_clinical_voice_keeps_the_therapists_detail():
    result = find(HEADACHE).to_json()
    shown = view(result, "clinical")
    first = shown["candidates"][0]
    assert first["badge"] == "key"
    assert [d["heading"] for d in first["details"]] == ["Where to press", "To confirm"]
    assert "the client recognises" in first["details"][1]["text"]
    assert [e["text"] for e in shown["explanations"]] == [
        e["text"] for e in result["explanations"][:3]
    ]
    assert [a["label"] for a in shown["next_question"]["answers"]][1:] == [
        str(n) for n in range(1, 11)
    ]


def test_a_possible_cardiac_cause_comes_first_and_hides_where_to_press():
    result = find(CARDIAC, {"sternum-l": "sharp"}).to_json()
    shown = view(result, "public")
    assert shown["safety_first"] is True
    assert shown["flags"][0]["kind"] == "cardiac" and shown["flags"][0]["emergency"]
    assert "emergency" in shown["flags"][0]["text"]
    assert shown["flags"][1]["kind"] == "nerve"
    for candidate in shown["candidates"]:
        assert [d["heading"] for d in candidate["details"]] == ["What a therapist will check"]
    assert shown["status"].startswith("Please read the warning first.")
    clinical = view(result, "clinical")
    for candidate in clinical["candidates"]:
        assert [d["heading"] for d in candidate["details"]] == ["Before pressing"]


def test_a_widespread_drawing_is_flagged_without_clinical_jargon():
    regions = ["top-of-shoulder-r", "top-of-shoulder-l", "lumbar-r", "front-thigh-l"]
    regions += ["front-thigh-r", "calf-l", "calf-r", "front-arm-l", "front-arm-r"]
    result = find(dict.fromkeys(regions, 6.0)).to_json()
    assert "widespread" in [f["code"] for f in result["flags"]]
    shown = view(result, "public")
    flag = next(f for f in shown["flags"] if f["kind"] == "widespread")
    assert "sensitisation" not in flag["text"] and flag["title"] == "Pain in many places"


def test_flags_in_a_newer_shape_are_read_and_a_missing_field_falls_back():
    result = {
        "candidates": [],
        "explanations": [],
        "next_question": None,
        "flags": [
            {"code": "widespread", "message": "Widespread pain."},
            {
                "code": "chest-with-arm",
                "message": "Chest pain with arm pain.",
                "level": "emergency",
                "action": "Send to emergency care now.",
            },
        ],
        "safety_first": True,
    }
    clinical = view(result, "clinical")
    assert [f["code"] for f in clinical["flags"]] == ["chest-with-arm", "widespread"]
    assert clinical["flags"][0]["emergency"]
    assert clinical["flags"][0]["text"] == "Chest pain with arm pain. Send to emergency care now."
    assert clinical["safety_first"] is True
    assert clinical["candidates"] == [] and clinical["next_question"] is None
    public = view({**result, "safety_first": False}, "public")
    assert public["safety_first"] is False
    assert public["flags"][1]["title"] == "Pain in many places"


REGIONS = sorted(fine_regions())


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(REGIONS), st.integers(1, 10), min_size=1, max_size=6))
def test_no_public_view_of_any_drawing_uses_the_clinics_words(marks):
    shown = view(find({r: float(x) for r, x in marks.items()}).to_json(), "public")
    text = words_shown(shown)
    assert not CLINICAL_WORDS.search(text), CLINICAL_WORDS.search(text)
    assert len(shown["candidates"]) <= 5


NEW_CARDIAC = {
    "code": "refer",
    "message": "Pain in the chest and left arm can come from the heart.",
    "rule": "cardiac",
    "level": "emergency",
    "action": "Call emergency services now.",
    "source": "Gulati 2021",
}
NEW_WIDESPREAD = {
    "code": "widespread",
    "message": "Pain in 5 of the 5 body regions: often central sensitisation.",
    "rule": "widespread",
    "level": "caution",
    "action": "Ask a doctor to assess the pain as a whole.",
}


def test_the_red_flag_rules_shape_is_read_as_given():
    result = find(CARDIAC).to_json() | {
        "flags": [NEW_WIDESPREAD, NEW_CARDIAC],
        "safety_first": True,
        "show_press_first": False,
        "safety_questions": [
            {"symptom": "fever", "question": "Do you have a fever?"},
            {"symptom": "", "question": "ignored: no symptom to send back"},
        ],
    }
    public = view(result, "public")
    cardiac, widespread = public["flags"]
    assert cardiac["kind"] == "cardiac" and cardiac["emergency"]
    assert cardiac["title"] == "Check your heart first"
    assert cardiac["text"] == f"{NEW_CARDIAC['message']} {NEW_CARDIAC['action']}"
    # The public voice words the widespread finding plainly and keeps the rule's action.
    assert "sensitisation" not in widespread["text"]
    assert widespread["text"].endswith(NEW_WIDESPREAD["action"])
    assert public["headings"]["summary"] == "Please read this first"
    assert public["safety_questions"] == [
        {
            "symptom": "fever",
            "question": "Do you have a fever?",
            "answers": [{"label": "Yes", "value": True}, {"label": "No", "value": False}],
        }
    ]
    clinical = view(result, "clinical")
    assert "sensitisation" in clinical["flags"][1]["text"]


def test_no_where_it_sits_when_the_finder_says_no_pressing_first():
    result = find(HEADACHE).to_json() | {"show_press_first": False}
    for candidate in view(result, "public")["candidates"]:
        assert "Where it sits" not in [d["heading"] for d in candidate["details"]]


def test_both_voices_say_it_is_not_a_diagnosis_and_name_the_flags_first():
    for voice in ("clinical", "public"):
        assert "not a diagnosis" in view(find(HEADACHE).to_json(), voice)["headings"]["disclaimer"]
    result = find(CARDIAC, {"sternum-l": "sharp"}).to_json()
    assert view(result, "clinical")["headings"]["summary"] == "Red flags first, then candidates"
    assert view(find(HEADACHE).to_json(), "clinical")["headings"]["summary"] == "Candidates"


def test_a_flag_of_a_kind_the_voices_do_not_know_keeps_its_code_level_and_a_title():
    result = {
        "candidates": [],
        "explanations": [],
        "next_question": None,
        "flags": [
            {"code": "night-pain", "level": "urgent", "message": "Pain that wakes at night."},
            {"message": "A rule without a code."},
        ],
    }
    clinical = view(result, "clinical")
    first, second = clinical["flags"]
    assert (first["code"], first["level"], first["title"]) == (
        "night-pain",
        "urgent",
        "See a doctor today.",
    )
    assert (second["code"], second["level"], second["title"]) == ("", "", "Please note.")

"""Every sentence template rendered with every region label, checked for the grammar a
test can check: no "the behind", no doubled words or articles, no raw ids, a capital
first letter and a full stop or question mark at the end."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from triggerpoint.atlas import load_atlas
from triggerpoint.bodymap.choir import CHOIR_REGIONS
from triggerpoint.bodymap.regions import fine_regions
from triggerpoint.finder import find, wording

REGIONS = list(fine_regions().values())
IDS = set(fine_regions())
BAD = [
    re.compile(r"\b(the|a|an|your) (the|a|an|your)\b"),  # doubled article
    re.compile(r"\b(\w+) \1\b"),  # any doubled word
    re.compile(r"\b(at|in|to|into) (behind|beside|between|above|below|just|under|on)\b"),
    re.compile(r"\bthe (behind|beside|between|above|below|just)\b"),
    re.compile(r"  "),
    re.compile(r" [,.;:?]"),
    re.compile(r"\b(your|the) (right|left) (right|left)\b"),
]


def check(text: str) -> None:
    assert text[:1].isupper(), text
    assert text.endswith((".", "?")), text
    for pattern in BAD:
        assert not pattern.search(text), (pattern.pattern, text)
    words = set(re.findall(r"[a-z0-9-]+", text))
    assert not words & IDS, (words & IDS, text)
    assert not re.search(r"\b[12]\d\d\b", text), text  # no CHOIR codes
    assert "-r" not in text.split() and "-l" not in text.split()


def test_labels_are_unique_per_side_and_view():
    seen = Counter((r.side, r.view, r.label) for r in REGIONS)
    assert [key for key, n in seen.items() if n > 1] == []


def test_labels_are_lower_case_noun_phrases_without_commas():
    for r in REGIONS:
        assert "," not in r.label, r.id  # a comma in a flow mapping splits the label
        assert r.label == r.label.strip()
        assert r.label[:1].islower() or r.label.startswith("Achilles"), r.label


@pytest.mark.parametrize("fine", REGIONS, ids=lambda r: r.id)
def test_every_question_reads_as_a_sentence(fine):
    prompt = wording.question(fine)
    check(prompt)
    assert fine.side in prompt
    check(wording.question_why("right upper trapezius", "often", "left soleus", "never", fine))


@pytest.mark.parametrize("fine", REGIONS, ids=lambda r: r.id)
def test_every_explanation_template_reads_as_a_sentence(fine):
    other = fine_regions()["calf-l" if fine.id != "calf-l" else "heel-l"]
    check(wording.explanation("right soleus (above the heel)", [[fine.id]], []))
    check(wording.explanation("right soleus", [[fine.id, other.id]], [other.id]))
    head = "right quadratus lumborum (key) -> right gluteus minimus (satellite)"
    check(wording.explanation(head, [[fine.id], [other.id]], [fine.id]))
    check(wording.confirm([fine.id, other.id]))
    check(wording.ask_about([fine.id, other.id]))
    check(wording.unexplained([fine.id]))


@pytest.mark.parametrize("code", [r.code for r in CHOIR_REGIONS])
def test_a_choir_code_reads_as_a_place(code):
    check(wording.unexplained([str(code)]))
    assert wording.choir_place(code).split()[0] in {"in", "on"}


def test_places_read_the_way_people_say_them():
    regions = fine_regions()
    assert wording.place(regions["eye-r"]) == "behind your right eye"
    assert wording.place(regions["jaw-angle-l"]) == "at the angle of your jaw on the left"
    assert wording.place(regions["tmj-r"]) == "at your right jaw joint"
    assert wording.place(regions["upper-thoracic-r"]) == (
        "at the top of your spine between the shoulders on the right"
    )
    assert wording.place(regions["angle-of-neck-r"]) == "at the angle of your neck on the right"
    assert wording.place(regions["calf-l"]) == "in your left calf"
    assert wording.place(regions["navel-r"], possessive=False) == "beside the navel on the right"
    assert wording.destination(regions["temple-r"]) == "to your right temple"


def test_point_names_put_the_side_first_and_the_part_in_brackets():
    tp = load_atlas().trigger_points["upper-trapezius-1-r"]
    assert wording.point_name(tp) == f"right {tp.name.split(',')[0].lower()}" + (
        f" ({tp.name.split(', ', 1)[1]})" if ", " in tp.name else ""
    )


def test_a_whole_answer_has_no_raw_ids_in_its_sentences():
    result = find({"temple-r": 6, "angle-of-neck-r": 5, "219": 4, "eye-r": 3})
    texts = [e.text for e in result.explanations] + [c.confirm for c in result.candidates]
    texts += [result.ask_about_text] if result.ask_about_text else []
    if result.next_question:
        texts += [result.next_question.prompt, result.next_question.why]
    for text in texts:
        check(text)


def test_explanations_name_the_marks_each_source_explains():
    result = find(dict.fromkeys(["temple-r", "angle-of-neck-r", "mastoid-r", "eye-r"], 5.0))
    assert result.explanations
    for e in result.explanations:
        assert "explains little" not in e.text and "explains the pain" in e.text


def test_a_heel_drawing_lists_no_filler_from_the_jaw():
    result = find({"heel-r": 6.0})
    assert result.candidates
    assert all(c.explains for c in result.candidates)
    assert not any(c.muscle == "masseter" for c in result.candidates)
    assert "masseter" not in " ".join(e.text for e in result.explanations)


def test_the_marks_left_unexplained_are_listed_with_or():
    (fine, other, third) = sorted(fine_regions())[:3]
    one = wording.explanation("right soleus", [[fine]], [other, third])
    assert one.endswith(f" but not the pain {wording.places([other, third], conjunction='or')}.")
    assert " or " in one and "None" not in one

import json
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triggerpoint.bodymap.regions import region
from triggerpoint.cli import main
from triggerpoint.commands.errors import CliError
from triggerpoint.commands.marks import parse_find_marks, parse_qualities


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_regions_json_lists_every_region_with_its_parent(capsys):
    code, out, _ = run(capsys, "bodymap", "regions", "--json")
    rows = json.loads(out)
    assert code == 0
    assert len(rows) == 218
    temple = next(r for r in rows if r["id"] == "temple-r")
    assert temple["choir"] == 101 and temple["side"] == "right"


def test_lookup_json_gives_the_place_and_why(capsys):
    code, out, _ = run(capsys, "bodymap", "lookup", "my left jaw joint", "--json")
    answer = json.loads(out)
    assert code == 0
    assert answer["status"] == "found"
    assert answer["regions"] == ["tmj-l"]
    assert answer["candidates"][0] == {
        "id": "tmj-l",
        "label": "jaw joint (left)",
        "score": 1.0,
        "matched": "jaw joint",
    }


def test_lookup_shows_an_ambiguous_phrase_with_its_candidates_and_reason(capsys):
    code, out, _ = run(capsys, "bodymap", "lookup", "left hand")
    assert code == 0
    assert out.startswith("ambiguous: 'hand' names more than one place: palm; back of the hand")
    assert "palm-l" in out and "back-of-hand-l" in out
    assert "-r " not in out


def test_lookup_asks_for_the_side_when_none_is_named(capsys):
    code, out, _ = run(capsys, "bodymap", "lookup", "calf", "--json")
    answer = json.loads(out)
    assert code == 0
    assert answer["status"] == "side-needed" and answer["regions"] == []
    assert [c["id"] for c in answer["candidates"]] == ["calf-r", "calf-l"]


def test_lookup_of_nothing_known_exits_2_with_one_line(capsys):
    for args in (["qwxzv"], ["qwxzv", "--json"]):
        code, out, err = run(capsys, "bodymap", "lookup", *args)
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and err.startswith("error: no body region matches 'qwxzv'")


def test_render_writes_a_heat_map(capsys, tmp_path):
    target = tmp_path / "map.svg"
    args = ["--mark", "temple-r=7", "--mark", "204=4", "-o", str(target)]
    code, _, _ = run(capsys, "bodymap", "render", *args)
    assert code == 0
    root = ET.fromstring(target.read_text())
    values = {p.get("data-region"): float(p.get("data-value", "0")) for p in root.iter()}
    assert values["temple-r"] == 7
    assert values["occiput-r"] == 4  # 204 is the right back of the head: an OR over its regions
    assert values["temple-l"] == 0


def test_an_unknown_region_exits_2_with_one_line_and_a_suggestion(capsys, tmp_path):
    target = tmp_path / "x.svg"
    code, _, err = run(capsys, "bodymap", "render", "--mark", "tempel-r=7", "-o", str(target))
    assert code == 2
    assert err.strip() == "error: unknown region 'tempel-r'; did you mean 'temple-r'?"
    assert not target.exists()


def test_an_intensity_outside_0_to_10_exits_2(capsys):
    code, _, err = run(capsys, "bodymap", "render", "--mark", "temple-r=11")
    assert code == 2
    assert err.count("\n") == 1 and "0-10" in err


def test_unknown_commands_and_options_exit_2_without_a_traceback(capsys):
    for args in (["bodymap", "bogus"], ["bodymap", "render", "--nope"]):
        code, _, err = run(capsys, *args)
        assert code == 2
        assert err.startswith("error: ") and "Traceback" not in err


def test_an_unwritable_output_exits_2(capsys, tmp_path):
    code, _, err = run(capsys, "bodymap", "render", "-o", str(tmp_path / "missing" / "map.svg"))
    assert code == 2 and "cannot write" in err


def test_the_tour_draws_a_map(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "tour")
    assert code == 0
    assert (tmp_path / "var" / "tour-map.svg").exists()
    assert "218 fine regions" in out


def test_find_on_a_drawing_of_only_zeros_exits_2_with_the_reason(capsys):
    code, out, err = run(capsys, "find", "temple-r=0", "101=0")
    assert code == 2 and out == ""
    assert err == "error: 0 marks: every intensity is 0; mark where it hurts with 1-10\n"


@pytest.mark.parametrize(
    "args",
    [
        ["find", "temple-r="],
        ["find", "calf-r=4", "temple-r= "],
        ["bodymap", "render", "--mark", "temple-r="],
    ],
)
def test_an_empty_intensity_is_an_error_not_a_silent_5(capsys, args):
    code, _, err = run(capsys, *args)
    assert code == 2 and err.count("\n") == 1
    assert "intensity for 'temple-r' is empty" in err


def test_a_bare_region_still_means_the_default_intensity():
    assert parse_find_marks(["temple-r"]) == {"temple-r": 5.0}


@pytest.mark.parametrize(
    "args",
    [
        ["find", "calf-r=5", "--quality", "temple-r=sharp"],
        ["find", "calf-r=5", "temple-r=0", "--quality", "temple-r=sharp"],
    ],
)
def test_a_quality_on_an_unmarked_region_exits_2(capsys, args):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert err == "error: a quality needs a mark: 'temple-r' is 'sharp' but not marked above 0\n"


def test_a_quality_is_filed_under_the_mark_it_falls_on():
    assert parse_qualities(["101=sharp"], {"temple-r": 6}) == {"temple-r": "sharp"}
    assert parse_qualities(["temple-r=dull"], {"101": 6}) == {"101": "dull"}


def test_a_choir_code_and_a_fine_region_inside_it_count_once_with_one_note(capsys):
    code, out, err = run(capsys, "find", "101=6", "temple-r=7", "calf-r=3", "--json")
    assert code == 0
    json.loads(out)  # the note goes to stderr, the JSON stays whole
    assert (
        err == "note: 101 (Cranium (front, right)) contains temple-r; counted once, as temple-r\n"
    )


def test_a_choir_code_stays_beside_a_fine_region_marked_as_painless():
    assert parse_find_marks(["101=6", "temple-r=0"]) == {"101": 6.0, "temple-r": 0.0}


_TOKENS = st.sampled_from(["101", "102", "204", "temple-r", "forehead-r", "occiput-r", "calf-l"])


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(_TOKENS, st.integers(0, 10), min_size=1))
def test_no_painful_place_is_counted_twice(marks):
    texts = [f"{token}={value}" for token, value in marks.items()]
    if not any(marks.values()):
        with pytest.raises(CliError, match="0 marks"):
            parse_find_marks(texts)
        return
    drawing = parse_find_marks(texts)
    painful = [t for t, v in drawing.items() if v > 0]
    codes = [t for t in painful if t.isdigit()]
    for code in codes:
        assert not any(region(t).choir == int(code) for t in painful if not t.isdigit())
    assert {t: v for t, v in drawing.items() if not t.isdigit()} == {
        t: float(v) for t, v in marks.items() if not t.isdigit()
    }

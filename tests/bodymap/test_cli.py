import json
import xml.etree.ElementTree as ET

from triggerpoint.cli import main


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

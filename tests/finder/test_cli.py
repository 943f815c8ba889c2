import json
import subprocess
import sys

from typer.testing import CliRunner

from triggerpoint.cli import app, main

CHAIN = ["si-joint-r", "iliac-crest-r=7", "greater-trochanter-r", "lateral-thigh-r", "outer-leg-r"]


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_exactly_the_documented_shape(capsys):
    code, out, _ = run(capsys, "find", *CHAIN, "--json", "--top", "3")
    data = json.loads(out)
    assert code == 0
    assert set(data) == {
        "candidates",
        "explanations",
        "unexplained",
        "unexplained_text",
        "ask_about",
        "ask_about_text",
        "next_question",
        "flags",
        "method",
        "safety_first",
        "show_press_first",
        "action",
        "safety_questions",
    }
    assert len(data["candidates"]) == 3
    assert {
        "trigger_point",
        "muscle",
        "muscle_name",
        "side",
        "probability",
        "role",
        "explains",
    } <= set(data["candidates"][0])
    assert {"sources", "chains", "probability", "text"} <= set(data["explanations"][0])
    assert {"region", "why"} <= set(data["next_question"])
    assert data["method"] == "exact"


def test_a_choir_code_is_a_valid_mark(capsys):
    code, out, _ = run(capsys, "find", "219=6", "224", "--json")
    assert code == 0
    assert "219" in json.dumps(json.loads(out)["candidates"])


def test_the_readable_table_says_candidates_not_diagnosis(capsys):
    code, out, _ = run(capsys, "find", *CHAIN)
    assert code == 0
    assert "palpate and confirm" in out and "Quadratus" in out


def test_an_unknown_region_suggests_the_closest(capsys):
    code, _, err = run(capsys, "find", "tempel-r")
    assert code == 2
    assert err.strip() == "error: unknown region 'tempel-r'; did you mean 'temple-r'?"


def test_intensity_outside_zero_to_ten_is_refused(capsys):
    code, _, err = run(capsys, "find", "temple-r=11")
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_an_unknown_quality_is_refused(capsys):
    code, _, err = run(capsys, "find", "calf-r", "--quality", "calf-r=fizzy")
    assert code == 2 and "unknown quality 'fizzy'" in err


def test_a_sharp_quality_raises_the_refer_flag(capsys):
    code, out, _ = run(capsys, "find", "calf-r", "--quality", "calf-r=sharp", "--json")
    assert code == 0
    assert [f["code"] for f in json.loads(out)["flags"]] == ["refer"]


# Temple and neck angle alone leave several rival sources, so questions get asked.
UNCLEAR = ["temple-r", "angle-of-neck-r"]


def test_interactive_json_prints_only_json_and_asks_on_stderr():
    # A real process: the test runner would echo the typed answers into stdout.
    answers = "\n".join(["7", "", "", "", "", "", "", ""]) + "\n"
    done = subprocess.run(
        [sys.executable, "-m", "triggerpoint.cli", "find", *UNCLEAR, "--interactive", "--json"],
        input=answers,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Do you also feel pain" in done.stderr
    assert json.loads(done.stdout)["candidates"]


def stdout_json(result):
    """The JSON document in a CliRunner's stdout, after the echoed answers."""
    return json.loads(result.stdout[result.stdout.index("{") :])


def test_interactive_stops_once_the_leader_is_clear():
    runner = CliRunner()
    # Every answer "9": questions end when a leader passes leader_clear or run out.
    result = runner.invoke(app, ["find", "temple-r", "--interactive", "--json"], input="9\n" * 8)
    data = stdout_json(result)
    asked = result.stderr.count("Do you also feel pain")
    assert 1 <= asked <= 8
    if asked < 8:
        assert data["candidates"][0]["probability"] >= 0.75 or data["next_question"] is None


def test_interactive_answers_change_the_result():
    runner = CliRunner()
    args = ["find", "temple-r", "angle-of-neck-r", "--interactive", "--json"]
    yes = runner.invoke(app, args, input="9\n" * 8)
    no = runner.invoke(app, args, input="\n" * 8)
    assert yes.exit_code == no.exit_code == 0
    assert stdout_json(yes)["candidates"] != stdout_json(no)["candidates"]


def test_a_symptom_raises_its_flag_and_the_table_leads_with_what_to_do(capsys):
    code, out, _ = run(capsys, "find", "lumbar-r", "--symptom", "bladder-bowel")
    assert code == 0
    assert out.lstrip().startswith("Go to an emergency department now")
    assert "to press first" not in out


def test_a_symptom_answered_no_is_not_asked_again(capsys):
    code, out, _ = run(capsys, "find", "lumbar-r", "--symptom", "fever=no", "--json")
    asked = [q["symptom"] for q in json.loads(out)["safety_questions"]]
    assert code == 0 and "fever" not in asked and "trauma" in asked


def test_an_unknown_symptom_is_refused_in_one_line(capsys):
    code, _, err = run(capsys, "find", "lumbar-r", "--symptom", "dizzy")
    assert code == 2 and err.strip().startswith("error: unknown symptom 'dizzy'")


def test_a_cardiac_drawing_prints_no_where_to_press(capsys):
    code, out, _ = run(capsys, "find", "sternum-l", "inner-arm-l", "jaw-angle-l")
    assert code == 0
    assert out.lstrip().startswith("Call emergency services")
    assert "to press first" not in out


def test_a_quality_on_an_unmarked_region_exits_2(capsys):
    code, _, err = run(capsys, "find", "calf-r", "--quality", "heel-r=sharp")
    assert code == 2 and "a quality needs a mark" in err

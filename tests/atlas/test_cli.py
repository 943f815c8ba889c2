"""`triggerpoint atlas ...` run in-process: exit codes, one-line errors, readable output."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from tests.atlas.broken import edit, point
from triggerpoint.cli import main


def run(capsys, *args):
    code = main(["atlas", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_check_passes_on_the_shipped_data_and_prints_counts(capsys):
    code, out, err = run(capsys, "check")
    assert code == 0 and err == ""
    assert out.startswith("atlas ok: 91 muscles, 137 trigger points per side")


def test_check_lists_every_problem_one_per_line_then_the_summary(capsys, data_copy):
    def break_two(content):
        point(content, "upper-trapezius-1")["location"] = "nowhere"
        point(content, "upper-trapezius-2")["essential"] = []

    edit(data_copy, "neck.yaml", break_two)
    code, out, err = run(capsys, "check", "--data", str(data_copy))
    lines = err.splitlines()
    assert code == 2 and out == ""
    assert lines == [
        "neck.yaml: trigger point upper-trapezius-1: unknown region 'nowhere' in location",
        "neck.yaml: trigger point upper-trapezius-2: empty essential zone",
        "atlas check failed: 2 problems in 1 file(s)",
    ]


def test_other_commands_refuse_broken_data_in_one_line(capsys, data_copy):
    edit(data_copy, "neck.yaml", lambda c: point(c, "upper-trapezius-1").update(muscle="x"))
    code, _, err = run(capsys, "stats", "--data", str(data_copy))
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: atlas check failed")


def test_stats_json_counts_muscles_points_and_coverage(capsys):
    code, out, _ = run(capsys, "stats", "--json")
    counts = json.loads(out)
    assert code == 0
    assert counts["muscles"] == 91
    assert counts["trigger_points"] == {"per_side": 137, "sided": 274}
    assert counts["regions"]["total"] == 218
    assert [row["region"] for row in counts["unreferred"]] == ["armpit"]


def test_stats_text_gives_each_unreferred_region_a_reason(capsys):
    code, out, _ = run(capsys, "stats")
    assert code == 0
    assert "armpit (armpit): no common myofascial source" in out


def test_show_lists_points_zones_satellites_and_stretches(capsys):
    code, out, _ = run(capsys, "show", "infraspinatus")
    assert code == 0
    assert "Infraspinatus, below the shoulder blade's spine [infraspinatus-1-r], common" in out
    assert "essential: front of the shoulder (right) [front-deltoid-r]" in out
    assert "satellite: Deltoid, front fibres [deltoid-anterior-r] (cited: hsieh-2007)" in out
    assert "key: Latissimus dorsi, armpit fold [latissimus-dorsi-axillary-r] (derived" in out
    assert "stretch: Cross-body arm stretch [cross-body-arm-stretch]: hold 30 s, 3 times" in out


def test_show_lists_keys_of_a_satellite(capsys):
    code, out, _ = run(capsys, "show", "gluteus-minimus", "--side", "left")
    assert code == 0
    assert "key: Quadratus lumborum, outer edge above the hip bone" in out
    assert "[quadratus-lumborum-superficial-low-l] (cited: ts-v2-1992, ts-2019)" in out


def test_show_svg_draws_the_referral_map(capsys, tmp_path):
    target = tmp_path / "ut.svg"
    code, _, _ = run(capsys, "show", "upper-trapezius", "--svg", str(target))
    assert code == 0
    root = ET.fromstring(target.read_text(encoding="utf-8"))
    values = {e.get("data-region"): e.get("data-value") for e in root.iter() if e.get("d")}
    assert values["temple-r"] == "8"  # essential
    assert values["top-of-shoulder-r"] == "6"  # local
    assert values["jaw-angle-r"] == "3"  # spillover
    assert values["temple-l"] == "0"
    markers = [e.get("data-region") for e in root.iter() if e.get("class") == "marker"]
    assert markers == ["top-of-shoulder-r"]


def test_show_unknown_muscle_suggests_the_closest(capsys):
    code, out, err = run(capsys, "show", "infraspinatis")
    assert code == 2 and out == ""
    assert err == "error: unknown muscle 'infraspinatis'; did you mean 'infraspinatus'?\n"


def test_refers_to_a_fine_region_lists_essential_before_spillover(capsys):
    code, out, _ = run(capsys, "refers-to", "temple-r", "--json")
    rows = json.loads(out)["trigger_points"]
    assert code == 0
    zones = [row["zone"] for row in rows]
    assert zones.index("spillover") > max(i for i, z in enumerate(zones) if z == "essential")
    upper_trapezius = next(r for r in rows if r["trigger_point"] == "upper-trapezius-1-r")
    assert upper_trapezius["zone"] == "essential"


def test_refers_to_a_base_region_speaks_of_same_and_other_side(capsys):
    code, out, _ = run(capsys, "refers-to", "forehead", "--json")
    rows = json.loads(out)["trigger_points"]
    assert code == 0
    clavicular = [r for r in rows if r["trigger_point"] == "sternocleidomastoid-clavicular"]
    assert {(r["zone"], r["side"]) for r in clavicular} == {
        ("essential", "same side"),
        ("spillover", "other side"),
    }


def test_refers_to_text_output(capsys):
    code, out, _ = run(capsys, "refers-to", "heel")
    assert code == 0
    assert out.startswith("heel: ")
    assert "essential soleus-distal (Soleus, above the heel; same side; common)" in out


def test_refers_to_unknown_region_suggests_the_closest(capsys):
    code, _, err = run(capsys, "refers-to", "templ")
    assert code == 2
    assert err == "error: unknown region 'templ'; did you mean 'temple'?\n"

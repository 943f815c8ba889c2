"""Self-care in the atlas: facts pinned to their sources, coverage, and broken data
rejected by file and entry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.atlas.broken import Mutation, edit
from triggerpoint.atlas import Atlas, AtlasError, load_atlas, selfcare_read
from triggerpoint.atlas.selfcare import HOLD_RANGE, PRESSURE_RANGE, TOOLS
from triggerpoint.atlas.selfcare_query import coverage
from triggerpoint.cli import main

SELFCARE = "selfcare.yaml"
METHODS = "selfcare-methods.yaml"

# (point, tool, hold seconds or None, strokes or None, a caution it must carry, a source)
FACTS = [
    # A ball against the wall for the points on the shoulder blade (Davies & Davies).
    ("infraspinatus-1", "ball", 60, None, None, "davies-2013"),
    ("rhomboids-1", "ball", 60, None, None, "davies-2013"),
    # The sternocleidomastoid is pinched, never pressed into the neck (Travell & Simons).
    ("sternocleidomastoid-sternal", "pincer grip", 30, None, "front-of-neck", "ts-v1-1999"),
    ("scalenes-anterior", "fingers", 30, None, "brachial-plexus", "ts-v1-1999"),
    ("subscapularis-1", "fingers", 30, None, "brachial-plexus", "davies-2013"),
    ("pectineus-1", "fingers", 30, None, "femoral-triangle", "ts-v2-1992"),
    ("popliteus-1", "fingers", 30, None, "back-of-knee", "ts-v2-1992"),
    ("quadratus-lumborum-superficial", "fingers", 30, None, "kidneys", "davies-2013"),
    ("iliopsoas-psoas", "fingers", 30, None, "abdominal-aorta", "ts-v2-1992"),
    # Forearm points take short repeated strokes, many times a day (Davies & Davies).
    ("extensor-carpi-radialis-brevis-1", "thumb", None, 12, None, "davies-2013"),
    # A cane hook reaches the top of the shoulder without tensing it (Davies & Davies).
    ("supraspinatus-medial", "cane hook", 60, None, None, "davies-2013"),
    # Pressure release at moderate pressure for 60-90 s (Hou 2002).
    ("gluteus-medius-1", "ball", 60, None, None, "hou-2002"),
    ("flexor-digitorum-brevis-1", "ball", 30, None, None, "ts-v2-1992"),
    ("gastrocnemius-medial", "thumb", 30, None, "varicose-veins", "ts-v2-1992"),
]

FACTOR_FACTS = [
    ("upper-trapezius", "heavy-shoulder-bag", "carrying"),
    ("levator-scapulae", "phone-cradled", "repetitive task"),
    ("upper-trapezius", "bra-straps", "clothing"),
    ("masseter", "clenching", "stress"),
    ("scalenes", "chest-breathing", "breathing"),
    ("gastrocnemius", "high-heels", "footwear"),
    ("quadratus-lumborum", "leg-length", "structure"),
    ("piriformis", "wallet-back-pocket", "carrying"),
    ("infraspinatus", "sleep-on-arm", "sleep"),
]


@pytest.mark.parametrize(("base", "tool", "hold", "strokes", "caution", "source"), FACTS)
def test_pinned_self_treatment_facts(atlas: Atlas, base, tool, hold, strokes, caution, source):
    treatment = atlas.self_care.treatment(base)
    assert treatment is not None
    assert (treatment.tool, treatment.hold_seconds, treatment.strokes) == (tool, hold, strokes)
    assert source in treatment.sources
    shown = [c.id for c in atlas.self_care.cautions_for(base)]
    if caution:
        assert caution in shown
    assert "anticoagulants" in shown


@pytest.mark.parametrize(("muscle", "factor", "kind"), FACTOR_FACTS)
def test_pinned_perpetuating_factors(atlas: Atlas, muscle, factor, kind):
    factors = {f.id: f for f in atlas.self_care.factors_for(muscle)}
    assert factors[factor].kind == kind
    assert factors[factor].change and factors[factor].sources


def test_every_point_is_dosed_and_every_muscle_has_factors(atlas: Atlas):
    cover = coverage(atlas)
    assert cover["trigger_points_with_self_treatment"]["percent"] == 100.0
    assert cover["muscles_with_perpetuating_factors"]["percent"] == 100.0
    assert cover["missing_self_treatment"] == [] and cover["missing_factors"] == []


def test_every_dose_lies_in_range_and_every_point_over_a_site_carries_its_caution(atlas: Atlas):
    care = atlas.self_care
    for point in atlas.trigger_points.values():
        treatment = care.treatment(point.base)
        assert treatment is not None and treatment.tool in TOOLS
        assert PRESSURE_RANGE[0] <= treatment.pressure[0] <= treatment.pressure[1] <= 7
        assert (treatment.hold_seconds is None) != (treatment.strokes is None)
        base_location = point.location.rsplit("-", 1)[0]
        for caution in care.cautions.values():
            if base_location in caution.regions:
                assert caution.id in treatment.cautions, (point.base, caution.id)


def problems_after(data_dir: Path, file: str, mutate: Mutation) -> list[tuple[str, str, str]]:
    edit(data_dir, file, mutate)
    with pytest.raises(AtlasError) as caught:
        load_atlas(data_dir)
    return [(p.file, p.entry, p.reason) for p in caught.value.problems]


def _entry(content: dict[str, Any], base: str) -> dict[str, Any]:
    return next(e for e in content["trigger_points"] if e["id"] == base)


def _set(base: str, **values: Any) -> Mutation:
    def mutate(content: Any) -> None:
        _entry(content, base).update(values)

    return mutate


def test_an_unknown_tool_is_rejected(data_copy):
    found = problems_after(data_copy, SELFCARE, _set("infraspinatus-1", tool="hammer"))
    assert len(found) == 1
    file, entry, reason = found[0]
    assert (file, entry) == (SELFCARE, "self-treatment infraspinatus-1")
    assert reason.startswith("unknown tool 'hammer' (use fingers, thumb")


def test_a_hold_out_of_range_is_rejected(data_copy):
    found = problems_after(data_copy, SELFCARE, _set("temporalis-anterior", hold_seconds=600))
    assert found == [
        (
            SELFCARE,
            "self-treatment temporalis-anterior",
            f"hold_seconds must be a whole number from {HOLD_RANGE[0]} to {HOLD_RANGE[1]} s, "
            "got 600",
        )
    ]


def test_pressure_past_seven_is_rejected(data_copy):
    found = problems_after(data_copy, SELFCARE, _set("rhomboids-1", pressure=[5, 9]))
    assert [reason for _, _, reason in found] == [
        "pressure must be [least, most] discomfort within 3-7/10, got [5, 9]"
    ]


def test_a_point_over_an_endangerment_site_must_carry_its_caution(data_copy):
    found = problems_after(
        data_copy, SELFCARE, _set("sternocleidomastoid-sternal", cautions=["anticoagulants"])
    )
    assert found == [
        (
            SELFCARE,
            "self-treatment sternocleidomastoid-sternal",
            "located over 'side-neck' but does not carry caution 'front-of-neck' "
            "(Front and side of the neck)",
        )
    ]


def test_unknown_method_caution_factor_and_muscle_are_named(data_copy):
    def mutate(content: Any) -> None:
        _entry(content, "deltoid-middle")["method"] = "hope"
        _entry(content, "deltoid-anterior")["cautions"] = ["lava"]
        content["muscles"]["deltoid"] = ["bad-luck"]
        content["muscles"]["spleen"] = ["clenching"]

    found = problems_after(data_copy, SELFCARE, mutate)
    assert (SELFCARE, "self-treatment deltoid-middle", "unknown method 'hope'") in found
    assert (SELFCARE, "self-treatment deltoid-anterior", "unknown caution 'lava'") in found
    assert (SELFCARE, "muscle deltoid", "unknown factor 'bad-luck'") in found
    assert (SELFCARE, "muscle spleen", "unknown muscle 'spleen'") in found


def test_a_method_with_both_hold_and_strokes_is_rejected(data_copy):
    def mutate(content: Any) -> None:
        content["methods"][0]["strokes"] = 12

    found = problems_after(data_copy, METHODS, mutate)
    reason = "give exactly one of hold_seconds and strokes"
    assert found[0] == (METHODS, "method fingertip-hold-face", reason)
    # The points that use the method inherit the defect and are named too.
    assert (SELFCARE, "self-treatment temporalis-anterior", reason) in found


@given(
    hold=st.integers(min_value=-1000, max_value=1000),
    low=st.integers(min_value=0, max_value=10),
    high=st.integers(min_value=0, max_value=10),
)
def test_any_dose_outside_the_ranges_is_refused_and_inside_is_kept(hold, low, high):
    values = {
        "tool": "ball",
        "position": "standing",
        "place": "here",
        "technique": "lean",
        "pressure": [low, high],
        "hold_seconds": hold,
        "repetitions": 3,
        "times_a_day": 2,
        "avoid": "never",
    }
    problems: list = []
    report = selfcare_read._Report(SELFCARE, "self-treatment x", problems)
    built = selfcare_read._build_treatment("x", "m", values, report)
    hold_ok = HOLD_RANGE[0] <= hold <= HOLD_RANGE[1]
    pressure_ok = PRESSURE_RANGE[0] <= low <= high <= PRESSURE_RANGE[1]
    assert len(problems) == (not hold_ok) + (not pressure_ok)
    if hold_ok and pressure_ok:
        assert (built.hold_seconds, built.pressure) == (hold, (low, high))


def test_show_json_prints_self_treatment_cautions_and_factors(capsys):
    assert main(["atlas", "show", "scalenes", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    anterior = data["trigger_points"][0]
    assert anterior["base"] == "scalenes-anterior"
    care = anterior["self_treatment"]
    assert care["dose"] == "press to 3-4/10, hold 30 s, 3 x, 3 times a day"
    assert {"front-of-neck", "brachial-plexus"} <= {c["id"] for c in care["cautions"]}
    assert "chest-breathing" in {f["id"] for f in data["perpetuating_factors"]}
    assert data["stretches"][0]["dosage"].startswith("hold ")


def test_stats_and_check_report_self_care_coverage(capsys):
    assert main(["atlas", "stats", "--json"]) == 0
    cover = json.loads(capsys.readouterr().out)["self_care"]
    assert cover["trigger_points_with_self_treatment"] == {
        "with": 137,
        "total": 137,
        "percent": 100.0,
    }
    assert main(["atlas", "check"]) == 0
    assert "137 of 137 trigger points (100.0%)" in capsys.readouterr().out

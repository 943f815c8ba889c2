"""Every kind of defect in the data is caught, named by file and entry, all at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.atlas.broken import Mutation, edit, muscle, point
from triggerpoint.atlas import AtlasError, load_atlas


def problems_after(data_dir: Path, file: str, mutate: Mutation) -> list[tuple[str, str, str]]:
    edit(data_dir, file, mutate)
    with pytest.raises(AtlasError) as caught:
        load_atlas(data_dir)
    return [(p.file, p.entry, p.reason) for p in caught.value.problems]


def _set(base: str, key: str, value: Any) -> Mutation:
    def mutate(content: Any) -> None:
        point(content, base)[key] = value

    return mutate


def _duplicate_first_point(content: Any) -> None:
    content["trigger_points"].append(dict(content["trigger_points"][0]))


def _muscle_stretch(content: Any) -> None:
    muscle(content, "upper-trapezius")["stretches"] = ["neck-yoga"]


def _dangling_satellite(content: Any) -> None:
    content[0]["satellites"].append("temporalis-9")


def _dangling_key(content: Any) -> None:
    content[0]["key"] = "upper-trapezius-7"


def _edge_source(content: Any) -> None:
    content[0]["sources"] = ["travell-1983"]


def _duplicate_source(content: Any) -> None:
    content.append(dict(content[0]))


def _stretch_source(content: Any) -> None:
    content[0]["sources"] = ["youtube"]


def _drop_platysma_points(content: Any) -> None:
    content["trigger_points"] = [p for p in content["trigger_points"] if p["muscle"] != "platysma"]


def _duplicate_muscle(content: Any) -> None:
    content["muscles"].append(dict(content["muscles"][0]))


CASES = {
    "unknown region in location": (
        "neck.yaml",
        _set("upper-trapezius-1", "location", "shoulder-top"),
        ("neck.yaml", "trigger point upper-trapezius-1", "unknown region 'shoulder-top'"),
    ),
    "unknown region in a zone": (
        "neck.yaml",
        _set("upper-trapezius-1", "essential", ["temple", "templ"]),
        ("neck.yaml", "trigger point upper-trapezius-1", "unknown region 'templ' in essential"),
    ),
    "unknown side marker": (
        "neck.yaml",
        _set("upper-trapezius-1", "spillover", ["eye@left"]),
        ("neck.yaml", "trigger point upper-trapezius-1", "unknown region 'eye@left'"),
    ),
    "unknown source on a trigger point": (
        "hip.yaml",
        _set("gluteus-minimus-anterior", "sources", ["ts-v2-1992", "simons-2099"]),
        ("hip.yaml", "trigger point gluteus-minimus-anterior", "unknown source 'simons-2099'"),
    ),
    "trigger point without sources": (
        "hip.yaml",
        _set("gluteus-minimus-anterior", "sources", []),
        ("hip.yaml", "trigger point gluteus-minimus-anterior", "names no source"),
    ),
    "unknown source on a stretch": (
        "stretches.yaml",
        _stretch_source,
        ("stretches.yaml", "stretch upper-trapezius-stretch", "unknown source 'youtube'"),
    ),
    "unknown stretch": (
        "neck.yaml",
        _muscle_stretch,
        ("neck.yaml", "muscle upper-trapezius", "unknown stretch 'neck-yoga'"),
    ),
    "unknown muscle": (
        "neck.yaml",
        _set("upper-trapezius-1", "muscle", "upper-trapezoid"),
        ("neck.yaml", "trigger point upper-trapezius-1", "unknown muscle 'upper-trapezoid'"),
    ),
    "muscle without trigger points": (
        "neck.yaml",
        _drop_platysma_points,
        ("neck.yaml", "muscle platysma", "has no trigger points"),
    ),
    "duplicate trigger point id": (
        "head-and-jaw.yaml",
        _duplicate_first_point,
        ("head-and-jaw.yaml", "trigger point temporalis-anterior", "duplicate id"),
    ),
    "duplicate muscle id": (
        "head-and-jaw.yaml",
        _duplicate_muscle,
        ("head-and-jaw.yaml", "muscle temporalis", "duplicate id"),
    ),
    "duplicate source id": (
        "sources.yaml",
        _duplicate_source,
        ("sources.yaml", "source ts-v1-1999", "duplicate id"),
    ),
    "empty essential zone": (
        "back.yaml",
        _set("quadratus-lumborum-deep", "essential", []),
        ("back.yaml", "trigger point quadratus-lumborum-deep", "empty essential zone"),
    ),
    "satellite pointing at nothing": (
        "satellites.yaml",
        _dangling_satellite,
        (
            "satellites.yaml",
            "satellite edge upper-trapezius-1",
            "satellite points at nothing: 'temporalis-9'",
        ),
    ),
    "key pointing at nothing": (
        "satellites.yaml",
        _dangling_key,
        (
            "satellites.yaml",
            "satellite edge upper-trapezius-7",
            "key points at nothing: 'upper-trapezius-7'",
        ),
    ),
    "unknown source on a satellite edge": (
        "satellites.yaml",
        _edge_source,
        ("satellites.yaml", "satellite edge upper-trapezius-1", "unknown source 'travell-1983'"),
    ),
    "region in two zones": (
        "neck.yaml",
        _set("upper-trapezius-1", "spillover", ["temple"]),
        (
            "neck.yaml",
            "trigger point upper-trapezius-1",
            "region 'temple' is in more than one zone",
        ),
    ),
    "unknown prevalence": (
        "neck.yaml",
        _set("upper-trapezius-1", "prevalence", "rare"),
        ("neck.yaml", "trigger point upper-trapezius-1", "unknown prevalence 'rare'"),
    ),
    "missing field": (
        "neck.yaml",
        _set("upper-trapezius-1", "find_it", None),
        ("neck.yaml", "trigger point upper-trapezius-1", "missing field 'find_it'"),
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_broken_copy_is_rejected_naming_file_entry_and_reason(data_copy, case):
    file, mutate, (want_file, want_entry, want_reason) = CASES[case]
    problems = problems_after(data_copy, file, mutate)
    assert any(f == want_file and e == want_entry and want_reason in r for f, e, r in problems), (
        problems
    )


def test_every_problem_is_reported_in_one_run(data_copy):
    edit(data_copy, "neck.yaml", _set("upper-trapezius-1", "location", "nowhere"))
    edit(data_copy, "back.yaml", _set("quadratus-lumborum-deep", "essential", []))
    edit(data_copy, "satellites.yaml", _dangling_satellite)
    with pytest.raises(AtlasError) as caught:
        load_atlas(data_copy)
    files = {p.file for p in caught.value.problems}
    assert files == {"neck.yaml", "back.yaml", "satellites.yaml"}
    assert caught.value.lines()[-1] == "atlas check failed: 3 problems in 3 file(s)"


def test_invalid_yaml_is_a_problem_not_a_crash(data_copy):
    (data_copy / "thigh.yaml").write_text("muscles: [\n", encoding="utf-8")
    with pytest.raises(AtlasError) as caught:
        load_atlas(data_copy)
    assert any(
        p.file == "thigh.yaml" and "not valid YAML" in p.reason for p in caught.value.problems
    )


def test_a_stale_unreferred_entry_is_rejected(data_copy):
    edit(data_copy, "unreferred.yaml", lambda content: {**content, "temple": "no idea"})
    with pytest.raises(AtlasError) as caught:
        load_atlas(data_copy)
    assert [(p.file, p.entry) for p in caught.value.problems] == [
        ("unreferred.yaml", "region temple")
    ]


def test_the_unchanged_copy_loads(data_copy, atlas):
    assert load_atlas(data_copy).trigger_points == atlas.trigger_points

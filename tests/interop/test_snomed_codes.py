"""The SNOMED CT table of the FHIR export: every muscle of the atlas and every body map
region maps to a code, every code names its source, the identifiers are well formed,
and the bundles carry exactly the table's displays."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import World
from tests.interop.records import full_record
from tests.interop.test_fhir_transaction import bundle_of
from triggerpoint.atlas import load_atlas
from triggerpoint.bodymap.regions import fine_regions
from triggerpoint.interop import codes

SNOMED = "http://snomed.info/sct"
TABLE = codes.snomed_table()

# Verhoeff's dihedral-group tables: SNOMED CT identifiers end in a Verhoeff check digit.
_D = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
_P = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]


def verhoeff_ok(number: str) -> bool:
    check = 0
    for i, digit in enumerate(reversed(number)):
        check = _D[check][_P[i % 8][int(digit)]]
    return check == 0


def is_concept_id(code: str) -> bool:
    """A short-format SNOMED CT concept identifier: 6-18 digits, partition 00 (a concept
    of the International Release), and a valid check digit."""
    return code.isdigit() and 6 <= len(code) <= 18 and code[-3:-1] == "00" and verhoeff_ok(code)


def test_the_identifier_check_catches_a_typo():
    assert is_concept_id("31764008")  # trapezius
    assert not is_concept_id("31764009")  # last digit wrong
    assert not is_concept_id("31746008")  # two digits swapped
    assert not is_concept_id("31764018")  # a description id's partition, not a concept


def test_every_code_is_a_concept_id_with_a_display_and_a_named_source():
    for code, entry in TABLE["codes"].items():
        assert is_concept_id(code), code
        assert entry["display"].strip(), code
        assert entry["source"] in TABLE["sources"], code


def used_codes() -> Iterator[str]:
    yield TABLE["procedure"][0]
    yield from TABLE["laterality"].values()
    yield from (code for code, _ in TABLE["muscles"].values())
    for row in TABLE["regions"].values():
        yield from (code for code, _ in (row.values() if isinstance(row, dict) else [row]))


def test_every_code_used_is_in_the_table_and_every_code_in_the_table_is_used():
    assert set(used_codes()) == set(TABLE["codes"])


def test_every_muscle_of_the_atlas_maps_to_a_code():
    muscles = {tp.muscle for tp in load_atlas().trigger_points.values()}
    assert set(TABLE["muscles"]) == muscles  # none missing, none stale
    for muscle in muscles:
        site = codes.muscle_site(muscle)
        assert site is not None and site.match in {"exact", "whole", "parent"}, muscle
    exact = [m for m in muscles if codes.muscle_site(m).match == "exact"]  # type: ignore[union-attr]
    assert len(exact) >= 20  # the rest are recorded fallbacks (docs/fhir.md)


def test_every_body_map_region_maps_to_a_code_on_each_side():
    regions = fine_regions().values()
    assert set(TABLE["regions"]) == {r.base for r in regions}
    for region in regions:
        site = codes.region_site(region.base, region.side)
        assert site is not None and site.match in {"exact", "parent"}, region.id
    assert codes.region_site("groin", "left").code != codes.region_site("groin", "right").code  # type: ignore[union-attr]


def test_laterality_left_right_and_both():
    assert codes.LATERALITY["left"][0] == "7771000"
    assert codes.LATERALITY["right"][0] == "24028007"
    assert codes.LATERALITY["both"][0] == "51440002"


def snomed_codings(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if node.get("system") == SNOMED and "code" in node:
            yield node
        for value in node.values():
            yield from snomed_codings(value)
    elif isinstance(node, list):
        for value in node:
            yield from snomed_codings(value)


@pytest.mark.django_db
def test_the_bundle_carries_the_table_s_displays_and_a_snomed_site_on_every_body_site(
    world: World,
):
    full_record(world)
    bundle = bundle_of(world.client_a)
    seen = list(snomed_codings(bundle))
    assert seen
    body_codes = set(TABLE["codes"])
    for coding in seen:
        if coding["code"] in body_codes:
            assert coding["display"] == TABLE["codes"][coding["code"]]["display"], coding
    sites = [
        r["bodySite"]
        for e in bundle["entry"]
        if "bodySite" in (r := e["resource"]) and isinstance(r["bodySite"], dict)
    ]
    assert sites
    for site in sites:
        if "coding" in site:  # sites named by an id the atlas and body map know
            assert any(c["system"] == SNOMED for c in site["coding"]), site
    procedures = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Procedure"
    ]
    assert procedures
    for procedure in procedures:
        systems = [c["system"] for c in procedure["code"]["coding"]]
        assert systems == ["urn:triggerpoint:procedure", SNOMED]  # local first, then broader
        assert procedure["code"]["coding"][1]["code"] == "91251008"
    structures = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "BodyStructure"
    ]
    assert structures
    for structure in structures:
        (qualifier,) = structure["locationQualifier"]
        assert qualifier["coding"][0]["code"] in {"7771000", "24028007"}
        assert any(c["system"] == SNOMED for c in structure["location"]["coding"])


def test_docs_fhir_md_lists_every_snomed_code_with_its_display():
    text = (Path(__file__).parents[2] / "docs/fhir.md").read_text(encoding="utf-8")
    for code, entry in TABLE["codes"].items():
        assert f"| {code} | {entry['display']} |" in text, code

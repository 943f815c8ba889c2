"""The FHIR export: a valid R4 transaction bundle holding the client's whole record."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation

from tests.conftest import World
from tests.interop.records import OTHER, PAST, POINT, full_record, session_log
from triggerpoint.interop.fhir import client_bundle, client_bundle_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def bundle(world: World) -> dict[str, Any]:
    full_record(world)
    return json.loads(client_bundle_json(world.client_a))


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def codes(concept: dict[str, Any]) -> set[tuple[str, str]]:
    return {(c["system"], c["code"]) for c in concept.get("coding", [])}


def test_the_bundle_is_a_transaction_that_validates_and_survives_a_json_round_trip(world: World):
    full_record(world)
    built = client_bundle(world.client_a)
    text = built.model_dump_json()
    again = Bundle.model_validate_json(text)
    assert again.model_dump_json() == text
    assert json.loads(text)["type"] == "transaction"


def test_the_bundle_holds_one_patient_and_a_resource_per_appointment_and_visit(bundle):
    kinds = Counter(e["resource"]["resourceType"] for e in bundle["entry"])
    assert kinds["Patient"] == 1
    assert kinds["Appointment"] == 3
    assert kinds["Encounter"] == 1
    assert len({e["fullUrl"] for e in bundle["entry"]}) == len(bundle["entry"])
    patient = resources(bundle, "Patient")[0]
    assert patient["name"][0]["text"] == "Ann Able"
    assert {t["system"] for t in patient["telecom"]} == {"email", "phone"}


def test_references_inside_the_bundle_resolve(bundle):
    urls = {e["fullUrl"] for e in bundle["entry"]}
    text = json.dumps(bundle)
    referenced = {part.split('"')[0] for part in text.split('"reference": "')[1:]}
    assert referenced and referenced <= urls


def test_appointment_statuses_map_to_fhir_ones(bundle):
    statuses = sorted(a["status"] for a in resources(bundle, "Appointment"))
    assert statuses == ["booked", "cancelled", "fulfilled"]
    encounter = resources(bundle, "Encounter")[0]
    assert encounter["status"] == "finished"
    assert encounter["class"]["code"] == "AMB"
    assert encounter["appointment"]


def test_each_treated_trigger_point_is_a_procedure_with_its_side_in_snomed(bundle):
    procedures = resources(bundle, "Procedure")
    # Only the right upper trapezius was pressed and held; the other planned point was skipped.
    assert len(procedures) == 1
    procedure = procedures[0]
    assert procedure["status"] == "completed"
    assert (
        "urn:triggerpoint:trigger-point",
        POINT,
    ) in codes(procedure["bodySite"][0])
    structure_url = procedure["extension"][0]["valueReference"]["reference"]
    structure = next(e["resource"] for e in bundle["entry"] if e["fullUrl"] == structure_url)
    assert structure["resourceType"] == "BodyStructure"
    assert codes(structure["locationQualifier"][0]) == {("http://snomed.info/sct", "24028007")}
    assert OTHER not in json.dumps(procedures)


def test_a_left_sided_point_carries_the_snomed_code_for_left(world: World):
    record = full_record(world)
    record.visit.events.all().delete()
    session_log(record.visit, PAST, point=OTHER)
    data = json.loads(client_bundle_json(record.client))
    procedure = resources(data, "Procedure")[0]
    url = procedure["extension"][0]["valueReference"]["reference"]
    structure = next(e["resource"] for e in data["entry"] if e["fullUrl"] == url)
    assert codes(structure["locationQualifier"][0]) == {("http://snomed.info/sct", "7771000")}
    assert "levator" in structure["description"].lower()


def pain_observations(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        o
        for o in resources(bundle, "Observation")
        if ("http://loinc.org", "72514-3") in codes(o["code"])
    ]


def test_pain_scores_are_loinc_72514_3_integers_with_time_and_body_site(bundle):
    pain = pain_observations(bundle)
    # three drawing marks and four pain measurements
    assert len(pain) == 7
    for observation in pain:
        assert 0 <= observation["valueInteger"] <= 10
        assert observation["effectiveDateTime"]
    temple = [o for o in pain if "bodySite" in o and o["bodySite"]["text"] == "right temple"]
    assert {o["valueInteger"] for o in temple} == {7, 3, 8}
    assert ("urn:triggerpoint:choir-body-map", "101") in codes(temple[0]["bodySite"])


def test_pressure_pain_threshold_is_given_in_kpa_and_kilogram_force_per_cm2(bundle):
    ppt = [o for o in resources(bundle, "Observation") if o["code"]["coding"][0]["code"] == "ppt"]
    assert len(ppt) == 2  # the finding and the measurement
    for observation in ppt:
        quantity = observation["valueQuantity"]
        assert (quantity["system"], quantity["code"]) == ("http://unitsofmeasure.org", "kPa")
        component = observation["component"][0]["valueQuantity"]
        assert component["code"] == "kgf/cm2"  # kg/cm2 would be mass per area
        assert component["value"] == pytest.approx(2.2)
        assert quantity["value"] == pytest.approx(2.2 * 98.0665, abs=0.01)


def test_range_of_motion_is_in_ucum_degrees_and_ndi_and_pgic_are_present(bundle):
    by_code = {o["code"]["coding"][0]["code"]: o for o in resources(bundle, "Observation")}
    rom = by_code["rom-cervical-rotation-left"]["valueQuantity"]
    assert (rom["value"], rom["system"], rom["code"]) == (62, "http://unitsofmeasure.org", "deg")
    assert by_code["ndi"]["valueQuantity"]["value"] == 14
    assert by_code["pgic"]["valueCodeableConcept"]["text"] == "Much improved"


def test_every_observation_validates_on_its_own(bundle):
    for resource in resources(bundle, "Observation"):
        Observation.model_validate(resource)


def test_a_client_with_nothing_but_contact_details_is_still_a_valid_bundle(world: World):
    built = json.loads(client_bundle(world.client_b).model_dump_json())
    assert [e["resource"]["resourceType"] for e in built["entry"]] == ["Patient"]

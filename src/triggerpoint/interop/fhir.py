"""A client's record as a FHIR R4 Bundle (type collection), built and checked with
fhir.resources.

fhir.resources 8 defaults to R5 and ships R4B (4.3.0) and STU3 besides; R4B changed
none of the resources used here from R4 (Patient, Appointment, Encounter, Procedure,
Observation, BodyStructure, Bundle), so its models validate R4 content. Every resource is
built through its model (which validates it), and so is the bundle as a whole.

Codes: pain intensity is LOINC 72514-3; laterality is SNOMED CT 7771000 (left) and
24028007 (right); units are UCUM. Concepts without a standard code (trigger points,
body map regions, the measures LOINC lacks) use the project's own code systems, always
with readable text beside them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from fhir.resources.R4B.appointment import Appointment as FhirAppointment
from fhir.resources.R4B.bodystructure import BodyStructure
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.procedure import Procedure

from triggerpoint.atlas import load_atlas
from triggerpoint.bodymap.regions import UnknownRegionError, fine_regions
from triggerpoint.clinic.models import (
    Appointment,
    Client,
    Finding,
    Measurement,
    PainDrawing,
    Visit,
)
from triggerpoint.clinic.models.appointments import Status
from triggerpoint.outcomes.measures import MEASURES, PAIN_NRS_LOINC, PGIC_LABELS
from triggerpoint.outcomes.ppt import kg_cm2_to_kpa, kpa_to_kg_cm2
from triggerpoint.protocol import ProtocolError, replay
from triggerpoint.protocol.events import event_from_dict
from triggerpoint.protocol.session import Hold

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
TARGET_BODY_STRUCTURE = "http://hl7.org/fhir/StructureDefinition/procedure-targetBodyStructure"
TRIGGER_POINTS = "urn:triggerpoint:trigger-point"
REGIONS = "urn:triggerpoint:body-region"
CHOIR = "urn:triggerpoint:choir-body-map"
MEASURE_CODES = "urn:triggerpoint:measure"
PROCEDURES = "urn:triggerpoint:procedure"
PGIC = "urn:triggerpoint:pgic"

LATERALITY: dict[str, tuple[str, str]] = {
    "left": ("7771000", "Left"),
    "right": ("24028007", "Right"),
}
APPOINTMENT_STATUS: dict[str, str] = {
    Status.BOOKED: "booked",
    Status.COMPLETED: "fulfilled",
    Status.NO_SHOW: "noshow",
    Status.CANCELLED: "cancelled",
}


def _instant(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


class _Builder:
    """Collects validated resources; each record gets a stable urn:uuid full URL."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.entries: list[dict[str, Any]] = []
        self.structures: dict[str, str] = {}
        self.atlas = load_atlas()
        self.regions = fine_regions()

    def url(self, kind: str, key: object) -> str:
        name = f"triggerpoint/clinic/{self.client.clinic_id}/{kind}/{key}"
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"

    def add(self, model: Any, kind: str, key: object, resource: dict[str, Any]) -> str:
        full_url = self.url(kind, key)
        resource = {"resourceType": model.get_resource_type(), **resource}
        self.entries.append({"fullUrl": full_url, "resource": model.model_validate(resource)})
        return full_url

    @property
    def patient(self) -> dict[str, str]:
        return {"reference": self.url("patient", self.client.pk)}

    # Body sites

    def region_site(self, region_id: str) -> dict[str, Any]:
        try:
            region = self.regions[region_id]
        except KeyError:
            return {"text": region_id}
        return {
            "coding": [
                {"system": REGIONS, "code": region.id, "display": region.full_label},
                {"system": CHOIR, "code": str(region.choir)},
            ],
            "text": f"{region.side} {region.label}",
        }

    def point_site(self, point_id: str) -> dict[str, Any]:
        tp = self.atlas.trigger_points.get(point_id)
        if tp is None:
            return {"text": point_id}
        text = f"{tp.name} ({tp.side})"
        return {
            "coding": [{"system": TRIGGER_POINTS, "code": tp.id, "display": text}],
            "text": text,
        }

    def site(self, site: str) -> dict[str, Any]:
        if site in self.atlas.trigger_points:
            return self.point_site(site)
        return self.region_site(site)

    def structure(self, point_id: str) -> str | None:
        """A BodyStructure for a sided trigger point, carrying its laterality as SNOMED CT."""
        if point_id in self.structures:
            return self.structures[point_id]
        tp = self.atlas.trigger_points.get(point_id)
        if tp is None or tp.side not in LATERALITY:
            return None
        code, display = LATERALITY[tp.side]
        self.structures[point_id] = self.add(
            BodyStructure,
            "body-structure",
            point_id,
            {
                "patient": self.patient,
                "description": f"Trigger point: {tp.name}, {tp.side} side",
                "location": self.point_site(point_id),
                "locationQualifier": [
                    {"coding": [{"system": SNOMED, "code": code, "display": display}]}
                ],
            },
        )
        return self.structures[point_id]


def client_bundle(client: Client) -> Bundle:
    """The client's full record as a validated FHIR R4 Bundle of type collection."""
    build = _Builder(client)
    build.add(Patient, "patient", client.pk, _patient(client))
    appointments = client.appointments.select_related("service", "therapist").order_by("start")
    appointment_urls = {
        a.pk: build.add(FhirAppointment, "appointment", a.pk, _appointment(build, a))
        for a in appointments
    }
    visits = Visit.objects.filter(client=client).select_related("therapist")
    encounter_urls: dict[int, str] = {}
    for visit in visits.order_by("created_at", "pk"):
        encounter_urls[visit.pk] = build.add(
            Encounter, "encounter", visit.pk, _encounter(build, visit, appointment_urls)
        )
        for point, holds in _treated(visit).items():
            build.add(
                Procedure,
                "procedure",
                f"{visit.pk}/{point}",
                _procedure(build, point, holds, encounter_urls[visit.pk]),
            )
        for finding in visit.findings.order_by("pk"):
            if finding.ppt_kpa is not None or finding.ppt_kg_cm2 is not None:
                build.add(
                    Observation,
                    "finding-ppt",
                    finding.pk,
                    _finding_ppt(build, finding, visit, encounter_urls[visit.pk]),
                )
    for drawing in PainDrawing.objects.filter(client=client).order_by("created_at", "pk"):
        for n, mark in enumerate(_drawing(build, drawing)):
            build.add(Observation, "drawing-mark", f"{drawing.pk}/{n}", mark)
    for m in Measurement.objects.filter(client=client).order_by("measured_at", "pk"):
        observation = _measurement(build, m, encounter_urls.get(m.visit_id or 0))
        if observation is not None:
            build.add(Observation, "measurement", m.pk, observation)
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "timestamp": _instant(datetime.now(UTC)),
            "entry": build.entries,
        }
    )


def client_bundle_json(client: Client) -> str:
    return client_bundle(client).model_dump_json(indent=2)


# One function per resource


def _patient(client: Client) -> dict[str, Any]:
    telecom = [{"system": "email", "value": client.email, "use": "home"}]
    if client.phone:
        telecom.append({"system": "phone", "value": client.phone, "use": "mobile"})
    return {
        "id": f"client-{client.pk}",
        "active": True,
        "name": [{"text": client.name}],
        "telecom": telecom,
    }


def _appointment(build: _Builder, a: Appointment) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "id": f"appointment-{a.pk}",
        "status": APPOINTMENT_STATUS.get(a.status, "booked"),
        "serviceType": [{"text": a.service.name}],
        "start": _instant(a.start),
        "end": _instant(a.end),
        "minutesDuration": round((a.end - a.start).total_seconds() / 60),
        "created": a.created_at.date().isoformat(),
        "participant": [
            {"actor": build.patient, "status": "accepted"},
            {"actor": {"display": a.therapist.display_name}, "status": "accepted"},
        ],
    }
    if a.cancellation_reason:
        resource["cancelationReason"] = {"text": a.cancellation_reason}
    return resource


def _encounter(build: _Builder, visit: Visit, appointments: dict[int, str]) -> dict[str, Any]:
    status = "finished" if visit.ended_at else "in-progress" if visit.started_at else "planned"
    resource: dict[str, Any] = {
        "id": f"visit-{visit.pk}",
        "status": status,
        "class": {"system": ACT_CODE, "code": "AMB", "display": "ambulatory"},
        "subject": build.patient,
        "participant": [{"individual": {"display": visit.therapist.display_name}}],
    }
    if visit.appointment_id in appointments:
        resource["appointment"] = [{"reference": appointments[visit.appointment_id]}]
    period = {}
    if visit.started_at:
        period["start"] = _instant(visit.started_at)
    if visit.ended_at:
        period["end"] = _instant(visit.ended_at)
    if period:
        resource["period"] = period
    return resource


def _treated(visit: Visit) -> dict[str, list[Hold]]:
    """The holds of the visit's guided session, per trigger point, in order."""
    try:
        session = replay(event_from_dict(e.data) for e in visit.events.order_by("seq"))
    except (ProtocolError, ValueError):
        return {}  # a log the engine refuses says nothing reliable about treatment
    treated: dict[str, list[Hold]] = {}
    for hold in session.holds:
        treated.setdefault(hold.trigger_point, []).append(hold)
    return treated


def _procedure(build: _Builder, point: str, holds: list[Hold], encounter: str) -> dict[str, Any]:
    seconds = ", ".join(f"{hold.duration_seconds:.0f} s" for hold in holds)
    resource: dict[str, Any] = {
        "status": "completed",
        "code": {
            "coding": [
                {
                    "system": PROCEDURES,
                    "code": "trigger-point-pressure-release",
                    "display": "Trigger point pressure release",
                }
            ],
            "text": "Trigger point pressure release",
        },
        "subject": build.patient,
        "encounter": {"reference": encounter},
        "performedPeriod": {
            "start": _instant(holds[0].started_at),
            "end": _instant(holds[-1].ended_at),
        },
        "bodySite": [build.point_site(point)],
        "note": [{"text": f"{len(holds)} hold(s): {seconds}"}],
    }
    structure = build.structure(point)
    if structure is not None:
        resource["extension"] = [
            {"url": TARGET_BODY_STRUCTURE, "valueReference": {"reference": structure}}
        ]
    return resource


def _category(code: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": CATEGORY, "code": code}]}]


def _pain(build: _Builder, value: float, at: datetime, label: str) -> dict[str, Any]:
    return {
        "status": "final",
        "category": _category("survey"),
        "code": {
            "coding": [
                {
                    "system": LOINC,
                    "code": PAIN_NRS_LOINC,
                    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
                }
            ],
            "text": label,
        },
        "subject": build.patient,
        "effectiveDateTime": _instant(at),
        "valueInteger": round(value),
    }


def _drawing(build: _Builder, drawing: PainDrawing) -> Iterable[dict[str, Any]]:
    for mark in drawing.mark_list:
        if mark["intensity"] <= 0:
            continue
        resource = _pain(build, mark["intensity"], drawing.created_at, f"Pain ({drawing.source})")
        resource["bodySite"] = build.region_site(mark["region"])
        quality = mark.get("quality")
        if quality:
            resource["note"] = [{"text": f"Quality: {quality}"}]
        yield resource


def _ppt(kpa: float, kg_cm2: float) -> dict[str, Any]:
    return {
        "valueQuantity": {"value": round(kpa, 2), "unit": "kPa", "system": UCUM, "code": "kPa"},
        "component": [
            {
                "code": {"text": "Pressure pain threshold in kg/cm2"},
                "valueQuantity": {
                    "value": round(kg_cm2, 3),
                    "unit": "kg/cm2",
                    "system": UCUM,
                    "code": "kg/cm2",
                },
            }
        ],
    }


def _ppt_code() -> dict[str, Any]:
    return {
        "coding": [{"system": MEASURE_CODES, "code": "ppt", "display": "Pressure pain threshold"}],
        "text": "Pressure pain threshold (algometer, mean of trials)",
    }


def _finding_ppt(build: _Builder, finding: Finding, visit: Visit, encounter: str) -> dict[str, Any]:
    if finding.ppt_kg_cm2 is not None:
        kg = finding.ppt_kg_cm2
        kpa = finding.ppt_kpa if finding.ppt_kpa is not None else kg_cm2_to_kpa(kg)
    else:
        kpa = finding.ppt_kpa or 0.0  # only called with at least one of the two
        kg = kpa_to_kg_cm2(kpa)
    return {
        "status": "final",
        "category": _category("exam"),
        "code": _ppt_code(),
        "subject": build.patient,
        "encounter": {"reference": encounter},
        "effectiveDateTime": _instant(finding.recorded_at),
        "bodySite": build.point_site(finding.trigger_point),
        **_ppt(kpa, kg),
    }


def _measurement(build: _Builder, m: Measurement, encounter: str | None) -> dict[str, Any] | None:
    label = f"{MEASURES[m.measure].label} ({m.timing})" if m.measure in MEASURES else m.measure
    if m.measure.startswith("pain-"):
        resource = _pain(build, m.value, m.measured_at, label)
    else:
        resource = {
            "status": "final",
            "category": _category("survey" if m.measure in ("ndi", "pgic") else "exam"),
            "code": {"coding": [{"system": MEASURE_CODES, "code": m.measure}], "text": label},
            "subject": build.patient,
            "effectiveDateTime": _instant(m.measured_at),
        }
        if m.measure == "ppt":
            resource["code"] = _ppt_code()
            resource.update(_ppt(kg_cm2_to_kpa(m.value), m.value))
        elif m.measure.startswith("rom-"):
            resource["valueQuantity"] = {
                "value": m.value,
                "unit": "degrees",
                "system": UCUM,
                "code": "deg",
            }
        elif m.measure == "ndi":
            resource["valueQuantity"] = {
                "value": m.value,
                "unit": "points of 50",
                "system": UCUM,
                "code": "{score}",
            }
        elif m.measure == "pgic":
            rating = round(m.value)
            resource["valueCodeableConcept"] = {
                "coding": [
                    {"system": PGIC, "code": str(rating), "display": PGIC_LABELS.get(rating, "")}
                ],
                "text": PGIC_LABELS.get(rating, str(rating)),
            }
        else:
            return None
    if encounter is not None:
        resource["encounter"] = {"reference": encounter}
    if m.site:
        try:
            resource["bodySite"] = build.site(m.site)
        except UnknownRegionError:
            resource["bodySite"] = {"text": m.site}
    return resource

"""A client's record as a FHIR R4 transaction Bundle, built and checked with fhir.resources.

A server can take the bundle at its base URL and take it again without duplicates:
every resource has an id derived from a UUID kept on the record (or from the UUID of the
record it belongs to), and every entry a `request`: PUT by id, except the Patient, which
is a conditional update on its identifier (so a server that gives patients its own ids
still finds the one it made last time).

fhir.resources 8 defaults to R5 and ships R4B (4.3.0) besides; R4B changed none of the
resources used here from R4, so its models validate R4 content (the tests also check the
official R4 JSON schema). The codes used are listed in `triggerpoint.interop.codes`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fhir.resources.R4B.appointment import Appointment as FhirAppointment
from fhir.resources.R4B.bodystructure import BodyStructure
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.procedure import Procedure

from triggerpoint.atlas import load_atlas
from triggerpoint.bodymap.regions import fine_regions
from triggerpoint.clinic.models import (
    Appointment,
    Client,
    HomePlan,
    Measurement,
    PainDrawing,
    Visit,
)
from triggerpoint.clinic.models.appointments import Status
from triggerpoint.interop import codes, fhir_records
from triggerpoint.interop.codes import (
    ACT_CODE,
    CHOIR,
    LATERALITY,
    MUSCLE_SNOMED,
    PROCEDURES,
    REGIONS,
    RFC3986,
    SNOMED,
    TARGET_BODY_STRUCTURE,
    TRIGGER_POINTS,
)
from triggerpoint.interop.ids import derived_id, instant
from triggerpoint.protocol import ProtocolError, replay
from triggerpoint.protocol.events import event_from_dict
from triggerpoint.protocol.session import Hold

APPOINTMENT_STATUS: dict[str, str] = {
    Status.BOOKED: "booked",
    Status.COMPLETED: "fulfilled",
    Status.NO_SHOW: "noshow",
    Status.CANCELLED: "cancelled",
}


def patient_identifier(client: Client) -> dict[str, str]:
    return {"system": RFC3986, "value": f"urn:uuid:{client.uuid}"}


class Builder:
    """Collects validated resources, each with its full URL and its transaction request."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.entries: list[dict[str, Any]] = []
        self.structures: dict[str, str] = {}
        self.atlas = load_atlas()
        self.regions = fine_regions()

    def add(
        self, model: Any, resource_id: str, resource: dict[str, Any], url: str | None = None
    ) -> str:
        kind = model.get_resource_type()
        full_url = f"urn:uuid:{resource_id}"
        resource = {"resourceType": kind, "id": resource_id, **resource}
        self.entries.append(
            {
                "fullUrl": full_url,
                "resource": model.model_validate(resource),
                "request": {"method": "PUT", "url": url or f"{kind}/{resource_id}"},
            }
        )
        return full_url

    @property
    def patient(self) -> dict[str, str]:
        return {"reference": f"urn:uuid:{self.client.uuid}"}

    # Body sites

    def region_site(self, region_id: str) -> dict[str, Any]:
        try:
            region = self.regions[region_id]
        except KeyError:
            return {"text": region_id}
        coding = [
            {"system": REGIONS, "code": region.id, "display": region.full_label},
            {"system": CHOIR, "code": str(region.choir)},
        ]
        snomed = codes.region_site(region.base, region.side)
        if snomed is not None:
            coding.append({"system": SNOMED, "code": snomed.code, "display": snomed.display})
        return {"coding": coding, "text": f"{region.side} {region.label}"}

    def point_site(self, point_id: str) -> dict[str, Any]:
        tp = self.atlas.trigger_points.get(point_id)
        if tp is None:
            return {"text": point_id}
        text = f"{tp.name} ({tp.side})"
        coding = [{"system": TRIGGER_POINTS, "code": tp.id, "display": text}]
        if tp.muscle in MUSCLE_SNOMED:
            code, display = MUSCLE_SNOMED[tp.muscle]
            coding.append({"system": SNOMED, "code": code, "display": display})
        return {"coding": coding, "text": text}

    def site(self, site: str) -> dict[str, Any]:
        if site in self.atlas.trigger_points:
            return self.point_site(site)
        return self.region_site(site)

    def side_of(self, site: str) -> str | None:
        tp = self.atlas.trigger_points.get(site)
        if tp is not None:
            return tp.side
        region = self.regions.get(site)
        return region.side if region is not None else None

    def structure(self, site: str) -> str | None:
        """A BodyStructure for a sided site, carrying its laterality as SNOMED CT."""
        if site in self.structures:
            return self.structures[site]
        side = self.side_of(site)
        if side not in LATERALITY:
            return None
        code, display = LATERALITY[side]
        location = self.site(site)
        self.structures[site] = self.add(
            BodyStructure,
            derived_id(self.client.uuid, "body-structure", site),
            {
                "patient": self.patient,
                "description": f"{location.get('text', site)}, {side} side",
                "location": location,
                "locationQualifier": [
                    {"coding": [{"system": SNOMED, "code": code, "display": display}]}
                ],
            },
        )
        return self.structures[site]


def client_bundle(client: Client, now: datetime | None = None) -> Bundle:
    """The client's full record as a validated FHIR R4 transaction Bundle."""
    build = Builder(client)
    identifier = patient_identifier(client)
    build.add(
        Patient,
        str(client.uuid),
        _patient(client),
        url=f"Patient?identifier={identifier['system']}|{identifier['value']}",
    )
    # A waitlist hold is not a visit yet, and would block its time for ever once imported.
    appointments = (
        client.appointments.exclude(status=Status.HELD)
        .select_related("service", "therapist")
        .order_by("start")
    )
    appointment_urls = {
        a.pk: build.add(FhirAppointment, str(a.uuid), _appointment(build, a)) for a in appointments
    }
    visits = Visit.objects.filter(client=client).select_related("therapist")
    encounter_urls: dict[int, str] = {}
    for visit in visits.order_by("created_at", "pk"):
        encounter = build.add(
            Encounter, str(visit.uuid), _encounter(build, visit, appointment_urls)
        )
        encounter_urls[visit.pk] = encounter
        for point, holds in _treated(visit).items():
            build.add(
                Procedure,
                derived_id(visit.uuid, "procedure", point),
                _procedure(build, point, holds, encounter),
            )
        for finding in visit.findings.order_by("pk"):
            fhir_records.finding(build, finding, encounter)
        note = getattr(visit, "note", None)
        if note is not None:
            fhir_records.note(build, note, visit, encounter)
    for drawing in PainDrawing.objects.filter(client=client).order_by("created_at", "pk"):
        fhir_records.drawing(build, drawing)
    for m in Measurement.objects.filter(client=client).order_by("measured_at", "pk"):
        fhir_records.measurement(build, m, encounter_urls.get(m.visit_id or 0))
    plans = HomePlan.objects.filter(client=client).prefetch_related("items")
    for plan in plans.order_by("created_at", "pk"):
        fhir_records.care_plan(build, plan, encounter_urls.get(plan.visit_id or 0))
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "type": "transaction",
            "timestamp": instant(now or datetime.now(UTC)),
            "entry": build.entries,
        }
    )


def client_bundle_json(client: Client, now: datetime | None = None) -> str:
    return client_bundle(client, now).model_dump_json(indent=2)


# One function per resource


def _patient(client: Client) -> dict[str, Any]:
    telecom = [{"system": "email", "value": client.email, "use": "home"}]
    if client.phone:
        telecom.append({"system": "phone", "value": client.phone, "use": "mobile"})
    resource: dict[str, Any] = {
        "identifier": [{"use": "official", **patient_identifier(client)}],
        "active": True,
        "name": [{"text": client.name}],
        "telecom": telecom,
        "managingOrganization": {"display": client.clinic.name},
    }
    if client.date_of_birth:
        resource["birthDate"] = client.date_of_birth.isoformat()
    return resource


def _appointment(build: Builder, a: Appointment) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "status": APPOINTMENT_STATUS.get(a.status, "booked"),
        "serviceType": [{"text": a.service.name}],
        "start": instant(a.start),
        "end": instant(a.end),
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


def _encounter(build: Builder, visit: Visit, appointments: dict[int, str]) -> dict[str, Any]:
    status = "finished" if visit.ended_at else "in-progress" if visit.started_at else "planned"
    resource: dict[str, Any] = {
        "status": status,
        "class": {"system": ACT_CODE, "code": "AMB", "display": "ambulatory"},
        "subject": build.patient,
        "participant": [{"individual": {"display": visit.therapist.display_name}}],
    }
    if visit.appointment_id in appointments:
        resource["appointment"] = [{"reference": appointments[visit.appointment_id]}]
    period = {}
    if visit.started_at:
        period["start"] = instant(visit.started_at)
    if visit.ended_at:
        period["end"] = instant(visit.ended_at)
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


def _procedure(build: Builder, point: str, holds: list[Hold], encounter: str) -> dict[str, Any]:
    seconds = ", ".join(f"{hold.duration_seconds:.0f} s" for hold in holds)
    therapy = codes.procedure_site()
    resource: dict[str, Any] = {
        "status": "completed",
        "code": {
            "coding": [
                {
                    "system": PROCEDURES,
                    "code": "trigger-point-pressure-release",
                    "display": "Trigger point pressure release",
                },
                # Broader: no SNOMED CT code names the technique itself (docs/fhir.md).
                {"system": SNOMED, "code": therapy.code, "display": therapy.display},
            ],
            "text": "Trigger point pressure release",
        },
        "subject": build.patient,
        "encounter": {"reference": encounter},
        "performedPeriod": {
            "start": instant(holds[0].started_at),
            "end": instant(holds[-1].ended_at),
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

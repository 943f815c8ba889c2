"""Reading the project's own FHIR transaction bundles back, as a client export.

The bundle is turned into the JSON export's shape (`interop.export`), which
`interop.load.load_client` then loads: one loader, one set of rules for idempotency
and conflicts. Resource ids are the records' UUIDs, so a bundle imported twice, or
after the JSON export of the same client, finds the records already on file. What
FHIR does not carry (rooms, the guided session's event log, pain drawings) is left
out or filled with a neutral value: an imported appointment's room is "Imported".
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from triggerpoint.clinic.models.visits import new_join_code
from triggerpoint.interop.codes import (
    DRAWING_SOURCE,
    DRAWINGS,
    MEASURE_CODES,
    PGIC,
    REGIONS,
    RFC3986,
    SIGNS,
    SOAP_SECTIONS,
    STRETCHES,
    TIMING,
    TRIGGER_POINTS,
)
from triggerpoint.interop.export import SCHEMA, SCHEMA_VERSION, ExportFormatError
from triggerpoint.interop.fhir import APPOINTMENT_STATUS

STATUS_BACK = {fhir: ours for ours, fhir in APPOINTMENT_STATUS.items()}
DOSE = re.compile(
    r"(?:(?P<muscle>[^:]*): )?hold (?P<hold>\d+) s, (?P<reps>\d+) times, (?P<freq>.*)"
)


def _code(concept: dict[str, Any] | None, system: str) -> str | None:
    for coding in (concept or {}).get("coding", []):
        if coding.get("system") == system:
            return str(coding["code"])
    return None


def narrative_text(div: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", div.replace("<br/>", "\n")))


class _Reader:
    def __init__(self, bundle: dict[str, Any]) -> None:
        if bundle.get("type") not in ("transaction", "collection"):
            raise ExportFormatError("a FHIR bundle of type transaction or collection is needed")
        self.entries: list[dict[str, Any]] = bundle.get("entry") or []
        self.by_url = {e.get("fullUrl"): e.get("resource", {}) for e in self.entries}
        self.numbers: dict[str, int] = {}  # full URL -> the row id it gets in the export

    def of(self, kind: str) -> list[tuple[str, dict[str, Any]]]:
        return [
            (e["fullUrl"], e["resource"])
            for e in self.entries
            if e.get("resource", {}).get("resourceType") == kind
        ]

    def number(self, url: str | None) -> int | None:
        return None if url is None else self.numbers.get(url)


def export_from_bundle(bundle: dict[str, Any]) -> dict[str, Any]:
    """The client export a bundle made by `interop.fhir.client_bundle` describes."""
    read = _Reader(bundle)
    for n, entry in enumerate(read.entries, start=1):
        resource = entry.get("resource") or {}
        if "fullUrl" not in entry or "resourceType" not in resource:
            raise ExportFormatError(f"entry #{n}: needs a fullUrl and a resource")
    patients = read.of("Patient")
    if len(patients) != 1:
        raise ExportFormatError(f"the bundle holds {len(patients)} patients; one is needed")
    data: dict[str, Any] = {"schema": {"name": SCHEMA, "version": SCHEMA_VERSION}}
    steps = (
        ("client", lambda: _client(patients[0][1])),
        ("appointments", lambda: _rows(read, "Appointment", _appointment)),
        ("visits", lambda: _rows(read, "Encounter", _visit)),
        ("measurements", lambda: _measurements(read)),
        ("home_plans", lambda: _rows(read, "CarePlan", _plan)),
    )
    for key, step in steps:
        data[key] = step()
    data["series"], data["drawings"] = [], _drawings(read)
    return data


def _drawings(read: _Reader) -> list[dict[str, Any]]:
    """Pain drawings, from the marks that name their drawing in an identifier."""
    drawings: dict[str, dict[str, Any]] = {}
    for _, o in read.of("Observation"):
        key = next(
            (i["value"] for i in o.get("identifier", []) if i.get("system") == DRAWINGS), None
        )
        if key is None:
            continue
        drawing_uuid = key.partition("/")[0]
        source = next(
            (_code(c, DRAWING_SOURCE) for c in o.get("category", []) if _code(c, DRAWING_SOURCE)),
            "intake",
        )
        drawing = drawings.setdefault(
            drawing_uuid,
            {
                "id": len(drawings) + 1,
                "uuid": drawing_uuid,
                "appointment": None,
                "source": source,
                "marks": [],
                "created_at": o.get("effectiveDateTime"),
            },
        )
        note = (o.get("note") or [{}])[0].get("text", "")
        drawing["marks"].append(
            {
                "region": _code(o.get("bodySite"), REGIONS),
                "intensity": o.get("valueInteger"),
                "quality": note.removeprefix("Quality: ") if note else None,
            }
        )
    return list(drawings.values())


def _rows(read: _Reader, kind: str, make: Any) -> list[dict[str, Any]]:
    rows = []
    for url, resource in read.of(kind):
        try:
            row = make(read, resource)
        except (KeyError, IndexError, TypeError, ValueError) as error:
            reason = f"lacks {error.args[0]!r}" if isinstance(error, KeyError) else str(error)
            raise ExportFormatError(f"{kind}/{resource.get('id')}: {reason}") from None
        row["id"] = len(read.numbers) + 1
        read.numbers[url] = row["id"]
        rows.append(row)
    return rows


def _client(patient: dict[str, Any]) -> dict[str, Any]:
    key = next(
        (i["value"] for i in patient.get("identifier", []) if i.get("system") == RFC3986),
        f"urn:uuid:{patient.get('id')}",
    )
    telecom = {t.get("system"): t.get("value", "") for t in patient.get("telecom", [])}
    if not telecom.get("email"):
        raise ExportFormatError(f"Patient/{patient.get('id')}: has no email")
    return {
        "id": 1,
        "uuid": key.removeprefix("urn:uuid:"),
        "clinic": patient.get("managingOrganization", {}).get("display", ""),
        "name": (patient.get("name") or [{}])[0].get("text", ""),
        "email": telecom["email"],
        "phone": telecom.get("phone", ""),
        "date_of_birth": patient.get("birthDate"),
        "consent_given_at": None,
        "notes": "",
        "created_at": None,
    }


def _appointment(read: _Reader, a: dict[str, Any]) -> dict[str, Any]:
    return {
        "uuid": a["id"],
        "service": a["serviceType"][0]["text"],
        "service_minutes": a["minutesDuration"],
        "therapist": a["participant"][1]["actor"]["display"],
        "room": "Imported",
        "series": None,
        "start": a["start"],
        "end": a["end"],
        "blocked_start": a["start"],
        "blocked_end": a["end"],
        "status": STATUS_BACK.get(a["status"], "booked"),
        "cancellation_reason": a.get("cancelationReason", {}).get("text", ""),
        "calendar_sequence": 0,
        "reminder_sent_at": None,
        "created_at": f"{a['created']}T00:00:00+00:00" if "created" in a else None,
    }


def _visit(read: _Reader, e: dict[str, Any]) -> dict[str, Any]:
    url = f"urn:uuid:{e['id']}"
    period = e.get("period", {})
    appointment = (e.get("appointment") or [{}])[0].get("reference")
    return {
        "uuid": e["id"],
        "appointment": read.number(appointment),
        "therapist": e["participant"][0]["individual"]["display"],
        "planned_points": [],
        "join_code": new_join_code(),
        "started_at": period.get("start"),
        "ended_at": period.get("end"),
        "created_at": period.get("start"),
        "events": [],
        "findings": [
            _finding(read, o)
            for _, o in read.of("Observation")
            if _code(o.get("code"), SIGNS) == "trigger-point-examination"
            and o.get("encounter", {}).get("reference") == url
        ],
        "note": next(
            (
                _note(c)
                for _, c in read.of("Composition")
                if c.get("encounter", {}).get("reference") == url
            ),
            None,
        ),
    }


def _finding(read: _Reader, panel: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "uuid": panel["id"],
        "trigger_point": _code(panel.get("bodySite"), TRIGGER_POINTS),
        "taut_band": False,
        "spot_tenderness": False,
        "recognised": False,
        "referral_regions": [],
        "local_twitch": False,
        "ppt_trials": [],
        "ppt_kg_cm2": None,
        "ppt_kpa": None,
        "note": (panel.get("note") or [{}])[0].get("text", ""),
        "recorded_at": panel.get("effectiveDateTime"),
    }
    for member in panel.get("hasMember", []):
        sign = read.by_url.get(member["reference"], {})
        code = _code(sign.get("code"), SIGNS) or _code(sign.get("code"), MEASURE_CODES)
        if code == "referred-pain":
            row["referral_regions"].append(_code(sign.get("bodySite"), REGIONS))
        elif code == "ppt":
            row["ppt_kpa"] = sign["valueQuantity"]["value"]
            row["ppt_kg_cm2"] = sign["component"][0]["valueQuantity"]["value"]
            trials = (sign.get("note") or [{}])[0].get("text", "").partition(": ")[2]
            row["ppt_trials"] = [float(t) for t in trials.split(", ") if t]
        elif code is not None:
            row[code.replace("-", "_")] = bool(sign.get("valueBoolean"))
    return row


def _note(c: dict[str, Any]) -> dict[str, Any]:
    by_code = {
        _code(s.get("code"), "http://loinc.org"): narrative_text(s["text"]["div"])
        for s in c.get("section", [])
        if "code" in s
    }
    signed = c.get("status") == "final"
    attester = (c.get("attester") or [{}])[0]
    return {
        **{field: by_code.get(code, "") for field, code, _ in SOAP_SECTIONS},
        "status": "signed" if signed else "draft",
        "signed_by": attester.get("party", {}).get("display") if signed else None,
        "signed_at": attester.get("time") if signed else None,
        "updated_at": c.get("date"),
        "amendments": [
            {
                "text": narrative_text(s["text"]["div"]),
                "author": None,
                "at": s["title"].split(" ", 1)[1],
            }
            for s in c.get("section", [])
            if s.get("title", "").startswith("Amendment ")
        ],
    }


def _measurements(read: _Reader) -> list[dict[str, Any]]:
    answers = dict(read.of("QuestionnaireResponse"))
    rows = []
    for url, o in read.of("Observation"):
        try:
            row = _measurement(read, o, answers)
        except (KeyError, IndexError, TypeError, ValueError) as error:
            reason = f"lacks {error.args[0]!r}" if isinstance(error, KeyError) else str(error)
            raise ExportFormatError(f"Observation/{o.get('id')}: {reason}") from None
        if row is not None:
            rows.append(row)
            read.numbers[url] = row["id"]
    return rows


def _measurement(
    read: _Reader, o: dict[str, Any], answers: dict[str, dict[str, Any]]
) -> dict[str, Any] | None:
    timing = next((_code(c, TIMING) for c in o.get("category", []) if _code(c, TIMING)), None)
    if timing is None:
        return None  # not a measurement: a finding or a drawing mark
    measure = _code(o.get("code"), MEASURE_CODES)
    detail: dict[str, Any] = {}
    if measure == "ppt":
        value = o["component"][0]["valueQuantity"]["value"]  # stored in kgf/cm2
    elif measure == "pgic":
        value = float(_code(o["valueCodeableConcept"], PGIC) or 0)
        detail = {"label": o["valueCodeableConcept"].get("text", "")}
    elif "valueInteger" in o:
        value = o["valueInteger"]
    else:
        value = o["valueQuantity"]["value"]
    for source in o.get("derivedFrom", []):
        response = answers.get(source["reference"], {})
        detail["answers"] = {
            i["linkId"]: (i.get("answer") or [{}])[0].get("valueInteger")
            for i in response.get("item", [])
        }
    site = o.get("bodySite")
    return {
        "id": len(read.numbers) + 1,
        "uuid": o["id"],
        "visit": read.number(o.get("encounter", {}).get("reference")),
        "measure": measure,
        "value": float(value),
        "timing": timing,
        "site": (_code(site, TRIGGER_POINTS) or _code(site, REGIONS) or "") if site else "",
        "detail": detail,
        "measured_at": o["effectiveDateTime"],
        "recorded_by": None,
    }


def _plan(read: _Reader, p: dict[str, Any]) -> dict[str, Any]:
    items = []
    for activity in p.get("activity", []):
        detail = activity["detail"]
        dose = DOSE.fullmatch(detail.get("description", ""))
        if dose is None:
            raise ValueError(f"cannot read the dose {detail.get('description')!r}")
        items.append(
            {
                "stretch": _code(detail.get("code"), STRETCHES),
                "muscle": dose["muscle"] or "",
                "hold_seconds": int(dose["hold"]),
                "repetitions": int(dose["reps"]),
                "frequency": dose["freq"],
            }
        )
    return {
        "uuid": p["id"],
        "visit": read.number(p.get("encounter", {}).get("reference")),
        "advice": p.get("description", ""),
        "created_at": p.get("created"),
        "items": items,
    }

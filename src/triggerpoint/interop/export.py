"""Everything a clinic holds about one client, as plain JSON, and back.

The export names people by what the clinic calls them (a service by its name, a
therapist by their display name), so it loads into another installation:
`interop.load.load_client` creates whatever the target clinic lacks. Records carry a
UUID, which stays with them across installations, and their database ids only so that
references inside one export resolve; `canonical` renumbers them by position, which is
how two exports of the same record are compared ("ids aside").
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.utils import timezone

from triggerpoint.clinic.models import (
    Appointment,
    Client,
    HomePlan,
    Measurement,
    Note,
    SelfTreatment,
    Staff,
    Status,
    Visit,
)

SCHEMA = "triggerpoint.client-export"
SCHEMA_VERSION = 2
LOADABLE_VERSIONS = (1, 2)  # version 1 had no UUIDs; loading gives new ones

# Which field of which section points at which other section.
REFERENCES: dict[str, dict[str, str]] = {
    "appointments": {"series": "series"},
    "drawings": {"appointment": "appointments"},
    "visits": {"appointment": "appointments"},
    "measurements": {"visit": "visits"},
    "home_plans": {"visit": "visits"},
}
SECTIONS = ("series", "appointments", "drawings", "visits", "measurements", "home_plans")


class ExportFormatError(ValueError):
    """The data is not a client export this version can load."""


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _person(user_id: int | None, client: Client, staff_names: dict[int, str]) -> str | None:
    """A user as the export names them: a staff display name, "client", or nobody."""
    if user_id is None:
        return None
    if user_id == client.user_id:
        return "client"
    return staff_names.get(user_id, "someone else")


# Export


def export_client(client: Client) -> dict[str, Any]:
    """The client's whole record: contact, consent, bookings, drawings, visits with their
    session log, findings and note, measurements and home plans."""
    staff_names = dict(
        Staff.objects.filter(clinic_id=client.clinic_id).values_list("user_id", "display_name")
    )

    def person(user_id: int | None) -> str | None:
        return _person(user_id, client, staff_names)

    # A waitlist hold is not a visit yet, and would block its time for ever once imported.
    appointments = client.appointments.exclude(status=Status.HELD).select_related(
        "service", "therapist", "room"
    )
    visits = (
        Visit.objects.filter(client=client)
        .select_related("therapist")
        .prefetch_related("events", "findings", "note__amendments")
    )
    plans = HomePlan.objects.filter(client=client).prefetch_related("items__checks")
    return {
        "schema": {"name": SCHEMA, "version": SCHEMA_VERSION},
        "exported_at": _iso(timezone.now()),
        "client": {
            "id": client.pk,
            "uuid": str(client.uuid),
            "clinic": client.clinic.name,
            "name": client.name,
            "email": client.email,
            "phone": client.phone,
            "date_of_birth": client.date_of_birth.isoformat() if client.date_of_birth else None,
            "consent_given_at": _iso(client.consent_given_at),
            "notes": client.notes,
            "created_at": _iso(client.created_at),
        },
        "series": [
            {
                "id": s.pk,
                "uuid": str(s.uuid),
                "therapist": s.therapist.display_name,
                "service": s.service.name,
                "service_minutes": s.service.duration_minutes,
                "first_start": _iso(s.first_start),
                "weeks": s.weeks,
                "created_at": _iso(s.created_at),
            }
            for s in client.series.select_related("therapist", "service").order_by(
                "first_start", "pk"
            )
        ],
        "appointments": [_appointment(a) for a in appointments.order_by("start", "pk")],
        "drawings": [
            {
                "id": d.pk,
                "uuid": str(d.uuid),
                "appointment": d.appointment_id,
                "source": d.source,
                "marks": d.marks,
                "created_at": _iso(d.created_at),
            }
            for d in client.drawings.order_by("created_at", "pk")
        ],
        "visits": [_visit(v, person) for v in visits.order_by("created_at", "pk")],
        "measurements": [
            {
                "id": m.pk,
                "uuid": str(m.uuid),
                "visit": m.visit_id,
                "measure": m.measure,
                "value": m.value,
                "timing": m.timing,
                "site": m.site,
                "detail": m.detail,
                "measured_at": _iso(m.measured_at),
                "recorded_by": person(m.recorded_by_id),
            }
            for m in Measurement.objects.filter(client=client).order_by("measured_at", "pk")
        ],
        "home_plans": [
            {
                "id": p.pk,
                "uuid": str(p.uuid),
                "visit": p.visit_id,
                "advice": p.advice,
                "created_at": _iso(p.created_at),
                "items": [
                    {
                        "stretch": i.stretch,
                        "muscle": i.muscle,
                        "hold_seconds": i.hold_seconds,
                        "repetitions": i.repetitions,
                        "frequency": i.frequency,
                        # The days the client ticked the item off at home.
                        "checks": sorted(c.day.isoformat() for c in i.checks.all()),
                    }
                    for i in sorted(p.items.all(), key=lambda i: i.pk)
                ],
            }
            for p in plans.order_by("created_at", "pk")
        ],
        # Pressure release the client did alone, logged step by step like a session.
        "self_treatments": [
            {
                "trigger_point": t.trigger_point,
                "started_at": _iso(t.started_at),
                "cycles": t.cycles,
                "record": t.record,
                "created_at": _iso(t.created_at),
            }
            for t in SelfTreatment.objects.filter(client=client).order_by("started_at", "pk")
        ],
    }


def _appointment(a: Appointment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "uuid": str(a.uuid),
        "service": a.service.name,
        "service_minutes": a.service.duration_minutes,
        "therapist": a.therapist.display_name,
        "room": a.room.name,
        "series": a.series_id,
        "start": _iso(a.start),
        "end": _iso(a.end),
        "blocked_start": _iso(a.blocked_start),
        "blocked_end": _iso(a.blocked_end),
        "status": a.status,
        "cancellation_reason": a.cancellation_reason,
        "calendar_sequence": a.ics_sequence,
        "reminder_sent_at": _iso(a.reminder_sent_at),
        "created_at": _iso(a.created_at),
    }


def _visit(v: Visit, person: Callable[[int | None], str | None]) -> dict[str, Any]:
    note: Note | None = getattr(v, "note", None)
    return {
        "id": v.pk,
        "uuid": str(v.uuid),
        "appointment": v.appointment_id,
        "therapist": v.therapist.display_name,
        "planned_points": v.planned_points,
        "join_code": v.join_code,
        "started_at": _iso(v.started_at),
        "ended_at": _iso(v.ended_at),
        "created_at": _iso(v.created_at),
        "events": [
            {"seq": e.seq, "kind": e.kind, "at": _iso(e.at), "data": e.data}
            for e in sorted(v.events.all(), key=lambda e: e.seq)
        ],
        "findings": [
            {
                "uuid": str(f.uuid),
                "trigger_point": f.trigger_point,
                "taut_band": f.taut_band,
                "spot_tenderness": f.spot_tenderness,
                "recognised": f.recognised,
                "referral_regions": f.referral_regions,
                "local_twitch": f.local_twitch,
                "ppt_trials": f.ppt_trials,
                "ppt_kg_cm2": f.ppt_kg_cm2,
                "ppt_kpa": f.ppt_kpa,
                "note": f.note,
                "recorded_at": _iso(f.recorded_at),
            }
            for f in sorted(v.findings.all(), key=lambda f: f.pk)
        ],
        "note": None
        if note is None
        else {
            "subjective": note.subjective,
            "objective": note.objective,
            "assessment": note.assessment,
            "plan": note.plan,
            "status": note.status,
            "signed_by": person(note.signed_by_id),
            "signed_at": _iso(note.signed_at),
            "updated_at": _iso(note.updated_at),
            "amendments": [
                {"text": a.text, "author": person(a.author_id), "at": _iso(a.at)}
                for a in sorted(note.amendments.all(), key=lambda a: (a.at, a.pk))
            ],
        },
    }


# Comparing exports


def canonical(data: dict[str, Any]) -> dict[str, Any]:
    """The export with database ids replaced by positions and the export time left out:
    two exports of the same record, from any database, compare equal."""
    out = copy.deepcopy(data)
    out.pop("exported_at", None)
    out["client"].pop("id", None)
    renumber = {
        section: {row["id"]: n for n, row in enumerate(out[section], start=1)}
        for section in SECTIONS
    }
    for section in SECTIONS:
        for row in out[section]:
            row["id"] = renumber[section][row["id"]]
            for field, target in REFERENCES.get(section, {}).items():
                if row[field] is not None:
                    row[field] = renumber[target][row[field]]
    return out


# Loading


def check_format(data: Any) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("schema"), dict):
        raise ExportFormatError("not a triggerpoint client export (no schema)")
    schema = data["schema"]
    if schema.get("name") != SCHEMA:
        raise ExportFormatError(f"not a triggerpoint client export ({schema.get('name')!r})")
    if schema.get("version") not in LOADABLE_VERSIONS:
        raise ExportFormatError(
            f"export schema version {schema.get('version')!r}; this version loads "
            f"{' and '.join(map(str, LOADABLE_VERSIONS))}"
        )
    missing = [key for key in ("client", *SECTIONS) if key not in data]
    if missing:
        raise ExportFormatError(f"the export lacks {', '.join(missing)}")

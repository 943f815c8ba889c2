"""Everything a clinic holds about one client, as plain JSON, and back.

The export names people by what the clinic calls them (a service by its name, a
therapist by their display name), so it loads into another installation: `load_client`
creates whatever the target clinic lacks. Records carry their database ids only so that
references inside one export resolve; `canonical` renumbers them by position, which is
how two exports of the same record are compared ("ids aside").
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from triggerpoint.clinic.models import (
    Appointment,
    Client,
    Clinic,
    Finding,
    HomePlan,
    HomePlanItem,
    Measurement,
    Note,
    NoteAmendment,
    PainDrawing,
    RecurringSeries,
    Room,
    Service,
    SessionEvent,
    Staff,
    Visit,
)
from triggerpoint.clinic.models.places import RoomKind

SCHEMA = "triggerpoint.client-export"
SCHEMA_VERSION = 1

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

    appointments = client.appointments.select_related("service", "therapist", "room")
    visits = (
        Visit.objects.filter(client=client)
        .select_related("therapist")
        .prefetch_related("events", "findings", "note__amendments")
    )
    plans = HomePlan.objects.filter(client=client).prefetch_related("items")
    return {
        "schema": {"name": SCHEMA, "version": SCHEMA_VERSION},
        "exported_at": _iso(timezone.now()),
        "client": {
            "id": client.pk,
            "clinic": client.clinic.name,
            "name": client.name,
            "email": client.email,
            "phone": client.phone,
            "consent_given_at": _iso(client.consent_given_at),
            "notes": client.notes,
            "created_at": _iso(client.created_at),
        },
        "series": [
            {
                "id": s.pk,
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
                    }
                    for i in sorted(p.items.all(), key=lambda i: i.pk)
                ],
            }
            for p in plans.order_by("created_at", "pk")
        ],
    }


def _appointment(a: Appointment) -> dict[str, Any]:
    return {
        "id": a.pk,
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
    if schema.get("version") != SCHEMA_VERSION:
        raise ExportFormatError(
            f"export schema version {schema.get('version')!r}; this version loads {SCHEMA_VERSION}"
        )
    missing = [key for key in ("client", *SECTIONS) if key not in data]
    if missing:
        raise ExportFormatError(f"the export lacks {', '.join(missing)}")


def _restamp(obj: models.Model, **moments: datetime | None) -> None:
    """Put back times the model stamps itself on save (auto_now and auto_now_add)."""
    type(obj)._default_manager.filter(pk=obj.pk).update(**moments)


class _Clinic:
    """The target clinic's staff, services and rooms by name, created when missing."""

    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic
        self.staff = {s.display_name: s for s in Staff.objects.filter(clinic=clinic)}
        self.services = {s.name: s for s in Service.objects.filter(clinic=clinic)}
        self.rooms = {r.name: r for r in Room.objects.filter(clinic=clinic)}

    def therapist(self, name: str) -> Staff:
        if name not in self.staff:
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "staff"
            user = get_user_model().objects.create_user(
                username=f"imported-{self.clinic.pk}-{slug}-{len(self.staff) + 1}", password=None
            )
            self.staff[name] = Staff.objects.create(
                user=user, clinic=self.clinic, display_name=name, takes_bookings=False
            )
        return self.staff[name]

    def user(self, name: str | None, client: Client) -> Any:
        if name is None or name == "someone else":
            return None
        if name == "client":
            return client.user
        return self.therapist(name).user

    def service(self, name: str, minutes: int) -> Service:
        if name not in self.services:
            self.services[name] = Service.objects.create(
                clinic=self.clinic, name=name, duration_minutes=minutes, active=False
            )
        return self.services[name]

    def room(self, name: str, kind: str) -> Room:
        if name not in self.rooms:
            self.rooms[name] = Room.objects.create(
                clinic=self.clinic, name=name, kind=kind, active=False
            )
        return self.rooms[name]


@transaction.atomic
def load_client(data: dict[str, Any], clinic: Clinic) -> Client:
    """Create the exported client, with everything linked to them, in `clinic`."""
    check_format(data)
    place = _Clinic(clinic)
    about = data["client"]
    client = Client.objects.create(
        clinic=clinic,
        name=about["name"],
        email=about["email"],
        phone=about["phone"],
        consent_given_at=_when(about["consent_given_at"]),
        notes=about["notes"],
    )
    _restamp(client, created_at=_when(about["created_at"]))
    ids: dict[str, dict[int, int]] = {section: {} for section in SECTIONS}

    def ref(section: str, old: int | None) -> int | None:
        return None if old is None else ids[section][old]

    for row in data["series"]:
        series = RecurringSeries.objects.create(
            client=client,
            therapist=place.therapist(row["therapist"]),
            service=place.service(row["service"], row["service_minutes"]),
            first_start=_at(row["first_start"]),
            weeks=row["weeks"],
        )
        _restamp(series, created_at=_when(row["created_at"]))
        ids["series"][row["id"]] = series.pk
    for row in data["appointments"]:
        service = place.service(row["service"], row["service_minutes"])
        kind = service.room_kind if service.room_kind in RoomKind.values else RoomKind.TREATMENT
        appointment = Appointment.objects.create(
            client=client,
            therapist=place.therapist(row["therapist"]),
            room=place.room(row["room"], kind),
            service=service,
            series_id=ref("series", row["series"]),
            start=_at(row["start"]),
            end=_at(row["end"]),
            blocked_start=_at(row["blocked_start"]),
            blocked_end=_at(row["blocked_end"]),
            status=row["status"],
            cancellation_reason=row["cancellation_reason"],
            ics_sequence=row["calendar_sequence"],
            reminder_sent_at=_when(row["reminder_sent_at"]),
        )
        _restamp(appointment, created_at=_when(row["created_at"]))
        ids["appointments"][row["id"]] = appointment.pk
    for row in data["drawings"]:
        drawing = PainDrawing.objects.create(
            client=client,
            appointment_id=ref("appointments", row["appointment"]),
            source=row["source"],
            marks=row["marks"],
        )
        _restamp(drawing, created_at=_when(row["created_at"]))
        ids["drawings"][row["id"]] = drawing.pk
    for row in data["visits"]:
        ids["visits"][row["id"]] = _load_visit(row, client, place, ref).pk
    for row in data["measurements"]:
        measurement = Measurement.objects.create(
            client=client,
            visit_id=ref("visits", row["visit"]),
            measure=row["measure"],
            value=row["value"],
            timing=row["timing"],
            site=row["site"],
            detail=row["detail"],
            measured_at=_at(row["measured_at"]),
            recorded_by=place.user(row["recorded_by"], client),
        )
        ids["measurements"][row["id"]] = measurement.pk
    for row in data["home_plans"]:
        plan = HomePlan.objects.create(
            client=client, visit_id=ref("visits", row["visit"]), advice=row["advice"]
        )
        _restamp(plan, created_at=_when(row["created_at"]))
        HomePlanItem.objects.bulk_create(HomePlanItem(plan=plan, **item) for item in row["items"])
        ids["home_plans"][row["id"]] = plan.pk
    client.refresh_from_db()  # the restamped creation time
    return client


Ref = Callable[[str, int | None], int | None]


def _load_visit(row: dict[str, Any], client: Client, place: _Clinic, ref: Ref) -> Visit:
    visit = Visit.objects.create(
        appointment_id=ref("appointments", row["appointment"]),
        client=client,
        therapist=place.therapist(row["therapist"]),
        planned_points=row["planned_points"],
        join_code=row["join_code"],
        started_at=_when(row["started_at"]),
        ended_at=_when(row["ended_at"]),
    )
    _restamp(visit, created_at=_when(row["created_at"]))
    SessionEvent.objects.bulk_create(
        SessionEvent(visit=visit, seq=e["seq"], kind=e["kind"], at=_at(e["at"]), data=e["data"])
        for e in row["events"]
    )
    for found in row["findings"]:
        recorded_at = _when(found["recorded_at"])
        fields = {k: v for k, v in found.items() if k != "recorded_at"}
        finding = Finding.objects.create(visit=visit, **fields)
        _restamp(finding, recorded_at=recorded_at)
    if row["note"] is not None:
        _load_note(row["note"], visit, client, place)
    return visit


def _load_note(row: dict[str, Any], visit: Visit, client: Client, place: _Clinic) -> None:
    note = Note.objects.create(
        visit=visit,
        subjective=row["subjective"],
        objective=row["objective"],
        assessment=row["assessment"],
        plan=row["plan"],
        status=row["status"],
        signed_by=place.user(row["signed_by"], client),
        signed_at=_when(row["signed_at"]),
    )
    for amendment in row["amendments"]:
        saved = NoteAmendment.objects.create(
            note=note, text=amendment["text"], author=place.user(amendment["author"], client)
        )
        _restamp(saved, at=_when(amendment["at"]))
    _restamp(note, updated_at=_when(row["updated_at"]))


def sections(data: dict[str, Any]) -> Iterable[tuple[str, int]]:
    """How many records each section of an export holds, for a summary line."""
    for section in SECTIONS:
        yield section, len(data[section])

"""Loading a client export (`interop.export`) into a clinic, idempotently.

Records are matched by the UUID the export carries: a record already on file is left
as it is and only what is missing is created, so loading the same file twice changes
nothing, and loading a later export of the same client adds what happened since. One
record lives in one clinic: a client whose UUID is on file at another clinic is refused.
The whole load is one transaction, so a file that fails half way leaves nothing behind.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.db import models, transaction

from triggerpoint.clinic.models import (
    Appointment,
    Client,
    Clinic,
    Finding,
    HomePlan,
    HomePlanCheck,
    HomePlanItem,
    Measurement,
    Note,
    NoteAmendment,
    PainDrawing,
    RecurringSeries,
    Room,
    SelfTreatment,
    Service,
    SessionEvent,
    Staff,
    Visit,
)
from triggerpoint.clinic.models.places import RoomKind
from triggerpoint.interop.export import SECTIONS, ExportFormatError, check_format
from triggerpoint.protocol import session_from_dict

M = TypeVar("M", bound=models.Model)


class ImportConflictError(ExportFormatError):
    """The data clashes with what the database holds (a record of another clinic)."""


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _uuid(row: dict[str, Any], where: str) -> uuid.UUID:
    """The row's UUID, or a new one for exports made before records had them."""
    if row.get("uuid") is None:
        return uuid.uuid4()
    try:
        return uuid.UUID(str(row["uuid"]))
    except ValueError:
        raise ExportFormatError(f"{where}: {row['uuid']!r} is not a UUID") from None


def _restamp(obj: models.Model, **moments: datetime | None) -> None:
    """Put back times the model stamps itself on save (auto_now and auto_now_add); a time
    the source does not know (FHIR has no creation time for some) keeps the stamp."""
    known = {name: moment for name, moment in moments.items() if moment is not None}
    if known:
        type(obj)._default_manager.filter(pk=obj.pk).update(**known)


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
            return _client_login(client)
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


def _client_login(client: Client) -> Any:
    """The client's own account, made (without a usable password) when the export shows
    they recorded something themself: the record keeps naming them, and they can set a
    password through the usual reset."""
    if client.user is None:
        client.user = get_user_model().objects.create_user(
            username=f"client-{client.uuid}", email=client.email, password=None
        )
        client.save(update_fields=["user"])
    return client.user


def _existing(model: type[M], key: uuid.UUID) -> M | None:
    return model._default_manager.filter(uuid=key).first()


@transaction.atomic
def load_client(data: dict[str, Any], clinic: Clinic) -> Client:
    """Create the exported client, with everything linked to them, in `clinic`; what is
    already on file (matched by UUID) is kept as it is."""
    check_format(data)
    place = _Clinic(clinic)
    about = data["client"]
    key = _uuid(about, "client")
    found = _existing(Client, key)
    if found is not None and found.clinic_id != clinic.pk:
        raise ImportConflictError(
            f"client {key} is on file at another clinic (#{found.clinic_id}); "
            "a record lives in one clinic"
        )
    client = found or Client.objects.create(
        uuid=key,
        clinic=clinic,
        name=about["name"],
        email=about["email"],
        phone=about["phone"],
        date_of_birth=date.fromisoformat(about["date_of_birth"])
        if about.get("date_of_birth")
        else None,
        consent_given_at=_when(about["consent_given_at"]),
        notes=about["notes"],
    )
    if found is None:
        _restamp(client, created_at=_when(about["created_at"]))
    ids: dict[str, dict[int, int]] = {section: {} for section in SECTIONS}

    def ref(section: str, old: int | None) -> int | None:
        return None if old is None else ids[section][old]

    def each(section: str, model: type[M], make: Callable[[dict[str, Any], uuid.UUID], M]) -> None:
        for n, row in enumerate(data[section], start=1):
            where = f"{section} #{n}"
            try:
                row_key = _uuid(row, where)
                record = _existing(model, row_key)
                if record is not None and getattr(record, "client_id", client.pk) != client.pk:
                    raise ImportConflictError(f"{where}: {row_key} belongs to another client")
                ids[section][row["id"]] = (record or make(row, row_key)).pk
            except (KeyError, TypeError, ValueError) as error:
                if isinstance(error, ExportFormatError):
                    raise
                raise ExportFormatError(f"{where}: {_reason(error)}") from None

    each("series", RecurringSeries, lambda row, k: _series(row, k, client, place))
    each("appointments", Appointment, lambda row, k: _appointment(row, k, client, place, ref))
    each("drawings", PainDrawing, lambda row, k: _drawing(row, k, client, ref))
    each("visits", Visit, lambda row, k: _load_visit(row, k, client, place, ref))
    each("measurements", Measurement, lambda row, k: _measurement(row, k, client, place, ref))
    each("home_plans", HomePlan, lambda row, k: _plan(row, k, client, ref))
    _checks(data["home_plans"], ids["home_plans"])
    _self_treatments(data.get("self_treatments", []), client)  # optional: older exports
    client.refresh_from_db()  # the restamped creation time
    return client


def _reason(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"lacks {error.args[0]!r}"
    return str(error)


Ref = Callable[[str, int | None], int | None]


def _series(row: dict[str, Any], key: uuid.UUID, client: Client, place: _Clinic) -> Any:
    series = RecurringSeries.objects.create(
        uuid=key,
        client=client,
        therapist=place.therapist(row["therapist"]),
        service=place.service(row["service"], row["service_minutes"]),
        first_start=_at(row["first_start"]),
        weeks=row["weeks"],
    )
    _restamp(series, created_at=_when(row["created_at"]))
    return series


def _appointment(
    row: dict[str, Any], key: uuid.UUID, client: Client, place: _Clinic, ref: Ref
) -> Appointment:
    service = place.service(row["service"], row["service_minutes"])
    kind = service.room_kind if service.room_kind in RoomKind.values else RoomKind.TREATMENT
    appointment = Appointment.objects.create(
        uuid=key,
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
    return appointment


def _drawing(row: dict[str, Any], key: uuid.UUID, client: Client, ref: Ref) -> PainDrawing:
    drawing = PainDrawing.objects.create(
        uuid=key,
        client=client,
        appointment_id=ref("appointments", row["appointment"]),
        source=row["source"],
        marks=row["marks"],
    )
    _restamp(drawing, created_at=_when(row["created_at"]))
    return drawing


def _measurement(
    row: dict[str, Any], key: uuid.UUID, client: Client, place: _Clinic, ref: Ref
) -> Measurement:
    return Measurement.objects.create(
        uuid=key,
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


def _plan(row: dict[str, Any], key: uuid.UUID, client: Client, ref: Ref) -> HomePlan:
    plan = HomePlan.objects.create(
        uuid=key, client=client, visit_id=ref("visits", row["visit"]), advice=row["advice"]
    )
    _restamp(plan, created_at=_when(row["created_at"]))
    for fields in row["items"]:
        HomePlanItem.objects.create(plan=plan, **{k: v for k, v in fields.items() if k != "checks"})
    return plan


def _checks(rows: list[dict[str, Any]], plan_ids: dict[int, int]) -> None:
    """The days the client ticked each item off, added to new and existing plans alike
    (a later export brings later days); a day on file is left as it is."""
    for n, row in enumerate(rows, start=1):
        items = HomePlanItem.objects.filter(plan_id=plan_ids[row["id"]]).order_by("pk")
        try:
            checks = [
                HomePlanCheck(item=item, day=date.fromisoformat(day))
                for item, exported in zip(items, row["items"], strict=False)
                for day in exported.get("checks", [])  # none before self-care tracking
            ]
        except (TypeError, ValueError) as error:
            raise ExportFormatError(f"home_plans #{n}: checks: {_reason(error)}") from None
        HomePlanCheck.objects.bulk_create(checks, ignore_conflicts=True)


def _self_treatments(rows: list[dict[str, Any]], client: Client) -> None:
    """Self-treatments have no UUID of their own: one is on file when the client already
    has one at the same point and start, so a second import adds nothing."""
    on_file = set(client.self_treatments.values_list("trigger_point", "started_at"))
    for n, row in enumerate(rows, start=1):
        try:
            started = _at(row["started_at"])
            session_from_dict(row["record"])  # a hand-edited or truncated log is refused
            if (row["trigger_point"], started) in on_file:
                continue
            treatment = SelfTreatment.objects.create(
                client=client,
                trigger_point=row["trigger_point"],
                started_at=started,
                cycles=row["cycles"],
                record=row["record"],
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ExportFormatError(f"self_treatments #{n}: {_reason(error)}") from None
        _restamp(treatment, created_at=_when(row.get("created_at")))
        on_file.add((treatment.trigger_point, started))


def _load_visit(
    row: dict[str, Any], key: uuid.UUID, client: Client, place: _Clinic, ref: Ref
) -> Visit:
    visit = Visit.objects.create(
        uuid=key,
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
    for n, found in enumerate(row["findings"], start=1):
        recorded_at = _when(found["recorded_at"])
        fields = {k: v for k, v in found.items() if k not in ("recorded_at", "uuid")}
        finding = Finding.objects.create(visit=visit, uuid=_uuid(found, f"finding #{n}"), **fields)
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

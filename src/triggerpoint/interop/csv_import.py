"""A clinic moving in: clients and appointments from a practice-management CSV export.

Real exports differ in their headers and date formats, so which column holds what is a
small YAML file the owner edits (`data/csv_mapping.yaml` is the template). Every row is
checked before anything is written; a row with problems is reported with its line
number and reason, and the import is all or nothing unless the caller asks to skip bad
rows. A client whose email is already on file at the clinic is left as it is, so
importing the same file twice creates nobody twice.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from triggerpoint.clinic.models import ACTIVE, Appointment, Client, Clinic, Room, Service, Staff

CLIENT_FIELDS = ("name", "email", "phone", "date_of_birth", "notes")
APPOINTMENT_FIELDS = ("client_email", "service", "therapist", "start")
REQUIRED = {"clients": ("name", "email"), "appointments": APPOINTMENT_FIELDS}
BATCH = 1000

Progress = Callable[[int], None]


class MappingError(ValueError):
    """The mapping file, or the CSV's header, cannot be used."""


@dataclass(frozen=True)
class Mapping:
    clients: dict[str, tuple[str, ...]]
    appointments: dict[str, tuple[str, ...]]
    date_format: str
    datetime_format: str


def template() -> str:
    return resources.files("triggerpoint.interop").joinpath("data/csv_mapping.yaml").read_text()


def load_mapping(path: Path | None) -> Mapping:
    where = str(path) if path else "the built-in mapping"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8") if path else template())
    except OSError as error:
        raise MappingError(f"cannot read {path}: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise MappingError(f"{where} is not YAML: {str(error).splitlines()[0]}") from None
    if not isinstance(raw, dict):
        raise MappingError(f"{where}: expected sections clients and appointments")
    sections = {}
    for section, known in (("clients", CLIENT_FIELDS), ("appointments", APPOINTMENT_FIELDS)):
        columns = raw.get(section) or {}
        if not isinstance(columns, dict):
            raise MappingError(f"{where}: {section} must map fields to column names")
        unknown = sorted(set(columns) - set(known))
        if unknown:
            raise MappingError(f"{where}: {section} has no field {unknown[0]!r}")
        sections[section] = {
            key: tuple(value) if isinstance(value, list) else (str(value),)
            for key, value in columns.items()
            if value
        }
    return Mapping(
        clients=sections["clients"],
        appointments=sections["appointments"],
        date_format=str(raw.get("date_format", "%Y-%m-%d")),
        datetime_format=str(raw.get("datetime_format", "%Y-%m-%d %H:%M")),
    )


@dataclass
class Checked:
    """The rows ready to write, the rows already on file, and the problems per row."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    on_file: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)


def read_csv(
    path: Path, columns: dict[str, tuple[str, ...]], section: str
) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row as {field: text}, with its line number in the file."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise MappingError(f"cannot read {path}: {error.strerror}") from None
    with handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        for name in REQUIRED[section]:
            if name not in columns:
                raise MappingError(f"the mapping gives no column for {section} {name}")
        missing = [c for cols in columns.values() for c in cols if c not in header]
        if missing:
            raise MappingError(f"{path} has no column {missing[0]!r} (it has {', '.join(header)})")
        for row in reader:
            values = {
                key: " ".join((row.get(c) or "").strip() for c in cols).strip()
                for key, cols in columns.items()
            }
            yield reader.line_num, values


def check_clients(
    rows: Iterable[tuple[int, dict[str, str]]], clinic: Clinic, mapping: Mapping
) -> Checked:
    on_file = {
        e.lower() for e in Client.objects.filter(clinic=clinic).values_list("email", flat=True)
    }
    seen: dict[str, int] = {}
    checked = Checked()
    for line, values in rows:
        problem, row = _client_row(values, mapping)
        email = values.get("email", "").lower()
        if problem is None and email in seen:
            problem = f"the email {email} is also on line {seen[email]}"
        if problem is not None:
            checked.problems.append((line, problem))
            continue
        seen[email] = line
        if email in on_file:
            checked.on_file += 1
        else:
            checked.rows.append(row)
    return checked


def _client_row(values: dict[str, str], mapping: Mapping) -> tuple[str | None, dict[str, Any]]:
    name, email = values.get("name", ""), values.get("email", "")
    if not name:
        return "no name", {}
    if len(name) > 200:
        return "the name is longer than 200 characters", {}
    try:
        validate_email(email)
    except ValidationError:
        return f"{email!r} is not an email address" if email else "no email", {}
    phone = values.get("phone", "")
    if len(phone) > 40:
        return "the phone number is longer than 40 characters", {}
    born: date | None = None
    if values.get("date_of_birth"):
        try:
            born = datetime.strptime(values["date_of_birth"], mapping.date_format).date()
        except ValueError:
            return f"date of birth {values['date_of_birth']!r} is not {mapping.date_format}", {}
    row = {
        "name": name,
        "email": email,
        "phone": phone,
        "date_of_birth": born,
        "notes": values.get("notes", ""),
    }
    return None, row


def write_clients(rows: list[dict[str, Any]], clinic: Clinic, progress: Progress) -> int:
    for first in range(0, len(rows), BATCH):
        chunk = rows[first : first + BATCH]
        Client.objects.bulk_create(Client(clinic=clinic, **row) for row in chunk)
        progress(len(chunk))
    return len(rows)


def check_appointments(
    rows: Iterable[tuple[int, dict[str, str]]], clinic: Clinic, mapping: Mapping
) -> Checked:
    """Each booking must name a client on file, a service and a therapist of the clinic,
    and a start in the clinic's own time zone."""
    clients = {c.email.lower(): c for c in Client.objects.filter(clinic=clinic)}
    services = {s.name.lower(): s for s in Service.objects.filter(clinic=clinic)}
    staff = {s.display_name.lower(): s for s in Staff.objects.filter(clinic=clinic)}
    rooms = list(clinic.rooms.filter(active=True).order_by("pk"))
    checked = Checked()
    for line, values in rows:
        client = clients.get(values["client_email"].lower())
        service = services.get(values["service"].lower())
        therapist = staff.get(values["therapist"].lower())
        problem = (
            f"no client with the email {values['client_email']!r}"
            if client is None
            else f"no service {values['service']!r}"
            if service is None
            else f"no therapist {values['therapist']!r}"
            if therapist is None
            else None
        )
        start = None
        if problem is None:
            try:
                start = datetime.strptime(values["start"], mapping.datetime_format)
            except ValueError:
                problem = f"start {values['start']!r} is not {mapping.datetime_format}"
        if problem is not None or start is None or service is None:
            checked.problems.append((line, problem or "unreadable"))
            continue
        begins = start.replace(tzinfo=clinic.zone)
        ends = begins + timedelta(minutes=service.duration_minutes)
        if Appointment.objects.filter(client=client, start=begins, service=service).exists():
            checked.on_file += 1
            continue
        blocked = (
            begins - timedelta(minutes=service.buffer_before_minutes),
            ends + timedelta(minutes=service.buffer_after_minutes),
        )
        room = _free_room(rooms, service, blocked, checked.rows)
        if room is None:
            checked.problems.append((line, f"no {service.room_kind} room is free then"))
            continue
        checked.rows.append(
            {
                "client": client,
                "therapist": therapist,
                "service": service,
                "room": room,
                "start": begins,
                "end": ends,
                "blocked_start": blocked[0],
                "blocked_end": blocked[1],
            }
        )
    return checked


def _free_room(
    rooms: list[Room],
    service: Service,
    blocked: tuple[datetime, datetime],
    taken: list[dict[str, Any]],
) -> Room | None:
    """The first room of the service's kind with no booking in the blocked time, in the
    database or among the rows about to be written."""
    for room in rooms:
        if room.kind != service.room_kind:
            continue
        clash = (
            any(
                row["room"] == room
                and row["blocked_start"] < blocked[1]
                and blocked[0] < row["blocked_end"]
                for row in taken
            )
            or Appointment.objects.filter(
                ACTIVE, room=room, blocked_start__lt=blocked[1], blocked_end__gt=blocked[0]
            ).exists()
        )
        if not clash:
            return room
    return None


def write_appointments(rows: list[dict[str, Any]], progress: Progress) -> int:
    for first in range(0, len(rows), BATCH):
        chunk = rows[first : first + BATCH]
        Appointment.objects.bulk_create(Appointment(**row) for row in chunk)
        progress(len(chunk))
    return len(rows)

"""A clinic moving in: clients and appointments from a practice-management CSV export.

Real exports differ in their headers and date formats, so which column holds what is a
small YAML file the owner edits (`data/csv_mapping.yaml` is the template). Every row is
checked before anything is written; a row with problems is reported with its line
number and reason, and the import is all or nothing unless the caller asks to skip bad
rows. A client whose email is already on file at the clinic is left as it is, so
importing the same file twice creates nobody twice.
"""

from __future__ import annotations

import bisect
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
from django.db.models import Q

from triggerpoint.clinic.models import ACTIVE, Appointment, Client, Clinic, Service, Staff

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
    rows: Iterable[tuple[int, dict[str, str]]],
    clinic: Clinic,
    mapping: Mapping,
    progress: Progress | None = None,
) -> Checked:
    on_file = {
        e.lower() for e in Client.objects.filter(clinic=clinic).values_list("email", flat=True)
    }
    seen: dict[str, int] = {}
    checked = Checked()
    for done, (line, values) in enumerate(rows, start=1):
        if progress is not None and done % BATCH == 0:
            progress(BATCH)
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
    rows: Iterable[tuple[int, dict[str, str]]],
    clinic: Clinic,
    mapping: Mapping,
    progress: Progress | None = None,
) -> Checked:
    """Each booking must name a client on file, a service and a therapist of the clinic,
    and a start in the clinic's own time zone, and find a free room with its therapist
    free too.

    The bookings already on file are read in two queries and kept per room and per
    therapist as sorted, disjoint intervals (`Timeline`), so a file of n rows costs
    n log n comparisons instead of one query per row and room and a scan of every row
    accepted so far."""
    clients = {c.email.lower(): c for c in Client.objects.filter(clinic=clinic)}
    services = {s.name.lower(): s for s in Service.objects.filter(clinic=clinic)}
    staff = {s.display_name.lower(): s for s in Staff.objects.filter(clinic=clinic)}
    rooms = list(clinic.rooms.filter(active=True).order_by("pk"))
    on_file = set(
        Appointment.objects.filter(client__clinic=clinic).values_list(
            "client_id", "start", "service_id"
        )
    )
    room_time: dict[int, Timeline] = {room.pk: Timeline() for room in rooms}
    therapist_time: dict[int, Timeline] = {s.pk: Timeline() for s in staff.values()}
    held = Appointment.objects.filter(ACTIVE).filter(
        Q(room__in=rooms) | Q(therapist__in=list(staff.values()))
    )
    for room_id, therapist_id, begins, ends in held.values_list(
        "room_id", "therapist_id", "blocked_start", "blocked_end"
    ):
        if room_id in room_time:
            room_time[room_id].add(begins, ends)
        if therapist_id in therapist_time:
            therapist_time[therapist_id].add(begins, ends)
    checked = Checked()
    for done, (line, values) in enumerate(rows, start=1):
        if progress is not None and done % BATCH == 0:
            progress(BATCH)
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
        if problem is not None or start is None:
            checked.problems.append((line, problem or "unreadable"))
            continue
        if client is None or service is None or therapist is None:
            continue  # named as a problem above; this tells the type checker
        begins = start.replace(tzinfo=clinic.zone)
        ends = begins + timedelta(minutes=service.duration_minutes)
        key = (client.pk, begins, service.pk)
        if key in on_file:
            checked.on_file += 1
            continue
        blocked = (
            begins - timedelta(minutes=service.buffer_before_minutes),
            ends + timedelta(minutes=service.buffer_after_minutes),
        )
        if therapist_time[therapist.pk].clashes(*blocked):
            checked.problems.append((line, f"{therapist.display_name} is already booked then"))
            continue
        room = next(
            (
                r
                for r in rooms
                if r.kind == service.room_kind and not room_time[r.pk].clashes(*blocked)
            ),
            None,
        )
        if room is None:
            checked.problems.append((line, f"no {service.room_kind} room is free then"))
            continue
        room_time[room.pk].add(*blocked)
        therapist_time[therapist.pk].add(*blocked)
        on_file.add(key)
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


class Timeline:
    """The busy times of one room or therapist: disjoint [start, end) intervals sorted by
    start. Overlapping intervals are merged when added, which keeps the answer to "does
    this time clash?" the same and lets it look at one neighbour only (a bisection)."""

    def __init__(self) -> None:
        self.starts: list[datetime] = []
        self.ends: list[datetime] = []

    def clashes(self, start: datetime, end: datetime) -> bool:
        i = bisect.bisect_left(self.starts, end)  # intervals before i start before `end`
        return i > 0 and self.ends[i - 1] > start

    def add(self, start: datetime, end: datetime) -> None:
        lo = bisect.bisect_left(self.ends, start)  # first interval ending after `start`
        hi = bisect.bisect_right(self.starts, end)  # past the last starting before `end`
        if lo < hi:  # touches or overlaps intervals lo..hi-1: merge them
            start = min(start, self.starts[lo])
            end = max(end, self.ends[hi - 1])
        self.starts[lo:hi] = [start]
        self.ends[lo:hi] = [end]


def write_appointments(rows: list[dict[str, Any]], progress: Progress) -> int:
    for first in range(0, len(rows), BATCH):
        chunk = rows[first : first + BATCH]
        Appointment.objects.bulk_create(Appointment(**row) for row in chunk)
        progress(len(chunk))
    return len(rows)

"""Demo and scale data: one realistic clinic by default, many clinics for load tests.

Bookings are generated in memory, never overlapping per therapist or room (checked with
the same interval helpers as the booking engine), then written in bulk: batched
`bulk_create` on SQLite, COPY on PostgreSQL. Everything derives from one seed, so two runs
make the same data.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from triggerpoint.clinic.booking.intervals import Interval, is_free, merge
from triggerpoint.clinic.demo import visits as demo_visits
from triggerpoint.clinic.models import (
    Client,
    Clinic,
    OpeningHours,
    Role,
    Room,
    Service,
    Staff,
    Status,
    TimeOff,
    WorkingHours,
)
from triggerpoint.clinic.models.places import RoomKind
from triggerpoint.clinic.treatment import health_intake

# Documented in the README and printed by `triggerpoint demo`: for the demo only.
DEMO_PASSWORD = "triggerpoint-demo"

Progress = Callable[[str, int, int], None]  # (task, done, total)
# One appointment as the values of COLUMNS, without the two timestamps.
Row = tuple[
    int, int, int, int, datetime, datetime, datetime, datetime, str, str, int, datetime | None
]

SERVICES = [
    # name, description, minutes, buffer after, price, room kind
    (
        "Trigger point therapy, 30 minutes",
        "A focused session on one area: find the trigger points that refer your pain, "
        "release them with sustained pressure, and leave with one stretch.",
        30,
        10,
        "40.00",
        RoomKind.TREATMENT,
    ),
    (
        "Trigger point therapy, 60 minutes",
        "The standard session: a look at your pain drawing, palpation of the likely "
        "sources, pressure release in cycles, and a home plan.",
        60,
        15,
        "65.00",
        RoomKind.TREATMENT,
    ),
    (
        "Trigger point therapy, 90 minutes",
        "For pain in several regions or long-standing patterns: time for key and "
        "satellite trigger points and stretching together.",
        90,
        15,
        "90.00",
        RoomKind.TREATMENT,
    ),
    (
        "Back treatment",
        "Low and mid back: quadratus lumborum, gluteal and paraspinal trigger points, "
        "followed by gentle mobilisation.",
        45,
        10,
        "55.00",
        RoomKind.TREATMENT,
    ),
    (
        "Spa afternoon",
        "A quiet afternoon in the spa suite: warm-up, full-body massage with trigger "
        "point work where you want it, and rest.",
        180,
        30,
        "140.00",
        RoomKind.SPA,
    ),
]
# Weekly hours per therapist pattern: (weekdays, start, end) in local time.
HOURS = [
    ((0, 1, 2, 3, 4), time(9), time(17)),
    ((1, 2, 3, 4, 5), time(10), time(18)),
    ((0, 2, 3), time(12), time(20)),
]
FIRST = ["Amira", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hugo", "Isla", "Jon", "Kira"]
LAST = ["Ashdown", "Barker", "Coates", "Dunmore", "Ellery", "Frome", "Garside", "Hale", "Ives"]


@dataclass(frozen=True)
class Login:
    email: str
    role: str


@dataclass
class Summary:
    clinics: int
    therapists: int
    clients: int
    appointments: int
    logins: list[Login]


def _noop(task: str, done: int, total: int) -> None:
    return None


def create(
    clinics: int = 1,
    therapists: int = 3,
    clients: int = 20,
    weeks: int = 4,
    seed: int = 7,
    now: datetime | None = None,
    progress: Progress = _noop,
) -> Summary:
    """Create `clinics` clinics with staff, rooms, services, clients and bookings.

    Bookings run from `weeks` weeks ago to `weeks` weeks ahead.
    """
    rng = random.Random(seed)
    now = now or timezone.now()
    password = make_password(DEMO_PASSWORD)  # hashed once, shared by every demo login
    logins: list[Login] = []
    total = 0
    for number in range(clinics):
        with transaction.atomic():
            clinic, staff, owner_login = _clinic(number, therapists, password)
            logins.extend(owner_login)
            rooms, services = _rooms_and_services(clinic, therapists)
            people, client_logins = _clients(clinic, number, clients, password, rng)
            logins.extend(client_logins)
        logins.extend(Login(t.user.email, "therapist") for t in staff if number == 0)
        rows = plan_bookings(staff, rooms, services, people, weeks, now, rng)
        total += write_appointments(rows, partial(progress, clinic.name))
        demo_visits.create(clinic.pk, now)  # clients with a login get a history
    return Summary(clinics, clinics * therapists, clinics * clients, total, logins)


def _clinic(number: int, therapists: int, password: str) -> tuple[Clinic, list[Staff], list[Login]]:
    user_model = get_user_model()
    first = number == 0
    clinic = Clinic.objects.create(
        name="Harbour Street Clinic" if first else f"Clinic {number + 1}",
        time_zone="Europe/London",
        address="12 Harbour Street\nPortsmouth PO1 3AA" if first else f"{number + 1} High Street",
        phone="023 9200 0000" if first else f"023 9200 000{number + 1}",
        email="hello@harbourstreet.example" if first else f"hello@clinic{number + 1}.example",
        cancellation_notice_hours=24,
    )
    # Door and phone open Monday to Friday 09:00-19:00, Saturday 09:00-13:00.
    OpeningHours.objects.bulk_create(
        [OpeningHours(clinic=clinic, weekday=d, opens=time(9), closes=time(19)) for d in range(5)]
        + [OpeningHours(clinic=clinic, weekday=5, opens=time(9), closes=time(13))]
    )
    health_intake.current(clinic)  # the default questionnaire, version 1
    owner_email = "owner@example.com" if first else f"owner{number + 1}@example.com"
    owner_user = user_model.objects.create(
        username=owner_email,
        email=owner_email,
        password=password,
    )
    Staff.objects.create(
        user=owner_user,
        clinic=clinic,
        role=Role.OWNER,
        display_name="Olivia Owner",
        takes_bookings=False,
    )
    staff = []
    for k in range(therapists):
        index = number * therapists + k + 1
        email = f"therapist{index}@example.com"
        # No is_staff and no admin permissions: the admin is the owner's (clinic/people/access.py).
        user = user_model.objects.create(username=email, email=email, password=password)
        name = f"{FIRST[index % len(FIRST)]} {LAST[index % len(LAST)]}"
        member = Staff.objects.create(user=user, clinic=clinic, display_name=name)
        weekdays, start, end = HOURS[k % len(HOURS)]
        WorkingHours.objects.bulk_create(
            WorkingHours(staff=member, weekday=d, start=start, end=end) for d in weekdays
        )
        staff.append(member)
    if staff and first:
        # One day of leave in the coming week, so the demo shows time off.
        leave = timezone.now().date() + timedelta(days=3)
        zone = clinic.zone
        TimeOff.objects.create(
            staff=staff[-1],
            start=datetime.combine(leave, time(0), tzinfo=zone),
            end=datetime.combine(leave + timedelta(days=1), time(0), tzinfo=zone),
            reason="Training course",
        )
    return clinic, staff, [Login(owner_email, "owner")]


def _rooms_and_services(clinic: Clinic, therapists: int) -> tuple[list[Room], list[Service]]:
    treatment_rooms = max(2, (therapists * 2 + 2) // 3)
    rooms = [
        Room.objects.create(clinic=clinic, name=f"Treatment room {n + 1}", kind=RoomKind.TREATMENT)
        for n in range(treatment_rooms)
    ]
    rooms.append(Room.objects.create(clinic=clinic, name="Spa suite", kind=RoomKind.SPA))
    services = [
        Service.objects.create(
            clinic=clinic,
            name=name,
            description=text,
            duration_minutes=minutes,
            buffer_after_minutes=buffer,
            price=Decimal(price),
            room_kind=kind,
        )
        for name, text, minutes, buffer, price, kind in SERVICES
    ]
    return rooms, services


def _clients(
    clinic: Clinic, number: int, count: int, password: str, rng: random.Random
) -> tuple[list[Client], list[Login]]:
    user_model = get_user_model()
    logins = []
    people = []
    consent = timezone.now() - timedelta(days=60)
    for k in range(count):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        with_login = number == 0 and k < 3
        email = (
            f"client{k + 1}@example.com"
            if number == 0
            else f"client{k + 1}.c{number + 1}@example.com"
        )
        user = None
        if with_login:
            user = user_model.objects.create(username=email, email=email, password=password)
            logins.append(Login(email, "client"))
        people.append(
            Client(
                clinic=clinic,
                user=user,
                name=name,
                email=email,
                phone=f"07700 9{rng.randrange(10**5):05d}",
                consent_given_at=consent,
            )
        )
    return Client.objects.bulk_create(people, batch_size=2000), logins


def plan_bookings(
    staff: list[Staff],
    rooms: list[Room],
    services: list[Service],
    people: list[Client],
    weeks: int,
    now: datetime,
    rng: random.Random,
) -> list[Row]:
    """Appointments for every working day from `weeks` ago to `weeks` ahead; no overlaps."""
    if not staff or not people:
        return []
    clinic = staff[0].clinic
    zone = clinic.zone
    hours: dict[int, dict[int, tuple[time, time]]] = defaultdict(dict)
    for row in WorkingHours.objects.filter(staff__in=staff):
        hours[row.staff_id][row.weekday] = (row.start, row.end)
    by_kind: dict[str, list[Room]] = defaultdict(list)
    for room in rooms:
        by_kind[room.kind].append(room)
    today = now.astimezone(zone).date()
    rows: list[Row] = []
    for offset in range(-7 * weeks, 7 * weeks):
        day = today + timedelta(days=offset)
        room_busy: dict[int, list[Interval]] = defaultdict(list)
        for member in staff:
            window = hours[member.pk].get(day.weekday())
            if window is None:
                continue
            rows.extend(
                _day_of(member, day, window, zone, services, by_kind, room_busy, people, now, rng)
            )
    return rows


def _day_of(
    member: Staff,
    day: date,
    window: tuple[time, time],
    zone: ZoneInfo,
    services: list[Service],
    by_kind: dict[str, list[Room]],
    room_busy: dict[int, list[Interval]],
    people: list[Client],
    now: datetime,
    rng: random.Random,
) -> Iterator[Row]:
    start = datetime.combine(day, window[0], tzinfo=zone).astimezone(UTC)
    close = datetime.combine(day, window[1], tzinfo=zone).astimezone(UTC)
    while start < close:
        service = rng.choices(services, weights=[3, 5, 2, 3, 1])[0]
        end = start + service.duration
        blocked = (start - service.buffer_before, end + service.buffer_after)
        if end > close or rng.random() < 0.3:
            start += timedelta(minutes=30)
            continue
        room = next(
            (r for r in by_kind[service.room_kind] if is_free(room_busy[r.pk], blocked)), None
        )
        if room is None:
            start += timedelta(minutes=30)
            continue
        room_busy[room.pk] = merge([*room_busy[room.pk], blocked])
        yield (
            people[rng.randrange(len(people))].pk,
            member.pk,
            room.pk,
            service.pk,
            start,
            end,
            blocked[0],
            blocked[1],
            _status(start, now, rng),
            "",
            0,
            start - timedelta(days=1) if start < now else None,
        )
        start = blocked[1]


def _status(start: datetime, now: datetime, rng: random.Random) -> str:
    roll = rng.random()
    if start >= now:
        return Status.CANCELLED if roll < 0.05 else Status.BOOKED
    if roll < 0.08:
        return Status.CANCELLED
    return Status.NO_SHOW if roll < 0.12 else Status.COMPLETED


COLUMNS = [
    "client_id",
    "therapist_id",
    "room_id",
    "service_id",
    "start",
    "end",
    "blocked_start",
    "blocked_end",
    "status",
    "cancellation_reason",
    "ics_sequence",
    "reminder_sent_at",
    "created_at",
    "updated_at",
    "uuid",
]


def write_appointments(
    rows: list[Row], progress: Callable[[int, int], None], batch: int = 10_000
) -> int:
    """Insert raw rows in batches (COPY on PostgreSQL); report progress after each batch.

    Django's bulk_create spends most of its time building SQL; at a million rows that is
    minutes, so the rows go straight to the driver.
    """
    stamp = timezone.now()
    quoted = ", ".join(f'"{c}"' for c in COLUMNS)
    done = 0
    for first in range(0, len(rows), batch):
        chunk = [(*row, stamp, stamp, uuid4()) for row in rows[first : first + batch]]
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY clinic_appointment ({quoted}) FROM STDIN") as copy:
                    for values in chunk:
                        copy.write_row(values)
            else:
                marks = ", ".join(["%s"] * len(COLUMNS))
                cursor.executemany(
                    f"INSERT INTO clinic_appointment ({quoted}) VALUES ({marks})",
                    [_for_sqlite(values) for values in chunk],
                )
        done += len(chunk)
        progress(done, len(rows))
    return done


def _for_sqlite(values: tuple[object, ...]) -> list[Any]:
    adapt = connection.ops.adapt_datetimefield_value
    return [_sqlite_value(value, adapt) for value in values]


def _sqlite_value(value: object, adapt: Callable[[Any], Any]) -> Any:
    if isinstance(value, datetime):
        return adapt(value)
    if isinstance(value, UUID):
        return value.hex  # how Django stores a UUIDField on SQLite
    return value

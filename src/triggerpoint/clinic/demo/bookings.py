"""The demo clinic's appointment book: planned in memory, then written in bulk.

Bookings never overlap per therapist or room (checked with the same interval helpers as
the booking engine) and derive from the caller's random generator, so one seed makes the
same book. They are written as raw rows: batched inserts on SQLite, COPY on PostgreSQL.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

from triggerpoint.clinic.booking.intervals import Interval, is_free, merge
from triggerpoint.clinic.models import Client, Room, Service, Staff, Status, WorkingHours

# One appointment as the values of COLUMNS, without the two timestamps.
Row = tuple[
    int, int, int, int, datetime, datetime, datetime, datetime, str, str, int, datetime | None
]


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
        # One weight per service, in the order of seed.SERVICES: the 60 minutes most often.
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

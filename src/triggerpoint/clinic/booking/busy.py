"""Loading what availability needs from the database: the suitable rooms, the bookings of
some therapists and of those rooms, the therapists' time off, and their weekly hours.

Raw SQL because this is the hot path: the ORM's compiler and per-row converters cost more
than the queries themselves here. Times come back as epoch seconds computed by the database,
ready for the array code of `clinic/booking/intervals.py`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

import numpy as np
from django.db import connection

from triggerpoint.clinic.models import Appointment, Room, Status, TimeOff, WorkingHours

# No booking blocks more than 16 hours (services last at most 12 h, each buffer at most
# 2 h), which bounds the index range an overlap query scans; the SQLite triggers use the
# same bound (migration 0004).
LONGEST_BLOCK = timedelta(hours=16)

# The four parts of the busy query, told apart by its first column.
_ROOM, _BOOKED, _ROOM_ONLY, _OFF = 0, 1, 2, 3


@dataclass(frozen=True)
class Busy:
    """Busy times as parallel arrays of epoch seconds; a rank is an index into the ids asked
    about (`therapist_ids`, `room_ids`), one interval per booking or time off."""

    room_ids: list[int]
    staff_rank: np.ndarray
    staff_start: np.ndarray
    staff_end: np.ndarray
    room_rank: np.ndarray
    room_start: np.ndarray
    room_end: np.ndarray


def load_busy(
    therapist_ids: list[int], clinic_id: int, room_kind: str, lo: float, hi: float
) -> Busy:
    """The active rooms of `room_kind`, and the busy times of the therapists and of those
    rooms between the instants `lo` and `hi`, in ONE query.

    Each booking comes back once, with both its therapist and its room: the therapists'
    bookings first, then the rooms' bookings with anyone else. Every appointment that is
    not cancelled holds its time, whatever else its status says (a held offer, for instance).
    """
    sql, params = busy_query(therapist_ids, clinic_id, room_kind, lo, hi)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # NULL becomes NaN, which `_ranks` maps to -1 (no such therapist or room).
    table = np.array(rows, dtype=np.float64).reshape(-1, 5)
    part = table[:, 0]
    room_ids = sorted(int(x) for x in table[part == _ROOM, 1])
    staff_rows = table[(part == _BOOKED) | (part == _OFF)]
    room_rows = table[(part == _BOOKED) | (part == _ROOM_ONLY)]
    room_rank = _ranks(room_rows[:, 2], room_ids)
    # A therapist's booking in a room of another kind (or an inactive one) is not a room's.
    in_rooms = room_rank >= 0
    return Busy(
        room_ids,
        _ranks(staff_rows[:, 1], therapist_ids),
        staff_rows[:, 3],
        staff_rows[:, 4],
        room_rank[in_rooms],
        room_rows[in_rooms, 3],
        room_rows[in_rooms, 4],
    )


def busy_query(
    therapist_ids: list[int], clinic_id: int, room_kind: str, lo: float, hi: float
) -> tuple[str, list[Any]]:
    """The SQL and parameters of `load_busy`'s query (apart, so a test can EXPLAIN it)."""
    ops = connection.ops
    since = ops.adapt_datetimefield_value(datetime.fromtimestamp(lo, UTC))
    until = ops.adapt_datetimefield_value(datetime.fromtimestamp(hi, UTC))
    earliest = ops.adapt_datetimefield_value(datetime.fromtimestamp(lo, UTC) - LONGEST_BLOCK)
    if connection.vendor == "postgresql":
        epoch = "EXTRACT(EPOCH FROM {})::float8"
    else:  # SQLite stores text; julianday to milliseconds, rounded (bookings are minutes)
        epoch = "(ROUND((julianday({}) - 2440587.5) * 86400000.0) / 1000.0)"
    start_at, end_at = epoch.format("start"), epoch.format('"end"')
    bs, be = epoch.format("blocked_start"), epoch.format("blocked_end")
    people = ", ".join(["%s"] * len(therapist_ids))
    rooms = f"SELECT id FROM {Room._meta.db_table} WHERE clinic_id = %s AND kind = %s AND active"
    appointments = Appointment._meta.db_table
    # `blocked_end > since` alone cannot bound an index range; the longest block lets the
    # scan start at `since - 16 h` on (therapist or room, blocked_start). The indexes
    # appt_therapist_busy and appt_room_busy (migration 0014) hold every column read here,
    # so both engines answer from the index without visiting the table.
    near = "status <> %s AND blocked_start < %s AND blocked_start >= %s AND blocked_end > %s"
    # Separate parts rather than one OR, so each walks its own index.
    sql = (
        f"SELECT {_ROOM}, id, NULL, NULL, NULL FROM ({rooms}) suitable "
        f"UNION ALL SELECT {_BOOKED}, therapist_id, room_id, {bs}, {be} FROM {appointments} "
        f"WHERE {near} AND therapist_id IN ({people}) "
        f"UNION ALL SELECT {_ROOM_ONLY}, NULL, room_id, {bs}, {be} FROM {appointments} "
        f"WHERE {near} AND room_id IN ({rooms}) AND therapist_id NOT IN ({people}) "
        f"UNION ALL SELECT {_OFF}, staff_id, NULL, {start_at}, {end_at} "
        f"FROM {TimeOff._meta.db_table} "
        f'WHERE staff_id IN ({people}) AND start < %s AND "end" > %s'
    )
    kind = [clinic_id, room_kind]
    window = [Status.CANCELLED, until, earliest, since]
    params: list[Any] = [
        *kind,
        *window,
        *therapist_ids,
        *window,
        *kind,
        *therapist_ids,
        *therapist_ids,
        until,
        since,
    ]
    return sql, params


def _ranks(column: np.ndarray, ids: list[int]) -> np.ndarray:
    """Each value's index in `ids`, or -1 (NULL, or an id not asked about)."""
    if not ids:
        return np.full(len(column), -1, dtype=np.int64)
    known = np.array(ids, dtype=np.float64)
    order = np.argsort(known)
    at = np.searchsorted(known[order], column)
    at = np.minimum(at, len(ids) - 1)
    found = known[order][at] == column
    return np.where(found, order[at], -1)


def weekly_hours(
    therapist_ids: Sequence[int],
) -> dict[int, dict[int, tuple[tuple[time, time], ...]]]:
    """Each therapist's working stretches per weekday, sorted by start (hot path, raw SQL)."""
    raw: dict[int, dict[int, list[tuple[time, time]]]] = defaultdict(lambda: defaultdict(list))
    people = ", ".join(["%s"] * len(therapist_ids))
    sql = (
        f'SELECT staff_id, weekday, start, "end" FROM {WorkingHours._meta.db_table} '
        f"WHERE staff_id IN ({people}) ORDER BY staff_id, weekday, start"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(therapist_ids))
        rows = cursor.fetchall()
    for staff_id, weekday, start, end in rows:
        # SQLite hands back text, PostgreSQL times.
        if isinstance(start, str):
            start, end = time.fromisoformat(start), time.fromisoformat(end)
        raw[staff_id][weekday].append((start, end))
    return {
        staff_id: {weekday: tuple(pattern) for weekday, pattern in week.items()}
        for staff_id, week in raw.items()
    }

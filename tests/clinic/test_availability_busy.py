"""The range loader (clinic/booking/busy.py): every booking of the therapists and rooms
asked about, each once, in one query that the covering indexes answer.

The end-to-end equality of the one-pass engine with a plain reference, day by day and over
a range, is tests/clinic/test_availability_range.py; this file checks the loader under it.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, time, timedelta

import numpy as np
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings

from tests.clinic.test_availability_range import RollbackError, build, calendars
from tests.conftest import MONDAY, World
from triggerpoint.clinic.booking.busy import busy_query, load_busy
from triggerpoint.clinic.models import Appointment, Room, Staff, Status, TimeOff
from triggerpoint.clinic.models.places import RoomKind

pytestmark = pytest.mark.django_db(transaction=False)


def _at(world: World, hour: int) -> datetime:
    return datetime.combine(MONDAY, time(hour), tzinfo=world.clinic.zone)


def _book(world: World, who: Staff, room: Room, hour: int, status: str = Status.BOOKED) -> None:
    start = _at(world, hour)
    Appointment.objects.create(
        client=world.client_a,
        therapist=who,
        room=room,
        service=world.session60,
        start=start,
        end=start + timedelta(hours=1),
        blocked_start=start,
        blocked_end=start + timedelta(hours=1),
        status=status,
    )


def _intervals(
    ranks: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> Counter[tuple[int, float, float]]:
    return Counter(zip(ranks.tolist(), starts.tolist(), ends.tolist(), strict=True))


def test_each_booking_comes_once_with_its_therapist_and_its_room(world: World) -> None:
    _book(world, world.alice, world.room1, 9)  # alice's and room 1's
    _book(world, world.bob, world.room2, 9)  # room 2's only: bob is not asked about
    _book(world, world.alice, world.spa, 11)  # alice's only: the spa is another kind
    _book(world, world.alice, world.room2, 13, Status.CANCELLED)  # nobody's
    _book(world, world.alice, world.room2, 14, "held")  # a held offer blocks like a booking
    TimeOff.objects.create(staff=world.alice, start=_at(world, 15), end=_at(world, 16))
    lo, hi = _at(world, 0).timestamp(), _at(world, 23).timestamp()
    with CaptureQueriesContext(connection) as queries:
        busy = load_busy([world.alice.pk], world.clinic.pk, RoomKind.TREATMENT, lo, hi)
    assert len(queries) == 1
    assert busy.room_ids == [world.room1.pk, world.room2.pk]
    hour = 3600.0

    def span(at: int) -> tuple[float, float]:
        return _at(world, at).timestamp(), _at(world, at).timestamp() + hour

    assert _intervals(busy.staff_rank, busy.staff_start, busy.staff_end) == Counter(
        [(0, *span(9)), (0, *span(11)), (0, *span(14)), (0, *span(15))]
    )
    assert _intervals(busy.room_rank, busy.room_start, busy.room_end) == Counter(
        [(0, *span(9)), (1, *span(9)), (1, *span(14))]
    )


def test_bookings_outside_the_range_are_left_out(world: World) -> None:
    _book(world, world.alice, world.room1, 8)  # ends at 9:00, where the range starts
    _book(world, world.alice, world.room1, 12)  # starts at 12:00, where the range ends
    _book(world, world.alice, world.room1, 10)
    busy = load_busy(
        [world.alice.pk],
        world.clinic.pk,
        RoomKind.TREATMENT,
        _at(world, 9).timestamp(),
        _at(world, 12).timestamp(),
    )
    assert list(busy.staff_start) == [_at(world, 10).timestamp()]
    assert list(busy.room_start) == [_at(world, 10).timestamp()]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=calendars)
def test_the_loader_equals_a_plain_orm_reading(spec: dict) -> None:
    """Each active booking of an asked therapist once among the therapists' times, each
    active booking in a suitable room once among the rooms' times, and the time off."""
    try:
        with transaction.atomic():
            service, team, _, _ = build(spec)
            asked = team[:: 1 + (spec["pick"] or 0)]  # all, every second or every third
            ids = [t.pk for t in asked]
            lo = datetime.combine(spec["first"], time(0), tzinfo=UTC) - timedelta(hours=6)
            hi = lo + timedelta(days=spec["days"], hours=12)
            busy = load_busy(
                ids, service.clinic_id, service.room_kind, lo.timestamp(), hi.timestamp()
            )
            rooms = sorted(
                Room.objects.filter(
                    clinic=service.clinic, kind=service.room_kind, active=True
                ).values_list("pk", flat=True)
            )
            near = Appointment.objects.exclude(status=Status.CANCELLED).filter(
                blocked_start__lt=hi, blocked_end__gt=lo
            )
            staff = Counter(
                (ids.index(a.therapist_id), a.blocked_start.timestamp(), a.blocked_end.timestamp())
                for a in near.filter(therapist_id__in=ids)
            ) + Counter(
                (ids.index(t.staff_id), t.start.timestamp(), t.end.timestamp())
                for t in TimeOff.objects.filter(staff_id__in=ids, start__lt=hi, end__gt=lo)
            )
            room = Counter(
                (rooms.index(a.room_id), a.blocked_start.timestamp(), a.blocked_end.timestamp())
                for a in near.filter(room_id__in=rooms)
            )
            assert busy.room_ids == rooms
            assert _intervals(busy.staff_rank, busy.staff_start, busy.staff_end) == staff
            assert _intervals(busy.room_rank, busy.room_start, busy.room_end) == room
            raise RollbackError
    except RollbackError:
        pass


def test_the_query_reads_the_covering_indexes_only(world: World) -> None:
    """Both appointment parts are answered from appt_therapist_busy and appt_room_busy
    without visiting the table (on a million rows, the table visits were most of the time).
    The planner is told to avoid sequential and bitmap scans, which a table this small
    would otherwise get; what is checked is that the index holds every column read."""
    # A month of bookings, analysed, so PostgreSQL's estimates prefer the btree's range
    # condition over the overlap constraint's GiST index, as they do on a real table.
    start = _at(world, 9) - timedelta(days=15)
    Appointment.objects.bulk_create(
        Appointment(
            client=world.client_a,
            therapist=who,
            room=room,
            service=world.session60,
            start=start + timedelta(hours=n),
            end=start + timedelta(hours=n + 1),
            blocked_start=start + timedelta(hours=n),
            blocked_end=start + timedelta(hours=n + 1),
        )
        for n in range(24 * 30)
        for who, room in ((world.alice, world.room1), (world.bob, world.room2))
    )
    sql, params = busy_query(
        [world.alice.pk, world.bob.pk],
        world.clinic.pk,
        RoomKind.TREATMENT,
        _at(world, 0).timestamp(),
        _at(world, 23).timestamp(),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            expected = [
                f"Index Only Scan using {name}"
                for name in ("appt_therapist_busy", "appt_room_busy")
            ]
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
            expected = [
                f"USING COVERING INDEX {name}" for name in ("appt_therapist_busy", "appt_room_busy")
            ]
    for line in expected:
        assert line in plan, plan

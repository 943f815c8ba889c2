"""The one-pass availability engine equals a plain reference on random calendars.

The reference below checks every candidate start against every booking, time off and room
with datetimes and no indexes: slow and obviously right. Hypothesis draws clinics in zones
with and without DST and half-hour offsets, any grid, duration and buffers, split working
hours, several rooms (some inactive or of another kind), overlapping time off, cancelled
and held bookings, and a "now" inside the range.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MONDAY, NOW, World
from triggerpoint.clinic.booking.availability import (
    available_slots,
    available_slots_range,
    free_counts,
    local_windows,
)
from triggerpoint.clinic.models import (
    Appointment,
    Client,
    Clinic,
    Role,
    Room,
    Service,
    Staff,
    Status,
    TimeOff,
    WorkingHours,
)
from triggerpoint.clinic.models.places import RoomKind

pytestmark = pytest.mark.django_db(transaction=False)

ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]
# Around the 2026 spring-forward dates in Europe and the US, and an ordinary week.
FIRST_DAYS = [date(2026, 3, 7), date(2026, 3, 28), date(2026, 6, 1), date(2026, 10, 24)]


class RollbackError(Exception):
    pass


@dataclass(frozen=True)
class Booking:
    therapist: int
    room: int
    day: int
    minute: int
    length: int
    status: str


# Working stretches in quarter hours: (start, length), mostly by day, sometimes at night.
stretches = st.lists(
    st.tuples(
        st.one_of(st.integers(6 * 4, 14 * 4), st.integers(0, 23 * 4)), st.integers(1, 10 * 4)
    ),
    min_size=1,
    max_size=3,
)
calendars = st.fixed_dictionaries(
    {
        "zone": st.sampled_from(ZONES),
        "first": st.sampled_from(FIRST_DAYS),
        "days": st.integers(1, 3),
        "grid": st.sampled_from([5, 10, 15, 30]),
        "duration": st.sampled_from([15, 30, 45, 60, 90, 120]),
        "before": st.sampled_from([0, 5, 15]),
        "after": st.sampled_from([0, 10, 15, 30]),
        # One pattern for every weekday, and sometimes a day off.
        "therapists": st.lists(
            st.tuples(stretches, st.sets(st.integers(0, 6), max_size=2)), min_size=1, max_size=3
        ),
        "rooms": st.lists(
            st.tuples(
                st.sampled_from([RoomKind.TREATMENT] * 3 + [RoomKind.SPA]),
                st.sampled_from([True, True, True, False]),
            ),
            min_size=1,
            max_size=3,
        ),
        "bookings": st.lists(
            st.builds(
                Booking,
                therapist=st.integers(0, 2),
                room=st.integers(0, 2),
                day=st.integers(-1, 3),
                minute=st.one_of(st.integers(8 * 12, 18 * 12), st.integers(0, 24 * 12)).map(
                    lambda n: n * 5
                ),
                length=st.integers(3, 48).map(lambda n: n * 5),
                status=st.sampled_from([Status.BOOKED, Status.CANCELLED, Status.COMPLETED]),
            ),
            max_size=25,
        ),
        "time_off": st.lists(
            st.tuples(
                st.integers(0, 2), st.integers(-24, 24 * 4), st.integers(1, 30)
            ),  # therapist, start hour from the first day, hours
            max_size=3,
        ),
        "now_hours": st.one_of(st.just(-48), st.integers(-24, 24 * 3)),
        "pick": st.one_of(st.none(), st.integers(0, 2)),
    }
)


def build(spec: dict) -> tuple[Service, list[Staff], list[Room], datetime]:
    clinic = Clinic.objects.create(
        name="Random", time_zone=spec["zone"], slot_interval_minutes=spec["grid"]
    )
    users = get_user_model().objects
    team = []
    for n, (pattern, days_off) in enumerate(spec["therapists"]):
        user = users.create_user(username=f"t{n}-{clinic.pk}@example.com", password=None)
        who = Staff.objects.create(
            user=user, clinic=clinic, role=Role.THERAPIST, display_name=f"T{n % 2}"
        )
        team.append(who)
        for weekday in set(range(7)) - days_off:
            for start_q, length_q in pattern:
                end_q = min(start_q + length_q, 24 * 4 - 1)
                if end_q > start_q:
                    WorkingHours.objects.create(
                        staff=who,
                        weekday=weekday,
                        start=time(start_q // 4, start_q % 4 * 15),
                        end=time(end_q // 4, end_q % 4 * 15),
                    )
    rooms = [
        Room.objects.create(clinic=clinic, name=f"R{n}", kind=kind, active=active)
        for n, (kind, active) in enumerate(spec["rooms"])
    ]
    service = Service.objects.create(
        clinic=clinic,
        name="S",
        duration_minutes=spec["duration"],
        buffer_before_minutes=spec["before"],
        buffer_after_minutes=spec["after"],
        price=Decimal("1.00"),
    )
    client = Client.objects.create(clinic=clinic, name="C", email="c@example.com")
    midnight = datetime.combine(spec["first"], time(0), tzinfo=clinic.zone).astimezone(UTC)
    for b in spec["bookings"]:
        start = midnight + timedelta(days=b.day, minutes=b.minute)
        end = start + timedelta(minutes=b.length)
        try:
            with transaction.atomic():
                Appointment.objects.create(
                    client=client,
                    therapist=team[b.therapist % len(team)],
                    room=rooms[b.room % len(rooms)],
                    service=service,
                    start=start + timedelta(minutes=5),
                    end=end,
                    blocked_start=start,
                    blocked_end=end,
                    status=b.status,
                )
        except DatabaseError:
            pass  # overlaps an active booking: the database refuses it, as it should
    for who, hour, hours in spec["time_off"]:
        start = midnight + timedelta(hours=hour)
        TimeOff.objects.create(
            staff=team[who % len(team)], start=start, end=start + timedelta(hours=hours)
        )
    return service, team, rooms, midnight + timedelta(hours=spec["now_hours"])


def reference(
    service: Service, first: date, last: date, team: list[Staff], now: datetime
) -> dict[date, list[tuple[datetime, int]]]:
    """Every candidate against every booking, time off and room, in datetimes."""
    zone = service.clinic.zone
    step = timedelta(minutes=service.clinic.slot_interval_minutes)
    rooms = list(Room.objects.filter(clinic=service.clinic, kind=service.room_kind, active=True))
    booked = list(Appointment.objects.exclude(status=Status.CANCELLED))
    off = list(TimeOff.objects.all())
    found: dict[date, list[tuple[datetime, int]]] = {}
    week = list(WorkingHours.objects.all())
    day = first
    while day <= last:
        for who in team:
            hours = [
                (h.start, h.end)
                for h in week
                if h.staff_id == who.pk and h.weekday == day.weekday()
            ]
            for window_start, window_end in local_windows(hours, day, zone):
                start = window_start
                while start + service.duration <= window_end:
                    lo = start - service.buffer_before
                    hi = start + service.duration + service.buffer_after
                    therapist_busy = any(
                        a.therapist_id == who.pk and a.blocked_start < hi and lo < a.blocked_end
                        for a in booked
                    ) or any(t.staff_id == who.pk and t.start < hi and lo < t.end for t in off)
                    room_free = any(
                        not any(
                            a.room_id == room.pk and a.blocked_start < hi and lo < a.blocked_end
                            for a in booked
                        )
                        for room in rooms
                    )
                    if start >= now and not therapist_busy and room_free:
                        found.setdefault(day, []).append((start, who.pk))
                    start += step
        day += timedelta(days=1)
    return {d: sorted(v) for d, v in found.items()}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=calendars)
def test_the_fast_path_equals_the_reference(spec: dict) -> None:
    try:
        with transaction.atomic():
            service, team, _, now = build(spec)
            first = spec["first"]
            last = first + timedelta(days=spec["days"] - 1)
            pick = spec["pick"]
            therapist = team[pick] if pick is not None and pick < len(team) else None
            asked = [therapist] if therapist is not None else team
            expected = reference(service, first, last, asked, now)
            got = available_slots_range(service, first, last, therapist, now)
            assert {
                day: sorted((s.start, s.therapist_id) for s in slots) for day, slots in got.items()
            } == expected
            for day, slots in got.items():
                # Shown in the clinic's zone, ending a service later, sorted by time then name.
                assert all(s.start.tzinfo == service.clinic.zone for s in slots)
                assert all(s.end.astimezone(UTC) - s.start == service.duration for s in slots)
                keys = [(s.start, s.therapist_name) for s in slots]
                assert keys == sorted(keys)
                assert available_slots(service, day, therapist, now) == slots
            # The one pass over the range answers as each day asked on its own does, days
            # without a free time included.
            for n in range(spec["days"]):
                day = first + timedelta(days=n)
                assert available_slots(service, day, therapist, now) == got.get(day, [])
            counts = free_counts(service, first, last, therapist, now)
            assert counts == {
                first + timedelta(days=n): len(
                    {start for start, _ in expected.get(first + timedelta(days=n), [])}
                )
                for n in range(spec["days"])
            }
            raise RollbackError
    except RollbackError:
        pass


def test_a_fortnight_for_every_therapist_takes_a_fixed_number_of_queries(world: World) -> None:
    """Therapists, hours, rooms, bookings, time off: five queries, whatever the range."""
    with CaptureQueriesContext(connection) as one_day:
        free_counts(world.session60, MONDAY, MONDAY, None, NOW)
    with CaptureQueriesContext(connection) as fortnight:
        free_counts(world.session60, MONDAY, MONDAY + timedelta(days=13), None, NOW)
    assert len(fortnight) == len(one_day) <= 5


def test_a_held_or_completed_booking_blocks_and_a_cancelled_one_does_not(world: World) -> None:
    start = datetime.combine(MONDAY, time(10), tzinfo=world.clinic.zone)
    for room, status in ((world.room1, "held"), (world.room2, Status.CANCELLED)):
        Appointment.objects.create(
            client=world.client_a,
            therapist=world.alice if status == "held" else world.bob,
            room=room,
            service=world.session60,
            start=start,
            end=start + timedelta(hours=1),
            blocked_start=start,
            blocked_end=start + timedelta(hours=1),
            status=status,
        )
    alice = {s.start for s in available_slots(world.session60, MONDAY, world.alice, NOW)}
    bob = {s.start for s in available_slots(world.session60, MONDAY, world.bob, NOW)}
    assert start not in alice
    assert start in bob  # room 2 is free again: the cancelled booking holds nothing

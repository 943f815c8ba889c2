"""Availability honours local working hours across DST, buffers, rooms and time off."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import MONDAY, NOW, World
from triggerpoint.clinic.booking.appointments import book
from triggerpoint.clinic.booking.availability import available_slots
from triggerpoint.clinic.booking.intervals import any_free, gap_index
from triggerpoint.clinic.models import Staff, TimeOff

pytestmark = pytest.mark.django_db

# (zone, spring-forward date, fall-back date) in 2026.
DST_DAYS = [
    ("Europe/Berlin", date(2026, 3, 29), date(2026, 10, 25)),
    ("America/New_York", date(2026, 3, 8), date(2026, 11, 1)),
]


def hours_of_slots(world: World, day: date) -> float:
    slots = available_slots(world.session60, day, therapist=world.alice, now=NOW)
    return (slots[-1].end.astimezone(UTC) - slots[0].start.astimezone(UTC)).total_seconds() / 3600


@pytest.mark.parametrize(("zone", "spring", "autumn"), DST_DAYS)
def test_night_hours_shrink_in_spring_and_grow_in_autumn(
    world_factory: Callable[..., World], zone: str, spring: date, autumn: date
) -> None:
    world = world_factory(time_zone=zone, hours=(time(0), time(6)))
    assert hours_of_slots(world, spring - timedelta(days=7)) == 6
    assert hours_of_slots(world, spring) == 5
    assert hours_of_slots(world, autumn) == 7


@pytest.mark.parametrize(("zone", "spring", "autumn"), DST_DAYS)
def test_the_skipped_hour_has_no_slots_and_the_repeated_hour_has_both(
    world_factory: Callable[..., World], zone: str, spring: date, autumn: date
) -> None:
    world = world_factory(time_zone=zone, hours=(time(0), time(6)))
    spring_slots = available_slots(world.session30, spring, therapist=world.alice, now=NOW)
    assert all(slot.start.hour != 2 for slot in spring_slots)
    autumn_slots = available_slots(world.session30, autumn, therapist=world.alice, now=NOW)
    seen = Counter(slot.start.replace(tzinfo=None) for slot in autumn_slots)
    repeated = sorted(wall for wall, count in seen.items() if count == 2)
    assert len(repeated) == 4  # one hour of quarter-hour starts, each shown twice
    twice = [s.start for s in autumn_slots if s.start.replace(tzinfo=None) == repeated[0]]
    assert twice[0].utcoffset() != twice[1].utcoffset()


@pytest.mark.parametrize(("zone", "spring", "autumn"), DST_DAYS)
def test_day_hours_keep_their_local_start_on_both_dst_days(
    world_factory: Callable[..., World], zone: str, spring: date, autumn: date
) -> None:
    world = world_factory(time_zone=zone)
    for day in (spring, autumn):
        slots = available_slots(world.session60, day, therapist=world.alice, now=NOW)
        assert slots[0].start == datetime.combine(day, time(9), tzinfo=ZoneInfo(zone))
        assert slots[-1].end.time() == time(17)
        assert slots[0].start.isoformat().endswith(slots[0].start.strftime("%z")[:3] + ":00")


def test_slots_carry_the_clinic_offset(world: World) -> None:
    summer = available_slots(world.session60, MONDAY, therapist=world.alice, now=NOW)
    assert summer[0].start.isoformat() == "2026-06-01T09:00:00+01:00"


def test_a_booking_blocks_its_buffer_for_the_therapist_only(
    world_factory: Callable[..., World], london_at: Callable[..., datetime]
) -> None:
    world = world_factory(buffer_after=15)
    book(
        service=world.session60,
        therapist=world.alice,
        start=london_at(MONDAY, 10),
        client=world.client_a,
        now=NOW,
    )

    def starts(therapist: Staff) -> set[time]:
        slots = available_slots(world.session60, MONDAY, therapist=therapist, now=NOW)
        return {s.start.time() for s in slots}

    alice = starts(world.alice)
    assert time(11, 0) not in alice  # 10:00-11:00 plus 15 minutes of clean-up
    assert time(11, 15) in alice
    assert time(9, 0) not in alice  # its own 15-minute buffer would run into 10:00
    assert time(8, 45) not in alice
    assert time(11, 0) in starts(world.bob)


def test_a_service_needs_a_free_room_of_its_kind(
    world: World, london_at: Callable[..., datetime]
) -> None:
    start = london_at(MONDAY, 13)
    book(
        service=world.spa_afternoon,
        therapist=world.alice,
        start=start,
        client=world.client_a,
        now=NOW,
    )
    bob_spa = available_slots(world.spa_afternoon, MONDAY, therapist=world.bob, now=NOW)
    assert start not in {s.start for s in bob_spa}
    bob_session = available_slots(world.session60, MONDAY, therapist=world.bob, now=NOW)
    assert start in {s.start for s in bob_session}


def test_time_off_removes_slots(world: World, london_at: Callable[..., datetime]) -> None:
    TimeOff.objects.create(
        staff=world.alice, start=london_at(MONDAY, 12), end=london_at(MONDAY, 14)
    )
    slots = available_slots(world.session60, MONDAY, therapist=world.alice, now=NOW)
    starts = {s.start.time() for s in slots}
    assert time(11, 0) in starts
    assert not starts & {time(11, 15), time(12), time(13), time(13, 45)}
    assert time(14) in starts


def test_past_slots_are_not_offered(world: World, london_at: Callable[..., datetime]) -> None:
    slots = available_slots(
        world.session60, MONDAY, therapist=world.alice, now=london_at(MONDAY, 12)
    )
    assert slots[0].start == london_at(MONDAY, 12)


def test_without_a_therapist_every_therapist_is_offered(world: World) -> None:
    slots = available_slots(world.session60, MONDAY, now=NOW)
    assert {s.therapist_id for s in slots} == {world.alice.pk, world.bob.pk}
    assert world.owner.pk not in {s.therapist_id for s in slots}


# The vectorised room search against the plain definition: a room is free for [lo, hi)
# when none of its busy intervals overlaps it (touching ends do not overlap).
EPOCH = 1_780_000_000.0  # June 2026 in epoch seconds, as availability passes them.


@settings(max_examples=150, deadline=None)
@given(
    count=st.integers(1, 4),
    busy=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 20), st.integers(1, 6)), max_size=8),
    length=st.integers(1, 6),
)
def test_some_room_is_free_exactly_when_one_room_has_nothing_overlapping(
    count: int, busy: list[tuple[int, int, int]], length: int
) -> None:
    rooms = [(rank % count, start, start + size) for rank, start, size in busy]
    gaps = gap_index(
        np.array([rank for rank, _, _ in rooms], dtype=np.int64),
        np.array([EPOCH + 60 * start for _, start, _ in rooms]),
        np.array([EPOCH + 60 * end for _, _, end in rooms]),
        count,
    )
    lows = np.arange(0, 25)
    found = any_free(gaps, EPOCH + 60.0 * lows, EPOCH + 60.0 * (lows + length))
    expected = [
        any(
            all(not (start < lo + length and lo < end) for r, start, end in rooms if r == room)
            for room in range(count)
        )
        for lo in lows
    ]
    assert found.tolist() == expected


def test_a_room_freed_exactly_when_the_wanted_time_starts_is_free() -> None:
    # Room 0 busy until 10, room 1 busy from 9 to 11: only room 0 serves 10-11.
    gaps = gap_index(
        np.array([0, 1], dtype=np.int64),
        np.array([EPOCH, EPOCH + 9.0]),
        np.array([EPOCH + 10.0, EPOCH + 11.0]),
        2,
    )
    lo = np.array([EPOCH + 10.0, EPOCH + 9.5])
    assert any_free(gaps, lo, lo + 1.0).tolist() == [True, False]


def test_hours_lying_wholly_in_the_skipped_hour_of_a_spring_night_offer_nothing(
    world: World,
) -> None:
    """London skips 01:00-02:00 on 29 March 2026: a stretch from 01:30 to 02:00 ends (in
    UTC) before it starts, so it is no working time at all, and no error either."""
    spring = date(2026, 3, 29)
    world.alice.hours.filter(weekday=spring.weekday()).update(start=time(1, 30), end=time(2))
    assert available_slots(world.session30, spring, therapist=world.alice, now=NOW) == []
    assert available_slots(world.session30, spring, therapist=world.bob, now=NOW)

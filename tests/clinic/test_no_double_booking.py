"""No sequence of book/cancel/reschedule, and no crowd of racing requests, double-books."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MONDAY, NOW, World, make_world
from triggerpoint.clinic.booking.appointments import Guest, book, cancel, reschedule
from triggerpoint.clinic.booking.intervals import overlaps
from triggerpoint.clinic.errors import BookingError
from triggerpoint.clinic.models import ACTIVE, Appointment

# Starts every 15 minutes from 09:00 to 12:45: dense enough that most requests collide.
STARTS = list(range(16))


def assert_no_overlaps() -> None:
    rows = Appointment.objects.filter(ACTIVE).values_list(
        "therapist_id", "room_id", "blocked_start", "blocked_end"
    )
    by_therapist: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    by_room: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for therapist_id, room_id, start, end in rows:
        by_therapist[therapist_id].append((start, end))
        by_room[room_id].append((start, end))
    for spans in [*by_therapist.values(), *by_room.values()]:
        for i, a in enumerate(spans):
            assert not any(overlaps(a, b) for b in spans[i + 1 :]), spans


operation = st.one_of(
    st.tuples(st.just("book"), st.integers(0, 1), st.integers(0, 2), st.sampled_from(STARTS)),
    st.tuples(st.just("cancel"), st.integers(0, 20)),
    st.tuples(st.just("reschedule"), st.integers(0, 20), st.sampled_from(STARTS), st.booleans()),
)


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(operation, min_size=1, max_size=12))
def test_no_sequence_of_changes_leaves_two_active_bookings_overlapping(
    world: World, london_at: Callable[..., datetime], operations: list[tuple[Any, ...]]
) -> None:
    therapists = [world.alice, world.bob]
    # 30 and 60 minutes in the two treatment rooms, 180 in the single spa suite.
    services = [world.session30, world.session60, world.spa_afternoon]

    def at(index: int) -> datetime:
        return london_at(MONDAY, 9) + timedelta(minutes=15 * index)

    with transaction.atomic():
        made: list[Appointment] = []
        for op in operations:
            try:
                if op[0] == "book":
                    _, who, what, when = op
                    booked = book(
                        service=services[what],
                        therapist=therapists[who],
                        start=at(when),
                        client=world.client_a,
                        now=NOW,
                    )
                    made.append(booked.appointment)
                elif made and op[0] == "cancel":
                    cancel(made[op[1] % len(made)], now=NOW)
                elif made:
                    _, which, when, swap = op
                    target = made[which % len(made)]
                    other = therapists[1] if target.therapist_id == therapists[0].pk else None
                    reschedule(target, at(when), therapist=other if swap else None, now=NOW)
            except BookingError:
                pass
            assert_no_overlaps()
        transaction.set_rollback(True)


CONTENDERS = 32


@pytest.mark.django_db(transaction=True)
def test_of_many_concurrent_requests_for_one_slot_exactly_one_wins(
    london_at: Callable[..., datetime],
) -> None:
    world = make_world()
    start = london_at(MONDAY, 10)
    barrier = threading.Barrier(CONTENDERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def contend(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            try:
                book(
                    service=world.session60,
                    therapist=world.alice,
                    start=start,
                    client=Guest(f"Guest {n}", f"guest{n}@example.com"),
                    idempotency_key=f"race-{n}",
                    now=NOW,
                )
                outcome = "won"
            except BookingError as refused:
                outcome = type(refused).__name__
            with lock:
                outcomes.append(outcome)
        finally:
            connection.close()  # each thread had its own connection to the test database

    threads = [threading.Thread(target=contend, args=(n,)) for n in range(CONTENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert len(outcomes) == CONTENDERS
    assert outcomes.count("won") == 1
    assert set(outcomes) == {"won", "SlotTakenError"}
    assert Appointment.objects.filter(ACTIVE, therapist=world.alice).count() == 1
    assert_no_overlaps()

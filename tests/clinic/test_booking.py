"""Booking, cancelling, rescheduling and weekly series."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

import pytest
from django.db import IntegrityError, transaction

from tests.conftest import MONDAY, NOW, World
from triggerpoint.clinic.booking.appointments import Guest, book, book_series, cancel, reschedule
from triggerpoint.clinic.booking.availability import available_slots
from triggerpoint.clinic.errors import (
    IdempotencyKeyReusedError,
    NotBookableError,
    SeriesConflictError,
    SlotTakenError,
    TooLateToCancelError,
)
from triggerpoint.clinic.models import Appointment, AuditEvent, Client, Staff, Status

pytestmark = pytest.mark.django_db

At = Callable[..., datetime]


def book_at(
    world: World, start: datetime, therapist: Staff | None = None, **kw: object
) -> Appointment:
    booked = book(
        service=kw.pop("service", world.session60),  # type: ignore[arg-type]
        therapist=therapist or world.alice,
        start=start,
        client=kw.pop("client", world.client_a),  # type: ignore[arg-type]
        now=NOW,
        **kw,  # type: ignore[arg-type]
    )
    return booked.appointment


def test_booking_takes_a_room_of_the_right_kind(world: World, london_at: At) -> None:
    appointment = book_at(world, london_at(MONDAY, 10))
    assert appointment.room.kind == "treatment"
    assert appointment.end - appointment.start == timedelta(minutes=60)
    assert appointment.status == Status.BOOKED


def test_a_taken_slot_is_refused(world: World, london_at: At) -> None:
    book_at(world, london_at(MONDAY, 10))
    with pytest.raises(SlotTakenError):
        book_at(world, london_at(MONDAY, 10, 30), client=world.client_b)


def test_two_therapists_share_the_rooms_until_none_is_left(world: World, london_at: At) -> None:
    book_at(world, london_at(MONDAY, 10), therapist=world.alice)
    book_at(world, london_at(MONDAY, 10), therapist=world.bob, client=world.client_b)
    carol = Staff.objects.create(
        user=world.owner.user.__class__.objects.create_user(username="carol"),
        clinic=world.clinic,
        display_name="Carol",
    )
    carol.hours.create(weekday=MONDAY.weekday(), start=time(9), end=time(17))
    cleo = Client.objects.create(clinic=world.clinic, name="Cleo", email="cleo@example.com")
    with pytest.raises(SlotTakenError, match="room"):
        book_at(world, london_at(MONDAY, 10), therapist=carol, client=cleo)


def test_a_buffer_keeps_the_next_booking_away(
    world_factory: Callable[..., World], london_at: At
) -> None:
    world = world_factory(buffer_after=15)
    book_at(world, london_at(MONDAY, 10))
    with pytest.raises(SlotTakenError):
        book_at(world, london_at(MONDAY, 11))
    assert book_at(world, london_at(MONDAY, 11, 15)).blocked_end == london_at(MONDAY, 12, 30)


def test_cancelling_frees_the_slot(world: World, london_at: At) -> None:
    first = book_at(world, london_at(MONDAY, 10))
    cancelled = cancel(first, reason="feeling better", now=NOW)
    assert cancelled.status == Status.CANCELLED
    assert cancelled.ics_sequence == 1
    again = book_at(world, london_at(MONDAY, 10), client=world.client_b)
    assert again.pk != first.pk


def test_cancelling_twice_is_harmless(world: World, london_at: At) -> None:
    appointment = book_at(world, london_at(MONDAY, 10))
    cancel(appointment, now=NOW)
    assert cancel(appointment, now=NOW).ics_sequence == 1


def test_clients_must_cancel_with_notice(world: World, london_at: At) -> None:
    appointment = book_at(world, london_at(MONDAY, 10))
    with pytest.raises(TooLateToCancelError, match="24 hours"):
        cancel(appointment, now=london_at(MONDAY, 8), enforce_notice=True)
    assert cancel(appointment, now=london_at(MONDAY, 8)).status == Status.CANCELLED


def test_outside_hours_and_past_times_are_not_bookable(world: World, london_at: At) -> None:
    with pytest.raises(NotBookableError, match="working hours"):
        book_at(world, london_at(MONDAY, 16, 30))
    with pytest.raises(NotBookableError, match="passed"):
        book(
            service=world.session60,
            therapist=world.alice,
            start=london_at(MONDAY, 10),
            client=world.client_a,
            now=london_at(MONDAY, 11),
        )


def test_rescheduling_moves_the_booking_and_raises_its_sequence(
    world: World, london_at: At
) -> None:
    appointment = book_at(world, london_at(MONDAY, 10))
    moved = reschedule(appointment, london_at(MONDAY, 14), now=NOW)
    assert (moved.pk, moved.uid) == (appointment.pk, appointment.uid)
    assert moved.start == london_at(MONDAY, 14)
    assert moved.ics_sequence == 1
    assert book_at(world, london_at(MONDAY, 10), client=world.client_b).start == london_at(
        MONDAY, 10
    )


def test_rescheduling_onto_a_taken_slot_changes_nothing(world: World, london_at: At) -> None:
    appointment = book_at(world, london_at(MONDAY, 10))
    book_at(world, london_at(MONDAY, 14), client=world.client_b)
    with pytest.raises(SlotTakenError):
        reschedule(appointment, london_at(MONDAY, 14, 30), now=NOW)
    appointment.refresh_from_db()
    assert (appointment.start, appointment.ics_sequence) == (london_at(MONDAY, 10), 0)


def test_rescheduling_within_its_own_time_is_allowed(world: World, london_at: At) -> None:
    appointment = book_at(world, london_at(MONDAY, 10))
    assert reschedule(appointment, london_at(MONDAY, 10, 15), now=NOW).start == london_at(
        MONDAY, 10, 15
    )


def test_a_retry_with_the_same_key_returns_the_first_booking(world: World, london_at: At) -> None:
    guest = Guest(name="Gail Guest", email="gail@example.com", phone="0700 900123")
    args = {
        "service": world.session60,
        "therapist": world.alice,
        "start": london_at(MONDAY, 10),
        "client": guest,
        "idempotency_key": "key-1",
        "now": NOW,
    }
    first = book(**args)  # type: ignore[arg-type]
    second = book(**args)  # type: ignore[arg-type]
    assert (first.created, second.created) == (True, False)
    assert first.appointment.pk == second.appointment.pk
    assert Appointment.objects.count() == 1
    assert Client.objects.filter(email="gail@example.com").count() == 1


def test_a_key_reused_for_another_request_is_refused(world: World, london_at: At) -> None:
    book_at(world, london_at(MONDAY, 10), idempotency_key="key-1")
    with pytest.raises(IdempotencyKeyReusedError):
        book_at(world, london_at(MONDAY, 12), idempotency_key="key-1")


def test_a_refused_guest_booking_stores_no_personal_data(world: World, london_at: At) -> None:
    book_at(world, london_at(MONDAY, 10))
    with pytest.raises(SlotTakenError):
        book_at(world, london_at(MONDAY, 10), client=Guest("Gus", "gus@example.com"))
    assert not Client.objects.filter(email="gus@example.com").exists()


def test_audit_events_name_records_not_people(world: World, london_at: At) -> None:
    appointment = book_at(world, london_at(MONDAY, 10), client=Guest("Gus", "gus@example.com"))
    cancel(appointment, reason="ill", now=NOW)
    events = list(AuditEvent.objects.values_list("action", "record_type", "record_id"))
    assert sorted(events) == [
        ("appointment.booked", "appointment", appointment.pk),
        ("appointment.cancelled", "appointment", appointment.pk),
    ]


def test_a_weekly_series_keeps_its_local_time_across_the_clock_change(
    world: World, london_at: At
) -> None:
    # British clocks go forward on 29 March 2026.
    first = london_at(datetime(2026, 3, 16).date(), 10)
    series = book_series(
        service=world.session60,
        therapist=world.alice,
        first_start=first,
        weeks=4,
        client=world.client_a,
        now=NOW,
    )
    starts = [a.start.astimezone(first.tzinfo) for a in series.appointments.order_by("start")]
    assert [s.time() for s in starts] == [time(10)] * 4
    assert {s.utcoffset() for s in starts} == {timedelta(0), timedelta(hours=1)}


def test_a_series_with_a_taken_week_books_nothing_and_names_the_dates(
    world: World, london_at: At
) -> None:
    week3 = MONDAY + timedelta(weeks=2)
    book_at(world, london_at(week3, 10, 30), client=world.client_b)
    with pytest.raises(SeriesConflictError) as refused:
        book_series(
            service=world.session60,
            therapist=world.alice,
            first_start=london_at(MONDAY, 10),
            weeks=4,
            client=world.client_a,
            now=NOW,
        )
    assert refused.value.dates == [week3]
    assert "2026-06-15" in str(refused.value)
    assert Appointment.objects.filter(client=world.client_a).count() == 0


def test_the_database_itself_refuses_overlapping_active_bookings(
    world: World, london_at: At
) -> None:
    first = book_at(world, london_at(MONDAY, 10))
    clash = Appointment(
        client=world.client_b,
        therapist=world.alice,
        room=world.room2,
        service=world.session60,
        start=london_at(MONDAY, 10, 30),
        end=london_at(MONDAY, 11, 30),
        blocked_start=london_at(MONDAY, 10, 30),
        blocked_end=london_at(MONDAY, 11, 30),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()
    clash.room = first.room
    clash.therapist = world.bob
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()
    clash.status = Status.CANCELLED
    clash.save()  # a cancelled booking holds no time


def test_a_booked_slot_disappears_from_availability(world: World, london_at: At) -> None:
    book_at(world, london_at(MONDAY, 10))
    starts = {
        s.start for s in available_slots(world.session60, MONDAY, therapist=world.alice, now=NOW)
    }
    assert london_at(MONDAY, 10) not in starts
    assert london_at(MONDAY, 9, 15) not in starts
    assert london_at(MONDAY, 11) in starts


def test_a_deadlock_between_racing_inserts_counts_as_a_lost_race_not_a_crash():
    from django.db import IntegrityError, OperationalError

    from triggerpoint.clinic.booking.rows import lost_race

    class DriverError(Exception):
        def __init__(self, sqlstate: str) -> None:
            self.sqlstate = sqlstate

    def failure(sqlstate: str) -> OperationalError:
        error = OperationalError("failed")
        error.__cause__ = DriverError(sqlstate)
        return error

    assert lost_race(IntegrityError("exclusion violation"))
    assert lost_race(failure("40P01"))  # deadlock detected
    assert lost_race(failure("40001"))  # serialization failure
    assert not lost_race(failure("08006"))  # the connection failed: a real error
    assert not lost_race(OperationalError("database is locked"))

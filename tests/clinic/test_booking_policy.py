"""The booking policy's rules on their own: the grid as an invariant, the guest validator,
the horizon's edges and one client racing themselves with two therapists."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MONDAY, NOW, World, make_world
from triggerpoint.clinic.booking.appointments import book
from triggerpoint.clinic.booking.front_desk import desk_rules
from triggerpoint.clinic.booking.policy import (
    PHONE_PATTERN,
    Door,
    Rules,
    bookable_days,
    last_bookable_day,
    offered_counts,
    offered_slots,
    offered_slots_range,
    on_grid,
    phone_error,
    validate_guest,
)
from triggerpoint.clinic.errors import BookingError, GuestDetailsError, NotBookableError
from triggerpoint.clinic.models import ACTIVE, Appointment

At = Callable[..., datetime]


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(offset=st.integers(0, 8 * 60 * 60 - 1))
def test_a_start_is_on_the_grid_exactly_when_it_is_a_whole_quarter_hour_from_the_hours(
    world: World, london_at: At, offset: int
):
    start = london_at(MONDAY, 9) + timedelta(seconds=offset)
    assert on_grid(world.session60, world.alice.pk, start) == (offset % (15 * 60) == 0)


@pytest.mark.django_db
def test_the_grid_counts_from_the_start_of_each_working_stretch(world: World, london_at: At):
    world.alice.hours.filter(weekday=MONDAY.weekday()).update(start=time(9, 10))
    assert on_grid(world.session60, world.alice.pk, london_at(MONDAY, 9, 25))
    assert not on_grid(world.session60, world.alice.pk, london_at(MONDAY, 9, 30))


@pytest.mark.django_db
def test_every_offered_slot_passes_the_grid_and_the_notice(world: World, london_at: At):
    now = london_at(MONDAY, 10, 50)
    slots = offered_slots(world.session60, MONDAY, world.alice, now)
    assert slots and slots[0].start == london_at(MONDAY, 13)  # 2 hours' notice, next quarter
    assert all(on_grid(world.session60, world.alice.pk, s.start) for s in slots)
    staff = offered_slots(world.session60, MONDAY, world.alice, now, Rules(Door.FRONT_DESK, True))
    assert staff[0].start == london_at(MONDAY, 11)


@pytest.mark.django_db
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    minutes=st.integers(0, 36 * 60),
    notice=st.integers(0, 30 * 60),
    waived=st.booleans(),
    anyone=st.booleans(),
)
def test_the_date_pages_counts_are_the_times_each_day_offers(
    world: World, london_at: At, minutes: int, notice: int, waived: bool, anyone: bool
):
    """Counted in one pass from the earliest start the notice allows, each day's count is
    what that day's own offer holds, the notice ending mid-day or days later included."""
    world.clinic.booking_notice_minutes = notice
    world.clinic.save(update_fields=["booking_notice_minutes"])
    now = london_at(MONDAY, 7) + timedelta(minutes=minutes)
    rules = desk_rules(waived)
    therapist = None if anyone else world.alice
    counts = offered_counts(world.session60, therapist, now, rules)
    assert list(counts) == bookable_days(world.clinic, now, rules)
    for day, count in counts.items():
        offered = offered_slots(world.session60, day, therapist, now, rules)
        assert count == len({slot.start for slot in offered}), day


@pytest.mark.django_db
def test_the_horizon_is_today_and_the_days_after_it(world: World):
    world.clinic.booking_horizon_days = 90
    days = bookable_days(world.clinic, NOW)
    assert len(days) == 90 and days[0] == NOW.date()
    assert last_bookable_day(world.clinic, NOW) == NOW.date() + timedelta(days=89)
    assert last_bookable_day(world.clinic, NOW, Rules(Door.CLI)) > NOW.date() + timedelta(366)
    assert offered_slots(world.session60, NOW.date() + timedelta(days=90), world.alice, NOW) == []


def test_only_staff_may_waive_the_notice():
    with pytest.raises(ValueError):
        Rules(Door.API, override_notice=True)
    assert Rules(Door.FRONT_DESK, override_notice=True).override_notice


@pytest.mark.parametrize(
    ("name", "email", "phone", "consent", "wrong"),
    [
        ("Ann", "ann@example.com", "", True, set()),
        (" ", "ann@example.com", "", True, {"name"}),
        ("Ann", "ann@", "", True, {"email"}),
        ("Ann", "ann@example.com", "1234", True, {"phone"}),
        ("Ann", "ann@example.com", "+44 7700", True, set()),
        ("Ann", "ann@example.com", "0" * 41, True, {"phone"}),
        ("", "x", "abc", False, {"name", "email", "phone", "consent"}),
    ],
)
def test_the_guest_validator_names_every_wrong_field(name, email, phone, consent, wrong):
    if not wrong:
        details = validate_guest(name, f"  {email.upper()} ", phone, consent)
        assert details.email == email
        return
    with pytest.raises(GuestDetailsError) as refused:
        validate_guest(name, email, phone, consent)
    assert set(refused.value.errors) == wrong


@given(phone=st.from_regex(PHONE_PATTERN, fullmatch=True).filter(lambda p: len(p.strip()) <= 40))
def test_every_phone_the_api_schema_allows_the_validator_accepts(phone: str):
    """The schema's pattern and the validator say the same, so the API's published
    contract never promises what the booking then refuses."""
    assert phone_error(phone) is None


@pytest.mark.django_db(transaction=True)
def test_one_client_racing_with_two_therapists_gets_one_booking(london_at: At):
    world = make_world()
    start = london_at(MONDAY, 10)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def contend(therapist) -> None:
        try:
            barrier.wait(timeout=30)
            try:
                book(
                    service=world.session60,
                    therapist=therapist,
                    start=start,
                    client=world.client_a,
                    now=NOW,
                )
                outcomes.append("won")
            except BookingError as refused:
                outcomes.append(str(refused))
        finally:
            connection.close()

    threads = [threading.Thread(target=contend, args=(t,)) for t in (world.alice, world.bob)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["won", "you already have a booking at that time"]
    assert Appointment.objects.filter(ACTIVE, client=world.client_a).count() == 1


def test_only_a_staff_door_may_waive_the_notice():
    with pytest.raises(ValueError, match="only staff may override the notice"):
        Rules(Door.WEB, override_notice=True)
    assert desk_rules(True) == Rules(Door.FRONT_DESK, override_notice=True)
    assert desk_rules(False) == Rules(Door.FRONT_DESK, override_notice=False)


@pytest.mark.django_db
def test_the_desks_waiver_offers_times_inside_the_notice(world: World, london_at: At):
    now = london_at(MONDAY, 10, 50)
    waived = offered_slots(world.session60, MONDAY, world.alice, now, desk_rules(True))
    assert waived[0].start == london_at(MONDAY, 11)
    kept = offered_slots(world.session60, MONDAY, world.alice, now, desk_rules(False))
    assert kept[0].start > london_at(MONDAY, 11)


@pytest.mark.django_db
def test_a_client_is_not_offered_times_that_overlap_their_own_booking_elsewhere(
    world: World, london_at: At
):
    """Booked with Bob at 10:00, the client is not offered Alice from 09:15 to 10:45; the
    booking being moved does not count against itself."""
    own = book(
        service=world.session60,
        therapist=world.bob,
        start=london_at(MONDAY, 10),
        client=world.client_a,
        now=NOW,
    ).appointment
    args = (world.session60, MONDAY, MONDAY, world.alice, NOW)

    def starts(**kw) -> set[datetime]:
        return {s.start for s in offered_slots_range(*args, **kw)[MONDAY]}

    everyone = starts()
    clashing = {london_at(MONDAY, 9, 15) + timedelta(minutes=15 * k) for k in range(7)}
    assert clashing <= everyone
    assert starts(client=world.client_a) == everyone - clashing
    assert starts(client=world.client_a, exclude_appointment=own.pk) == everyone
    assert starts(client=world.client_b) == everyone


@pytest.mark.django_db
def test_the_last_day_of_the_horizon_is_bookable_and_the_day_after_is_not(
    world: World, london_at: At
):
    clinic = world.session60.clinic
    clinic.booking_horizon_days = 5
    clinic.save()
    last = last_bookable_day(clinic, NOW)
    args = {"service": world.session60, "therapist": world.alice, "now": NOW}
    booked = book(**args, start=london_at(last, 10), client=world.client_a)  # type: ignore[arg-type]
    assert booked.appointment.start == london_at(last, 10)
    with pytest.raises(NotBookableError, match="bookings open 5 days ahead"):
        book(**args, start=london_at(last + timedelta(days=1), 10), client=world.client_b)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_the_desk_books_inside_the_notice_only_when_it_waives_it(world: World, london_at: At):
    now = london_at(MONDAY, 10, 50)
    args = {
        "service": world.session60,
        "therapist": world.alice,
        "start": london_at(MONDAY, 11),
        "client": world.client_a,
        "now": now,
    }
    with pytest.raises(NotBookableError, match="notice"):
        book(**args, rules=desk_rules(False))  # type: ignore[arg-type]
    booked = book(**args, rules=desk_rules(True))  # type: ignore[arg-type]
    assert booked.appointment.start == london_at(MONDAY, 11)

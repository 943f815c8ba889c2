"""Every booking rule through every door: the web pages, the API, the portal's move, the
front desk and the command line all ask clinic.booking.policy, so each rule below holds
(or is waived by staff, where the rules say so) whichever door a request comes through.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client as Browser
from django.utils import timezone

from tests.conftest import World
from tests.web.roles import appointment
from triggerpoint.cli import main
from triggerpoint.clinic.models import Appointment, AuditEvent, Client, Status

pytestmark = [pytest.mark.django_db, pytest.mark.dated]

DOORS = ("web", "api", "portal", "desk", "cli")
ONLINE = ("web", "api", "portal")
STAFF = ("desk", "cli")


def local_day(world: World, days_ahead: int) -> date:
    return timezone.now().astimezone(world.clinic.zone).date() + timedelta(days=days_ahead)


def at(world: World, day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=world.clinic.zone)


def signed_in_client(world: World) -> Client:
    if world.client_a.user_id is not None:
        return world.client_a
    user = get_user_model().objects.create_user(username="ann@example.com", password=None)
    world.client_a.user = user
    world.client_a.save()
    return world.client_a


def user_of(client: Client) -> Any:
    assert client.user is not None
    return client.user


def _web(world: World, start: datetime, client: Client | None, guest: dict, override: bool):
    browser = Browser()
    if client is not None:
        browser.force_login(user_of(client))
    form = {
        "service": world.session60.pk,
        "therapist": world.bob.pk,
        "who": str(world.bob.pk),
        "start": start.isoformat(),
        "key": uuid.uuid4().hex,
        "consent": "on",
        **guest,
    }
    response = browser.post("/book/details/", form)
    return response.status_code == 302, response.content.decode()


def _api(world: World, start: datetime, client: Client | None, guest: dict, override: bool):
    body = {
        "service": world.session60.pk,
        "therapist": world.bob.pk,
        "start": start.isoformat(),
        "consent": True,
        **guest,
    }
    response = Browser().post(
        "/api/v1/bookings",
        json.dumps(body),
        content_type="application/json",
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    if response.status_code != 201:
        assert response.status_code in (409, 422), response.content
        assert response.json()["message"]
    return response.status_code == 201, response.content.decode()


def _portal(world: World, start: datetime, client: Client | None, guest: dict, override: bool):
    """The portal books nothing new: it moves a booking, by the same rules."""
    owner = client or signed_in_client(world)
    when = at(world, local_day(world, 5), 15)
    mine = Appointment.objects.filter(client=owner, start=when).first() or appointment(
        owner, world.bob, world.session60, when
    )
    browser = Browser()
    browser.force_login(user_of(owner))
    response = browser.post(f"/portal/visits/{mine.pk}/move/", {"start": start.isoformat()})
    return response.status_code == 302, response.content.decode()


def _desk(world: World, start: datetime, client: Client | None, guest: dict, override: bool):
    browser = Browser()
    browser.force_login(world.owner.user)
    form = {
        "service": world.session60.pk,
        "therapist": world.bob.pk,
        "date": start.date().isoformat(),
        "start": start.isoformat(),
        "weeks": "1",
        "client": str(client.pk) if client else "new",
        "consent": "on",
        **guest,
    }
    if override:
        form["override_notice"] = "on"
    response = browser.post("/staff/desk/book/", form)
    return response.status_code == 302, response.content.decode()


def _cli(world: World, start: datetime, client: Client | None, guest: dict, override: bool):
    args = ["booking", "add", "--service", str(world.session60.pk)]
    args += ["--therapist", str(world.bob.pk), "--start", start.isoformat()]
    if client is not None:
        args += ["--client", str(client.pk)]
    else:
        for key, value in guest.items():
            args += [f"--{key}", value]
    if override:
        args.append("--override-notice")
    code = main(args)
    assert code in (0, 2)
    return code == 0, ""


ATTEMPT: dict[str, Callable[..., tuple[bool, str]]] = {
    "web": _web,
    "api": _api,
    "portal": _portal,
    "desk": _desk,
    "cli": _cli,
}
GUEST = {"name": "Gail Guest", "email": "gail@example.com", "phone": "+44 7700 900123"}


def attempt(
    door: str,
    world: World,
    start: datetime,
    client: Client | None = None,
    guest: dict | None = None,
    override: bool = False,
) -> bool:
    if client is None and door == "portal":
        client = signed_in_client(world)
    ok, _ = ATTEMPT[door](world, start, client, GUEST if guest is None else guest, override)
    return ok


def booked_at(world: World, start: datetime) -> bool:
    return Appointment.objects.filter(
        therapist=world.bob, start=start, status=Status.BOOKED
    ).exists()


@pytest.mark.parametrize("door", DOORS)
def test_a_free_time_on_the_grid_books_through_every_door(world: World, door: str):
    start = at(world, local_day(world, 3), 10)
    assert attempt(door, world, start)
    assert booked_at(world, start)


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("minute", [7, 14])
def test_a_start_off_the_slot_grid_is_refused_by_every_door(world: World, door, minute):
    start = at(world, local_day(world, 3), 10, minute)
    assert not attempt(door, world, start, override=door in STAFF)
    assert not Appointment.objects.filter(start=start).exists()


@pytest.mark.parametrize("door", DOORS)
def test_seconds_and_milliseconds_are_off_the_grid_too(world: World, door: str):
    start = at(world, local_day(world, 3), 9).replace(minute=7, second=13, microsecond=123000)
    assert not attempt(door, world, start)
    exact = at(world, local_day(world, 3), 9).replace(second=13)
    assert not attempt(door, world, exact)
    assert not Appointment.objects.filter(start__in=[start, exact]).exists()


@pytest.mark.parametrize("door", DOORS)
def test_2099_is_refused_by_every_door(world: World, door: str):
    assert not attempt(door, world, at(world, date(2099, 6, 1), 10), override=door in STAFF)


@pytest.mark.parametrize("door", DOORS)
def test_the_online_horizon_binds_clients_and_the_front_desk_may_book_further(world, door):
    world.clinic.booking_horizon_days = 90
    world.clinic.save()
    last, beyond = at(world, local_day(world, 89), 10), at(world, local_day(world, 90), 10)
    assert attempt(door, world, last)
    assert attempt(door, world, beyond) == (door in STAFF)


@pytest.mark.parametrize("door", DOORS)
def test_the_minimum_notice_binds_clients_and_staff_may_waive_it(world: World, door: str):
    now = timezone.now().astimezone(world.clinic.zone)
    # The next quarter hour at least 30 minutes away (inside the 2 hours' notice), in
    # the working day of 09:00-17:00 local: the fixed test clock is 12:00 UTC.
    soon = (now + timedelta(minutes=45)).replace(second=0, microsecond=0)
    soon -= timedelta(minutes=soon.minute % 15)
    assert 9 <= soon.hour < 16
    assert not attempt(door, world, soon)
    if door in STAFF:
        assert attempt(door, world, soon, override=True)
        assert booked_at(world, soon)


@pytest.mark.parametrize("door", ["web", "portal", "desk", "cli"])
def test_a_client_never_overlaps_themselves_even_with_two_therapists(world: World, door):
    """The API books guests only, whose every booking is a record of its own."""
    client = signed_in_client(world)
    day = local_day(world, 3)
    appointment(client, world.alice, world.session60, at(world, day, 10))
    assert not attempt(door, world, at(world, day, 10, 30), client=client)
    assert not booked_at(world, at(world, day, 10, 30))
    assert attempt(door, world, at(world, day, 11), client=client)


@pytest.mark.parametrize("door", ["web", "api", "desk", "cli"])
@pytest.mark.parametrize(
    ("phone", "ok"),
    [("", True), ("+44 (0)20 7946-0958", True), ("12", False), ("call me", False)],
)
def test_the_same_guest_details_are_accepted_and_refused_by_every_door(world, door, phone, ok):
    start = at(world, local_day(world, 3), 10)
    assert attempt(door, world, start, guest={**GUEST, "phone": phone}) == ok
    assert Client.objects.filter(email="gail@example.com").exists() == ok


@pytest.mark.parametrize("door", ["web", "api", "desk", "cli"])
def test_a_guest_with_a_known_email_is_never_merged_into_that_client(world, door):
    client = signed_in_client(world)
    start = at(world, local_day(world, 3), 10)
    assert attempt(door, world, start, guest={**GUEST, "email": "ANN@example.com"})
    booked = Appointment.objects.get(start=start)
    assert booked.client_id != client.pk
    assert booked.client.email == "ann@example.com"
    assert not client.appointments.exists()


# Cancelling and moving: 24 hours' notice online; staff may waive it.


def cancel_through(door: str, world: World, booked: Appointment, override: bool = False) -> bool:
    from triggerpoint.clinic.privacy import tokens

    if door == "web":
        response = Browser().post(f"/book/cancel/{tokens.cancel_token(booked.pk)}/")
        return response.status_code == 302
    if door == "api":
        body = json.dumps({"token": tokens.cancel_token(booked.pk)})
        response = Browser().post(
            f"/api/v1/bookings/{booked.pk}/cancel", body, content_type="application/json"
        )
        return response.status_code == 200
    if door == "portal":
        browser = Browser()
        browser.force_login(user_of(booked.client))
        return browser.post(f"/portal/visits/{booked.pk}/cancel/").status_code == 302
    if door == "desk":
        browser = Browser()
        browser.force_login(world.owner.user)
        form = {"reason": "client phoned"} | ({"override_notice": "on"} if override else {})
        return browser.post(f"/staff/desk/{booked.pk}/cancel/", form).status_code == 302
    args = ["booking", "cancel", str(booked.pk), "--reason", "phoned"]
    return main([*args, "--override-notice"] if override else args) == 0


@pytest.mark.parametrize("door", DOORS)
def test_cancelling_inside_the_notice_is_refused_online_and_waived_by_staff(world, door):
    client = signed_in_client(world)
    tomorrow = appointment(client, world.bob, world.session60, timezone.now() + timedelta(hours=5))
    assert not cancel_through(door, world, tomorrow)
    tomorrow.refresh_from_db()
    assert tomorrow.status == Status.BOOKED
    if door in STAFF:
        assert cancel_through(door, world, tomorrow, override=True)
        tomorrow.refresh_from_db()
        assert tomorrow.status == Status.CANCELLED
        assert AuditEvent.objects.filter(action="appointment.cancelled").exists()


@pytest.mark.parametrize("door", DOORS)
def test_cancelling_ahead_of_the_notice_works_through_every_door(world, door):
    client = signed_in_client(world)
    later = appointment(client, world.bob, world.session60, at(world, local_day(world, 4), 10))
    assert cancel_through(door, world, later)
    later.refresh_from_db()
    assert later.status == Status.CANCELLED


def move_through(door: str, world: World, booked: Appointment, start: datetime, override=False):
    if door == "portal":
        browser = Browser()
        browser.force_login(user_of(booked.client))
        response = browser.post(f"/portal/visits/{booked.pk}/move/", {"start": start.isoformat()})
        return response.status_code == 302
    if door == "desk":
        browser = Browser()
        browser.force_login(world.owner.user)
        form = {"start": start.isoformat()} | ({"override_notice": "on"} if override else {})
        return browser.post(f"/staff/desk/{booked.pk}/move/", form).status_code == 302
    args = ["booking", "move", str(booked.pk), "--start", start.isoformat()]
    return main([*args, "--override-notice"] if override else args) == 0


@pytest.mark.parametrize("door", ["portal", "desk", "cli"])
def test_reschedule_applies_the_notice_rule(world: World, door: str):
    """A booking inside its notice cannot be moved online, not even to a later day."""
    client = signed_in_client(world)
    soon = appointment(client, world.bob, world.session60, timezone.now() + timedelta(hours=5))
    target = at(world, local_day(world, 6), 11)
    assert not move_through(door, world, soon, target)
    soon.refresh_from_db()
    assert soon.start != target
    if door != "portal":
        assert move_through(door, world, soon, target, override=True)
        soon.refresh_from_db()
        assert soon.start == target


@pytest.mark.parametrize("door", ["portal", "desk", "cli"])
def test_a_move_ahead_of_the_notice_goes_to_a_free_time_on_the_grid_only(world, door):
    client = signed_in_client(world)
    later = appointment(client, world.bob, world.session60, at(world, local_day(world, 4), 10))
    assert not move_through(door, world, later, at(world, local_day(world, 6), 11, 5), True)
    assert move_through(door, world, later, at(world, local_day(world, 6), 11))
    later.refresh_from_db()
    assert later.start == at(world, local_day(world, 6), 11)
    assert later.ics_sequence == 1

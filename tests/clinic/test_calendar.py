"""Calendar files: stable UID, rising SEQUENCE, REQUEST/CANCEL, and feeds without health details."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from django.test import Client as HttpClient
from icalendar import Calendar

from tests.conftest import MONDAY, NOW, World
from triggerpoint.clinic import tokens
from triggerpoint.clinic.booking import Guest, book, cancel, reschedule
from triggerpoint.clinic.models import Appointment
from triggerpoint.interop.calendar import booking_ics, therapist_feed

pytestmark = pytest.mark.django_db

At = Callable[..., datetime]


def parse(data: bytes) -> tuple[Calendar, list[object]]:
    cal = Calendar.from_ical(data)
    return cal, list(cal.walk("VEVENT"))


def booked(world: World, start: datetime) -> Appointment:
    return book(
        service=world.session60,
        therapist=world.alice,
        start=start,
        client=Guest("Gail Guest", "gail@example.com", "0700 900123"),
        now=NOW,
    ).appointment


def test_a_booking_keeps_its_uid_and_raises_its_sequence(world: World, london_at: At) -> None:
    appointment = booked(world, london_at(MONDAY, 10))
    cal, (first,) = parse(booking_ics(appointment, now=NOW))
    assert cal["METHOD"] == "REQUEST"
    moved = reschedule(appointment, london_at(MONDAY, 11), now=NOW)
    _, (second,) = parse(booking_ics(moved, now=NOW))
    gone = cancel(moved, now=NOW)
    cancelled_cal, (third,) = parse(booking_ics(gone, now=NOW))
    assert first["UID"] == second["UID"] == third["UID"]  # type: ignore[index]
    assert [e["SEQUENCE"] for e in (first, second, third)] == [0, 1, 2]  # type: ignore[index]
    assert cancelled_cal["METHOD"] == "CANCEL"
    assert third["STATUS"] == "CANCELLED"  # type: ignore[index]
    assert second.decoded("DTSTART") == london_at(MONDAY, 11)  # type: ignore[attr-defined]


def test_the_therapist_feed_says_booked_and_nothing_about_the_client(
    world: World, london_at: At
) -> None:
    appointment = booked(world, london_at(MONDAY, 10))
    appointment.client.notes = "left shoulder pain after a fall"
    appointment.client.save()
    raw = therapist_feed(world.alice, now=NOW)
    _, events = parse(raw)
    assert [str(e["SUMMARY"]) for e in events] == [  # type: ignore[index]
        "Booked: Trigger point therapy, 60 minutes"
    ]
    data = raw.decode()
    for private in ("Gail", "gail@example.com", "0700", "shoulder"):
        assert private not in data


def test_the_feed_needs_its_token(world: World, client: HttpClient, london_at: At) -> None:
    booked(world, london_at(MONDAY, 10))
    url = f"/api/v1/calendar/therapists/{tokens.feed_token(world.alice.pk)}.ics"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    wrong_purpose = tokens.cancel_token(world.alice.pk)
    assert client.get(f"/api/v1/calendar/therapists/{wrong_purpose}.ics").status_code == 403


def test_the_booking_file_opens_with_the_cancel_token(
    world: World, client: HttpClient, london_at: At
) -> None:
    appointment = booked(world, london_at(MONDAY, 10))
    url = f"/api/v1/calendar/bookings/{appointment.pk}.ics"
    ok = client.get(url, {"token": tokens.cancel_token(appointment.pk)})
    assert ok.status_code == 200
    assert b"BEGIN:VEVENT" in ok.content
    assert client.get(url, {"token": tokens.cancel_token(appointment.pk + 1)}).status_code == 403

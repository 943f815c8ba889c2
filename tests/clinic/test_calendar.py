"""Calendar files: a UUID UID kept for life, rising SEQUENCE, REQUEST/CANCEL with ORGANIZER
and ATTENDEE, PUBLISH for downloads, DTSTAMP from the last change, feeds without health
details, and tokens that each open one thing."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from django.test import Client as HttpClient
from icalendar import Calendar

from tests.conftest import MONDAY, NOW, World
from triggerpoint.clinic.booking.appointments import Guest, book, cancel, reschedule
from triggerpoint.clinic.messaging import calendar_files
from triggerpoint.clinic.messaging.calendar_files import booking_ics, download_ics, therapist_feed
from triggerpoint.clinic.models import Appointment, Clinic
from triggerpoint.clinic.privacy import tokens

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
    cal, (first,) = parse(booking_ics(appointment))
    assert cal["METHOD"] == "REQUEST"
    moved = reschedule(appointment, london_at(MONDAY, 11), now=NOW)
    _, (second,) = parse(booking_ics(moved))
    gone = cancel(moved, now=NOW)
    cancelled_cal, (third,) = parse(booking_ics(gone))
    assert first["UID"] == second["UID"] == third["UID"]  # type: ignore[index]
    assert [e["SEQUENCE"] for e in (first, second, third)] == [0, 1, 2]  # type: ignore[index]
    assert cancelled_cal["METHOD"] == "CANCEL"
    assert third["STATUS"] == "CANCELLED"  # type: ignore[index]
    assert second.decoded("DTSTART") == london_at(MONDAY, 11)  # type: ignore[attr-defined]


def test_the_uid_is_the_appointments_uuid(world: World, london_at: At) -> None:
    a = booked(world, london_at(MONDAY, 10))
    b = booked(world, london_at(MONDAY, 12))
    uids = [str(parse(booking_ics(x))[1][0]["UID"]) for x in (a, b)]  # type: ignore[index]
    assert uids == [f"{a.uuid}@triggerpoint", f"{b.uuid}@triggerpoint"]
    assert uuid.UUID(uids[0].split("@")[0]) == a.uuid
    assert f"appointment-{a.pk}" not in uids[0]  # the old, colliding form


def test_request_and_cancel_name_the_organizer_and_the_attendee(
    world: World, london_at: At
) -> None:
    appointment = booked(world, london_at(MONDAY, 10))
    _, (event,) = parse(booking_ics(appointment))
    attendee = event["ATTENDEE"]  # type: ignore[index]
    assert str(attendee) == "mailto:gail@example.com"
    assert attendee.params["CN"] == "Gail Guest"
    assert attendee.params["PARTSTAT"] == "ACCEPTED"
    assert str(event["ORGANIZER"]).startswith("mailto:")  # type: ignore[index]
    assert event["ORGANIZER"].params["CN"] == "Test Clinic"  # type: ignore[index]
    _, (gone,) = parse(booking_ics(cancel(appointment, now=NOW)))
    assert gone["ATTENDEE"].params["PARTSTAT"] == "DECLINED"  # type: ignore[index]


def test_a_plain_download_is_publish_without_attendees(world: World, london_at: At) -> None:
    appointment = booked(world, london_at(MONDAY, 10))
    cal, (event,) = parse(download_ics(appointment))
    assert cal["METHOD"] == "PUBLISH"
    assert "ATTENDEE" not in event  # type: ignore[operator]
    assert b"gail@example.com" not in download_ics(appointment)


def test_dtstamp_is_the_last_change_not_the_fetch(
    world: World, london_at: At, clock: time_machine.Traveller
) -> None:
    appointment = booked(world, london_at(MONDAY, 10))
    first = booking_ics(appointment)
    feed = therapist_feed(world.alice)
    clock.shift(3600)
    assert booking_ics(appointment) == first  # the same bytes an hour later
    assert therapist_feed(world.alice) == feed
    moved = reschedule(appointment, london_at(MONDAY, 11), now=NOW)
    _, (event,) = parse(booking_ics(moved))
    assert event.decoded("DTSTAMP") == moved.updated_at.replace(microsecond=0)  # type: ignore[attr-defined]
    assert moved.updated_at > appointment.updated_at
    gone = cancel(moved, now=NOW)
    _, (event,) = parse(booking_ics(gone))
    gone.refresh_from_db()
    assert event.decoded("DTSTAMP") == gone.updated_at.replace(microsecond=0)  # type: ignore[attr-defined]


def test_the_therapist_feed_says_booked_and_nothing_about_the_client(
    world: World, london_at: At
) -> None:
    appointment = booked(world, london_at(MONDAY, 10))
    appointment.client.notes = "left shoulder pain after a fall"
    appointment.client.save()
    raw = therapist_feed(world.alice, now=NOW)
    cal, events = parse(raw)
    assert cal["METHOD"] == "PUBLISH"
    assert [str(e["SUMMARY"]) for e in events] == [  # type: ignore[index]
        "Booked: Trigger point therapy, 60 minutes"
    ]
    data = raw.decode()
    for private in ("Gail", "gail@example.com", "0700", "shoulder"):
        assert private not in data


def test_the_feed_needs_its_token_and_a_reset_voids_the_old_one(
    world: World, client: HttpClient, london_at: At
) -> None:
    booked(world, london_at(MONDAY, 10))
    old = f"/api/v1/calendar/therapists/{calendar_files.feed_token(world.alice)}.ics"
    response = client.get(old)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    wrong_purpose = tokens.cancel_token(world.alice.pk)
    assert client.get(f"/api/v1/calendar/therapists/{wrong_purpose}.ics").status_code == 403
    calendar_files.reset_feed(world.alice)
    new = f"/api/v1/calendar/therapists/{calendar_files.feed_token(world.alice)}.ics"
    assert new != old
    assert client.get(old).status_code == 403
    assert client.get(new).status_code == 200
    calendar_files.reset_feed(world.alice)
    assert client.get(new).status_code == 403  # every reset voids the link before


def test_the_booking_file_opens_with_the_calendar_token_only(
    world: World, client: HttpClient, london_at: At
) -> None:
    appointment = booked(world, london_at(MONDAY, 10))
    url = f"/api/v1/calendar/bookings/{appointment.pk}.ics"
    ok = client.get(url, {"token": tokens.calendar_token(appointment.pk)})
    assert ok.status_code == 200
    assert b"METHOD:PUBLISH" in ok.content
    assert client.get(url, {"token": tokens.calendar_token(appointment.pk + 1)}).status_code == 403
    # The cancel token opens the cancel page, not the file; the file's token cannot cancel.
    assert client.get(url, {"token": tokens.cancel_token(appointment.pk)}).status_code == 403
    calendar = tokens.calendar_token(appointment.pk)
    assert client.get(f"/book/cancel/{calendar}/").status_code == 404
    assert client.post(f"/book/cancel/{calendar}/").status_code == 404
    refused = client.post(
        f"/api/v1/bookings/{appointment.pk}/cancel",
        {"token": calendar},
        content_type="application/json",
    )
    assert refused.status_code == 403
    appointment.refresh_from_db()
    assert appointment.is_active
    web = client.get(f"/book/calendar/{calendar}.ics")
    assert web.status_code == 200 and b"METHOD:PUBLISH" in web.content


def test_the_uid_survives_export_and_import(world: World, london_at: At) -> None:
    from triggerpoint.interop.export import export_client
    from triggerpoint.interop.load import load_client

    appointment = booked(world, london_at(MONDAY, 10))
    uid = str(parse(booking_ics(appointment))[1][0]["UID"])  # type: ignore[index]
    data = export_client(appointment.client)
    client = appointment.client
    appointment.delete()
    client.delete()
    load_client(data, Clinic.objects.create(name="Another Clinic"))
    again = Appointment.objects.get(uuid=appointment.uuid)
    assert again.pk != appointment.pk
    assert str(parse(booking_ics(again))[1][0]["UID"]) == uid  # type: ignore[index]


KHAL = os.environ.get("KHAL") or shutil.which("khal")


@pytest.mark.skipif(KHAL is None, reason="khal is not installed (set KHAL=/path/to/khal)")
def test_the_files_import_into_khal(world: World, london_at: At, tmp_path: Path) -> None:
    khal = str(KHAL)
    a = booked(world, london_at(MONDAY, 10))
    b = booked(world, london_at(MONDAY, 12))
    store = tmp_path / "cal"
    store.mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(
        f"[calendars]\n[[clinic]]\npath = {store}\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\n"
        "longdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n"
        "longdatetimeformat = %Y-%m-%d %H:%M\ndefault_timezone = Europe/London\n"
        "local_timezone = Europe/London\n"
    )
    env = os.environ | {"XDG_DATA_HOME": str(tmp_path / "data")}
    files = [("a.ics", booking_ics(a)), ("b.ics", download_ics(b))]
    files.append(("feed.ics", therapist_feed(world.alice, now=NOW)))
    for name, data in files:
        path = tmp_path / name
        path.write_bytes(data)
        done = subprocess.run(
            [khal, "-c", str(config), "import", "--batch", "-a", "clinic", str(path)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
    listed = subprocess.run(
        [khal, "-c", str(config), "list", "--format", "{title}", "2026-06-01", "1d"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    print(listed.stdout)
    titles = [line for line in listed.stdout.splitlines()[1:] if line.strip()]
    # Two bookings, each once: the feed's copies carry the same UIDs, so they replace the
    # client's copies instead of adding a second entry (what colliding UIDs broke before).
    assert len(titles) == 2, listed.stdout
    assert len(list(store.glob("*.ics"))) == 2, listed.stdout

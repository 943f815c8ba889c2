"""Database fixtures shared by the Django apps' tests.

The same suite runs on SQLite (default) and on PostgreSQL when DATABASE_URL points at one;
`make test` runs the database tests on both. Builders make a small clinic in a few lines.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import time_machine

if TYPE_CHECKING:
    from triggerpoint.clinic.models import Client, Clinic, Room, Service, Staff

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "triggerpoint.site.settings")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """SQLite tests use a file database so that threads share it (":memory:" would not)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        path = Path(tmp_path_factory.mktemp("db")) / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


@dataclass
class World:
    """One clinic with two therapists, two treatment rooms, a spa suite and services."""

    clinic: Clinic
    alice: Staff  # therapist
    bob: Staff  # therapist
    owner: Staff
    room1: Room
    room2: Room
    spa: Room
    session60: Service
    session30: Service
    spa_afternoon: Service
    client_a: Client
    client_b: Client


def make_world(
    time_zone: str = "Europe/London",
    hours: tuple[time, time] = (time(9), time(17)),
    buffer_after: int = 0,
) -> World:
    from django.contrib.auth import get_user_model

    from triggerpoint.clinic.models import Client, Clinic, Role, Room, Service, Staff, WorkingHours
    from triggerpoint.clinic.models.places import RoomKind

    user_model = get_user_model()
    # The tests book months ahead of their fixed NOW; the horizon's own tests set it back
    # to the default (90 days).
    clinic = Clinic.objects.create(
        name="Test Clinic", time_zone=time_zone, booking_horizon_days=366
    )

    def staff(name: str, role: str = Role.THERAPIST) -> Staff:
        user = user_model.objects.create_user(username=f"{name}@example.com", password=None)
        return Staff.objects.create(
            user=user,
            clinic=clinic,
            role=role,
            display_name=name.title(),
            takes_bookings=role == Role.THERAPIST,
        )

    alice, bob, owner = staff("alice"), staff("bob"), staff("olive", Role.OWNER)
    for therapist in (alice, bob):
        for weekday in range(7):
            WorkingHours.objects.create(
                staff=therapist, weekday=weekday, start=hours[0], end=hours[1]
            )
    room1 = Room.objects.create(clinic=clinic, name="Room 1", kind=RoomKind.TREATMENT)
    room2 = Room.objects.create(clinic=clinic, name="Room 2", kind=RoomKind.TREATMENT)
    spa = Room.objects.create(clinic=clinic, name="Spa", kind=RoomKind.SPA)

    def service(name: str, minutes: int, kind: str = RoomKind.TREATMENT) -> Service:
        return Service.objects.create(
            clinic=clinic,
            name=name,
            duration_minutes=minutes,
            buffer_after_minutes=buffer_after,
            price=Decimal("50.00"),
            room_kind=kind,
        )

    return World(
        clinic=clinic,
        alice=alice,
        bob=bob,
        owner=owner,
        room1=room1,
        room2=room2,
        spa=spa,
        session60=service("Trigger point therapy, 60 minutes", 60),
        session30=service("Trigger point therapy, 30 minutes", 30),
        spa_afternoon=service("Spa afternoon", 180, RoomKind.SPA),
        client_a=Client.objects.create(clinic=clinic, name="Ann Able", email="ann@example.com"),
        client_b=Client.objects.create(clinic=clinic, name="Ben Baker", email="ben@example.com"),
    )


# A fixed "now" well before every date the tests book, so no test depends on the clock.
NOW = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
MONDAY = date(2026, 6, 1)


@pytest.fixture
def world(db: None) -> World:
    return make_world()


@pytest.fixture
def world_factory(db: None) -> Callable[..., World]:
    return make_world


@pytest.fixture
def london_at() -> Callable[[date, int, int], datetime]:
    from zoneinfo import ZoneInfo

    def at(day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo("Europe/London"))

    return at


# Every test runs at one fixed moment, so none depends on the day it runs. The default is a
# Wednesday noon; CI runs the tests marked `dated` once more with TRIGGERPOINT_TEST_NOW set
# to a Monday and to a Sunday of a daylight-saving change (see .ci/run). The clock ticks
# from there, because the live server and the browser tests need time to pass.
DEFAULT_TEST_NOW = "2026-12-02T12:00:00+00:00"


def fixed_now() -> datetime:
    chosen = datetime.fromisoformat(os.environ.get("TRIGGERPOINT_TEST_NOW", DEFAULT_TEST_NOW))
    if chosen.tzinfo is None:
        raise pytest.UsageError("TRIGGERPOINT_TEST_NOW needs a UTC offset, e.g. +00:00")
    return chosen


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(fixed_now(), tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _fresh_cache(request: pytest.FixtureRequest) -> None:
    """Rate-limit and sign-in counters live in the shared cache, a table of the test
    database that no rollback or flush empties: each test that opens the database starts
    with none."""
    uses_database = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db"} & set(request.fixturenames)
    )
    if uses_database:
        request.getfixturevalue("_django_db_helper")
        from django.core.cache import cache

        cache.clear()


def later(moment: datetime, minutes: int) -> datetime:
    return moment + timedelta(minutes=minutes)


@pytest.fixture
def smtp(settings) -> Iterator[object]:
    """A real SMTP server (aiosmtpd) that the app's SMTP backend delivers to (tests/smtp.py)."""
    from tests import smtp as sink

    mailbox, controller = sink.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = mailbox.host, mailbox.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.SITE_URL = "http://testserver"
    try:
        yield mailbox
    finally:
        controller.stop()

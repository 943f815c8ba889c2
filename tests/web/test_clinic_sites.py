"""One site per clinic: two clinics in one database, each host sees only its own clinic.

North is the world of tests/conftest.py (the first clinic, so also the default site);
South is a second clinic with its own therapist, room and service. Each host's public
pages, booking flow, search and API answer for its clinic only, and booking through one
host cannot book the other clinic's service.
"""

from __future__ import annotations

import json
import uuid
from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import World
from triggerpoint.clinic.models import Appointment, Clinic, Room, Service, Staff, WorkingHours
from triggerpoint.clinic.people.sites import PLACEHOLDER_NAME, clinic_for_host, host_name

NORTH = "book.north.example"
SOUTH = "south.example"


@pytest.fixture
def south(world: World, settings) -> Clinic:
    settings.ALLOWED_HOSTS = [NORTH, SOUTH, "unknown.example", "testserver"]
    world.clinic.name = "North Clinic"
    world.clinic.hosts = f"{NORTH}, north.example"
    world.clinic.save()
    clinic = Clinic.objects.create(name="South Clinic", hosts=f"{SOUTH} www.{SOUTH}")
    user = get_user_model().objects.create_user(username="sam@example.com", password=None)
    sam = Staff.objects.create(user=user, clinic=clinic, display_name="Sam South")
    for weekday in range(7):
        WorkingHours.objects.create(staff=sam, weekday=weekday, start=time(9), end=time(17))
    Room.objects.create(clinic=clinic, name="South room")
    Service.objects.create(
        clinic=clinic, name="Southern deep tissue", duration_minutes=60, price=Decimal("40")
    )
    return clinic


def south_service(south: Clinic) -> Service:
    return Service.objects.get(clinic=south)


def browser(host: str) -> Browser:
    return Browser(HTTP_HOST=host)


def test_a_host_picks_its_clinic_exactly_else_the_first_clinic(world, south):
    assert clinic_for_host(NORTH) == world.clinic
    assert clinic_for_host("BOOK.North.Example:8443") == world.clinic
    assert clinic_for_host(f"www.{SOUTH}") == south
    assert clinic_for_host(f"{SOUTH}.") == south
    # A name that only contains a listed one is not it: the default (first) clinic.
    assert clinic_for_host("example") == world.clinic
    assert clinic_for_host("evil-south.example") == world.clinic
    assert clinic_for_host("localhost") == world.clinic


@pytest.mark.django_db
def test_without_any_clinic_the_site_is_a_placeholder_with_nothing_to_book():
    clinic = clinic_for_host("localhost")
    assert clinic.pk is None
    assert clinic.name == PLACEHOLDER_NAME
    assert Browser().get("/").status_code == 200


@given(st.from_regex(r"[a-z0-9.-]{1,30}(:[0-9]{1,5})?", fullmatch=True))
def test_the_host_name_drops_only_the_port(host):
    name = host_name(host)
    assert ":" not in name
    assert host.lower().startswith(name)


def test_each_host_home_page_shows_its_own_name_and_services(world, south):
    north_page = browser(NORTH).get("/").content.decode()
    south_page = browser(SOUTH).get("/").content.decode()
    assert "North Clinic" in north_page and "South Clinic" not in north_page
    assert world.session60.name in north_page and "Southern deep tissue" not in north_page
    assert "South Clinic" in south_page and "North Clinic" not in south_page
    assert "Southern deep tissue" in south_page and world.session60.name not in south_page
    assert "North Clinic" in browser("unknown.example").get("/").content.decode()


def test_the_booking_pages_offer_and_open_only_the_hosts_services(world, south):
    service = south_service(south)
    assert "Southern deep tissue" not in browser(NORTH).get("/book/").content.decode()
    assert "Southern deep tissue" in browser(SOUTH).get("/book/").content.decode()
    assert world.session60.name not in browser(SOUTH).get("/book/").content.decode()
    assert browser(NORTH).get(f"/book/{service.pk}/").status_code == 404
    assert browser(SOUTH).get(f"/book/{service.pk}/").status_code == 200
    assert browser(SOUTH).get(f"/book/{world.session60.pk}/any/").status_code == 404


def test_search_finds_only_the_hosts_services(world, south):
    assert "Southern deep tissue" in browser(SOUTH).get("/search/?q=southern").content.decode()
    assert "Southern deep tissue" not in browser(NORTH).get("/search/?q=southern").content.decode()


def test_the_api_lists_only_the_hosts_services_and_therapists(world, south):
    def names(host: str, path: str) -> set[str]:
        return {row["name"] for row in browser(host).get(path).json()["items"]}

    assert "Southern deep tissue" not in names(NORTH, "/api/v1/services")
    assert names(SOUTH, "/api/v1/services") == {"Southern deep tissue"}
    assert names(SOUTH, "/api/v1/therapists") == {"Sam South"}
    assert "Sam South" not in names(NORTH, "/api/v1/therapists")
    # Asking the north site for the south clinic's list finds nothing there.
    assert names(NORTH, f"/api/v1/services?clinic={south.pk}") == set()


def _first_free(host: str, service: Service) -> dict:
    day = timezone.now().date() + timedelta(days=7)
    url = f"/api/v1/availability?service={service.pk}&date={day}"
    response = browser(host).get(url)
    assert response.status_code == 200, response.content
    return response.json()["items"][0]


def _book(host: str, service: Service, slot: dict):
    body = {
        "service": service.pk,
        "therapist": slot["therapist"],
        "start": slot["start"],
        "name": "Gail Guest",
        "email": "gail@example.com",
        "phone": "+44 7700 900123",
        "consent": True,
    }
    return browser(host).post(
        "/api/v1/bookings",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )


def test_the_api_cannot_book_another_clinics_service_through_this_host(world, south):
    service = south_service(south)
    slot = _first_free(SOUTH, service)
    assert browser(NORTH).get(f"/api/v1/availability?service={service.pk}&date=2026-12-09")
    refused = _book(NORTH, service, slot)
    assert refused.status_code == 404
    assert refused.json()["errors"] == {"service": f"no service with id {service.pk}"}
    assert not Appointment.objects.exists()
    booked = _book(SOUTH, service, slot)
    assert booked.status_code == 201
    assert Appointment.objects.get().service.clinic == south


def test_the_api_refuses_another_clinics_free_times_and_therapists(world, south):
    service = south_service(south)
    day = timezone.now().date() + timedelta(days=7)
    other = browser(NORTH).get(f"/api/v1/availability?service={service.pk}&date={day}")
    assert other.status_code == 404
    sam = Staff.objects.get(clinic=south)
    body_slot = {"therapist": sam.pk, "start": _first_free(SOUTH, service)["start"]}
    # A north service with the south therapist: the therapist is not found on this site.
    mixed = _book(NORTH, world.session60, body_slot)
    assert mixed.status_code == 404
    assert "therapist" in mixed.json()["errors"]


def test_the_booking_form_cannot_book_another_clinics_service_through_this_host(world, south):
    service = south_service(south)
    slot = _first_free(SOUTH, service)
    data = {
        "service": service.pk,
        "therapist": slot["therapist"],
        "who": "any",
        "start": slot["start"],
        "key": uuid.uuid4().hex,
        "name": "Gail Guest",
        "email": "gail@example.com",
        "phone": "+44 7700 900123",
        "consent": "on",
    }
    north = browser(NORTH)
    north.get("/book/")  # the CSRF cookie (the test client does not check it anyway)
    response = north.post("/book/details/", data)
    assert response.status_code == 302
    assert response["Location"] == "/book/"  # "not available any more, choose again"
    assert not Appointment.objects.exists()
    assert browser(SOUTH).post("/book/details/", data).status_code == 302
    assert Appointment.objects.get().service == service


def test_the_clinic_is_looked_up_once_per_page(world, south):
    with CaptureQueriesContext(connection) as queries:
        assert browser(SOUTH).get("/book/").status_code == 200
    clinic_table = Clinic._meta.db_table
    lookups = [q for q in queries.captured_queries if f'FROM "{clinic_table}"' in q["sql"]]
    assert len(lookups) == 1, [q["sql"] for q in lookups]


def test_a_request_that_never_asks_for_the_clinic_costs_no_lookup(world, south):
    with CaptureQueriesContext(connection) as queries:
        response = browser(SOUTH).get("/healthz")
        browser(SOUTH).get("/find/bodymap.svg")
    assert response.status_code == 200
    assert not [q for q in queries.captured_queries if "clinic_clinic" in q["sql"]]

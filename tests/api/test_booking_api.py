"""The booking API over HTTP: listings, slots, guest bookings, retries and cancellation."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from tests.conftest import World
from triggerpoint.clinic.models import Appointment, Client, Status
from triggerpoint.clinic.privacy import tokens

pytestmark = [pytest.mark.django_db, pytest.mark.dated]

At = Callable[..., datetime]


@pytest.fixture
def soon() -> date:
    """A date a week ahead: the API reads the real clock."""
    return timezone.now().date() + timedelta(days=7)


def post(http: HttpClient, url: str, body: dict[str, Any], key: str | None = "key-0001") -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return http.post(url, data=json.dumps(body), content_type="application/json", headers=headers)


def guest_booking(world: World, when: datetime, **changes: object) -> dict[str, Any]:
    body = {
        "service": world.session60.pk,
        "therapist": world.alice.pk,
        "start": when.isoformat(),
        "name": "Gail Guest",
        "email": "gail@example.com",
        "phone": "+44 7700 900123",
        "consent": True,
    }
    return body | changes


def test_services_and_therapists_are_listed(world: World, client: HttpClient) -> None:
    services = client.get("/api/v1/services").json()["items"]
    assert {s["name"] for s in services} >= {"Trigger point therapy, 60 minutes", "Spa afternoon"}
    therapists = client.get("/api/v1/therapists").json()["items"]
    assert {t["name"] for t in therapists} == {"Alice", "Bob"}  # the owner takes no bookings


def test_availability_gives_iso_times_with_offsets(
    world: World, client: HttpClient, soon: date
) -> None:
    url = f"/api/v1/availability?service={world.session60.pk}&date={soon}"
    slots = client.get(f"{url}&therapist={world.alice.pk}").json()["items"]
    first = datetime.fromisoformat(slots[0]["start"])
    assert first.utcoffset() is not None
    assert first.hour == 9
    assert slots[0]["therapist_name"] == "Alice"


def test_availability_rejects_a_bad_date_with_a_field_error(
    world: World, client: HttpClient
) -> None:
    response = client.get(f"/api/v1/availability?service={world.session60.pk}&date=2026-02-30")
    assert response.status_code == 422
    assert "date" in response.json()["errors"]


def test_availability_for_an_unknown_service_is_a_404_naming_the_field(
    world: World, client: HttpClient, soon: date
) -> None:
    response = client.get(f"/api/v1/availability?service=999999&date={soon}")
    assert response.status_code == 404
    assert response.json()["errors"] == {"service": "no service with id 999999"}


def test_a_guest_books_a_free_slot(
    world: World, client: HttpClient, london_at: At, soon: date
) -> None:
    response = post(client, "/api/v1/bookings", guest_booking(world, london_at(soon, 10)))
    assert response.status_code == 201
    body = response.json()
    assert datetime.fromisoformat(body["start"]) == london_at(soon, 10)
    assert body["status"] == "booked"
    assert response["Location"] == body["calendar_url"]
    assert client.get(response["Location"]).status_code == 200
    guest = Client.objects.get(email="gail@example.com")
    assert guest.consent_given_at is not None


def test_a_taken_slot_answers_409(
    world: World, client: HttpClient, london_at: At, soon: date
) -> None:
    post(client, "/api/v1/bookings", guest_booking(world, london_at(soon, 10)), key="first-key")
    second = guest_booking(world, london_at(soon, 10, 30), email="other@example.com")
    response = post(client, "/api/v1/bookings", second, key="second-key")
    assert response.status_code == 409
    assert "no longer free" in response.json()["message"]


def test_bad_input_answers_422_with_each_field_named(
    world: World, client: HttpClient, london_at: At, soon: date
) -> None:
    body = guest_booking(world, london_at(soon, 10), email="not-an-email", phone="x", consent=False)
    response = post(client, "/api/v1/bookings", body)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"email", "phone", "consent"}
    assert not Appointment.objects.exists()


def test_a_time_without_offset_is_refused(
    world: World, client: HttpClient, london_at: At, soon: date
) -> None:
    body = guest_booking(world, london_at(soon, 10), start=f"{soon}T10:00:00")
    response = post(client, "/api/v1/bookings", body)
    assert response.status_code == 422
    assert "offset" in response.json()["errors"]["start"]


def test_a_booking_needs_an_idempotency_key(
    world: World, client: HttpClient, london_at: At, soon: date
) -> None:
    response = post(client, "/api/v1/bookings", guest_booking(world, london_at(soon, 10)), key=None)
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["errors"]


def test_outside_hours_answers_422(
    world: World, client: HttpClient, london_at: At, soon: date
) -> None:
    response = post(client, "/api/v1/bookings", guest_booking(world, london_at(soon, 20)))
    assert response.status_code == 422
    assert "working hours" in response.json()["message"]


def test_a_retried_request_returns_the_first_booking(
    world: World, client: HttpClient, london_at: At, soon: date
) -> None:
    body = guest_booking(world, london_at(soon, 10))
    first = post(client, "/api/v1/bookings", body, key="retry-key")
    again = post(client, "/api/v1/bookings", body, key="retry-key")
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json()["id"] == again.json()["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert Appointment.objects.count() == 1


def test_a_key_reused_for_another_booking_answers_409(
    world: World, client: HttpClient, london_at: At, soon: date
) -> None:
    post(client, "/api/v1/bookings", guest_booking(world, london_at(soon, 10)), key="same-key")
    other = guest_booking(world, london_at(soon, 14), email="someone@example.com")
    response = post(client, "/api/v1/bookings", other, key="same-key")
    assert response.status_code == 409
    assert "cancel_token" not in response.json()


def test_the_token_cancels_its_own_booking_only(
    world: World, client: HttpClient, london_at: At, soon: date
) -> None:
    mine = post(
        client, "/api/v1/bookings", guest_booking(world, london_at(soon, 10)), key="cancel-key-1"
    )
    other_body = guest_booking(world, london_at(soon, 14), email="o@example.com")
    other = post(client, "/api/v1/bookings", other_body, key="cancel-key-2").json()
    token = mine.json()["cancel_token"]

    wrong = post(client, f"/api/v1/bookings/{other['id']}/cancel", {"token": token})
    assert wrong.status_code == 403
    forged = post(client, f"/api/v1/bookings/{other['id']}/cancel", {"token": token + "x"})
    assert forged.status_code == 403
    feed_token = tokens.feed_token(other["id"])  # right id, wrong purpose
    assert (
        post(client, f"/api/v1/bookings/{other['id']}/cancel", {"token": feed_token}).status_code
        == 403
    )

    done = post(client, f"/api/v1/bookings/{mine.json()['id']}/cancel", {"token": token})
    assert done.status_code == 200
    assert done.json()["status"] == "cancelled"
    assert Appointment.objects.get(pk=other["id"]).status == Status.BOOKED


def test_a_cancelled_slot_can_be_booked_again(
    world: World, client: HttpClient, london_at: At, soon: date
) -> None:
    first = post(
        client, "/api/v1/bookings", guest_booking(world, london_at(soon, 10)), key="key-first"
    )
    cancel_url = f"/api/v1/bookings/{first.json()['id']}/cancel"
    post(client, cancel_url, {"token": first.json()["cancel_token"]})
    again = guest_booking(world, london_at(soon, 10), email="next@example.com")
    assert post(client, "/api/v1/bookings", again, key="key-second").status_code == 201


def test_guest_bookings_are_rate_limited_per_address(
    world: World, client: HttpClient, london_at: At, soon: date, settings: Any
) -> None:
    settings.BOOKING_RATE = "2/h"
    codes = [
        post(
            client,
            "/api/v1/bookings",
            guest_booking(world, london_at(soon, 9 + n)),
            key=f"rate-key-{n}",
        ).status_code
        for n in range(3)
    ]
    assert codes == [201, 201, 429]
    elsewhere = post(
        client, "/api/v1/bookings", guest_booking(world, london_at(soon, 13)), key="rate-key-x"
    )
    assert elsewhere.status_code == 429  # same address
    other_address = HttpClient(REMOTE_ADDR="203.0.113.9")
    assert (
        post(
            other_address,
            "/api/v1/bookings",
            guest_booking(world, london_at(soon, 14)),
            key="rate-key-y",
        ).status_code
        == 201
    )


def test_unknown_booking_answers_404_json(world: World, client: HttpClient) -> None:
    response = post(
        client, "/api/v1/bookings/999999/cancel", {"token": tokens.cancel_token(999999)}
    )
    assert response.status_code == 404
    assert "message" in response.json()


def test_the_openapi_schema_loads(client: HttpClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/bookings", "/api/v1/availability", "/api/v1/services"} <= set(schema["paths"])

"""Every API error is JSON {"message", "errors"}; bodies are JSON only; a signed-in cancel
needs the CSRF token, as a page on another site could make the browser send the cookie."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from tests.conftest import World
from tests.web.roles import appointment, cast_of
from triggerpoint.clinic.models import Status
from triggerpoint.clinic.privacy import tokens

pytestmark = [pytest.mark.django_db, pytest.mark.dated]
HUGE = "99999999999999999999999"


def error_of(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:200])
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) == {"message", "errors"}, body
    assert isinstance(body["message"], str) and body["message"]
    return body


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/v1/nothing-here", 404),
        ("get", "/api/v1/", 404),
        ("delete", "/api/v1/services", 405),
        ("get", f"/api/v1/services?clinic={HUGE}", 422),
        ("get", f"/api/v1/therapists?clinic={HUGE}", 422),
        # Refused before any lookup, so a refusal says nothing about what exists.
        ("post", f"/api/v1/bookings/{HUGE}/cancel", 403),
    ],
)
def test_errors_outside_and_inside_operations_are_json(world, method, path, status):
    http = HttpClient()
    if method == "post":
        response = http.post(path, '{"token": "x"}', content_type="application/json")
    else:
        response = getattr(http, method)(path)
    error_of(response, status)


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_a_body_that_is_not_declared_json_is_refused(world, content_type):
    booked = appointment(world.client_a, world.alice, world.session60, later(world))
    body = json.dumps({"token": tokens.cancel_token(booked.pk)})
    response = HttpClient().post(
        f"/api/v1/bookings/{booked.pk}/cancel", body, content_type=content_type
    )
    error_of(response, 415)
    booked.refresh_from_db()
    assert booked.status == Status.BOOKED


def later(world: World) -> datetime:
    day = timezone.now().astimezone(ZoneInfo("Europe/London")).date() + timedelta(days=5)
    return datetime.combine(day, time(10), tzinfo=ZoneInfo("Europe/London"))


def test_a_signed_in_cancel_without_the_csrf_token_is_refused(world):
    booked = appointment(world.client_a, world.alice, world.session60, later(world))
    cast = cast_of(world)
    browser = HttpClient(enforce_csrf_checks=True)
    browser.force_login(cast.users["client_a"])
    url = f"/api/v1/bookings/{booked.pk}/cancel"
    forged = browser.post(url, '{"token": "none"}', content_type="application/json")
    assert "CSRF" in error_of(forged, 403)["message"]
    booked.refresh_from_db()
    assert booked.status == Status.BOOKED
    browser.get("/portal/")  # sets the CSRF cookie, as any page of the app does
    token = browser.cookies["csrftoken"].value
    allowed = browser.post(
        url, '{"token": "none"}', content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert allowed.status_code == 200
    booked.refresh_from_db()
    assert booked.status == Status.CANCELLED


def test_the_link_token_alone_cancels_without_a_cookie_or_csrf(world):
    booked = appointment(world.client_a, world.alice, world.session60, later(world))
    response = HttpClient(enforce_csrf_checks=True).post(
        f"/api/v1/bookings/{booked.pk}/cancel",
        json.dumps({"token": tokens.cancel_token(booked.pk)}),
        content_type="application/json",
    )
    assert response.status_code == 200


def test_a_crash_under_the_api_is_json_and_logs_no_message(world, monkeypatch, caplog):
    class Broken:
        class objects:  # noqa: N801  # stands in for the model's manager
            @staticmethod
            def filter(**kwargs):
                raise RuntimeError("ann@example.com broke it")

    monkeypatch.setattr("triggerpoint.api.catalogue.Service", Broken)
    error_of(HttpClient(raise_request_exception=False).get("/api/v1/services"), 500)
    assert "ann@example.com" not in caplog.text


def test_every_error_status_an_operation_answers_is_documented():
    from triggerpoint.api.app import api

    paths = api.get_openapi_schema()["paths"]
    create = paths["/api/v1/bookings"]["post"]["responses"]
    cancel = paths["/api/v1/bookings/{booking_id}/cancel"]["post"]["responses"]
    assert {201, 409, 415, 422, 429} <= {int(code) for code in create}
    assert {200, 403, 404, 409, 415, 422} <= {int(code) for code in cancel}

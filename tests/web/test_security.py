"""Security headers, templates that obey the content security policy, deploy checks, logs
without personal data, and the policy behind the API's cancel call."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client as HttpClient
from django.utils import timezone

from tests.conftest import World
from tests.web.roles import appointment, cast_of, drawing
from triggerpoint.clinic.models import AuditEvent, Status
from triggerpoint.clinic.privacy import tokens

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "src" / "triggerpoint" / "web" / "templates"

# Written out here rather than imported, so a change to the policy has to change a test.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
)


def csp_violations(html: str) -> list[str]:
    """What in a page the policy would block: inline scripts, handlers and styles."""
    page = BeautifulSoup(html, "html.parser")
    found = []
    for script in page.find_all("script"):
        if not script.get("src") and script.get("type") != "application/json":
            found.append(f"inline script: {str(script)[:80]}")
    found += [f"<style> element: {str(tag)[:80]}" for tag in page.find_all("style")]
    for tag in page.find_all(True):
        for name in tag.attrs:
            if name.lower().startswith("on") or name.lower() == "style":
                found.append(f"{name}= on <{tag.name}>")
        if str(tag.get("href", "")).lower().startswith("javascript:"):
            found.append(f"javascript: link on <{tag.name}>")
    return found


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_no_template_has_inline_script_handlers_or_styles(template: Path):
    assert csp_violations(template.read_text()) == []


def test_the_checker_itself_catches_what_the_policy_blocks():
    page = (
        '<script>alert(1)</script><p style="color:red" onclick="x()"><style>p{}</style>'
        '<a href="javascript:void(0)">x</a><script type="application/json">{}</script>'
        '<script src="/static/web/finder.js"></script>'
    )
    assert len(csp_violations(page)) == 5


@pytest.mark.django_db
def test_every_kind_of_page_sends_the_policy_and_obeys_it(world: World):
    drawing(world.client_a, temple_r=6, occiput_l=4)
    staff = HttpClient()
    staff.force_login(world.owner.user)
    anonymous = HttpClient()
    pages = [
        (anonymous, "/"),
        (anonymous, "/find/?mark=temple-r:7"),
        (anonymous, "/muscles/upper-trapezius/"),
        (anonymous, "/search/?q=neck"),
        (staff, "/staff/schedule/?view=week"),
        (staff, "/staff/clients/"),
        (staff, f"/staff/clients/{world.client_a.pk}/"),
        (staff, f"/staff/clients/{world.client_a.pk}/find/"),
        (staff, "/staff/report/"),
    ]
    for http, url in pages:
        response = http.get(url)
        assert response.status_code == 200, url
        assert response["Content-Security-Policy"] == POLICY, url
        assert response["X-Frame-Options"] == "DENY", url
        assert csp_violations(response.content.decode()) == [], url


@pytest.mark.django_db
def test_api_answers_and_errors_carry_the_policy_too(client: HttpClient):
    for response in (client.get("/api/v1/services"), client.get("/no-such-page/")):
        assert response["Content-Security-Policy"] == POLICY


def test_deploy_checks_pass_with_production_settings(tmp_path: Path):
    env = os.environ | {
        "TRIGGERPOINT_ENV": "production",
        "SECRET_KEY": "k3y-" + "x9Qz!vB7#mP2$wL5^" * 4,
        "ALLOWED_HOSTS": "example.org",
        "TRIGGERPOINT_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "triggerpoint.site.settings",
        "EMAIL_HOST": "smtp.example.org",
        "SITE_URL": "https://example.org",
    }
    env.pop("DEBUG", None)
    script = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('check', '--deploy', '--fail-level', 'WARNING')"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr + done.stdout
    assert "no issues" in done.stdout + done.stderr


def test_production_refuses_the_default_secret(tmp_path: Path):
    env = os.environ | {
        "TRIGGERPOINT_ENV": "production",
        "ALLOWED_HOSTS": "example.org",
        "TRIGGERPOINT_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "triggerpoint.site.settings",
    }
    env.pop("SECRET_KEY", None)
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "SECRET_KEY must be set" in done.stderr


# No personal data in logs


@pytest.fixture
def every_log_record() -> Iterator[list[logging.LogRecord]]:
    """Every record the most talkative configuration lets through (LOG_LEVEL=DEBUG)."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    root = logging.getLogger()
    level = root.level
    keep = Keep(level=logging.DEBUG)
    root.setLevel(logging.DEBUG)
    root.addHandler(keep)
    try:
        yield records
    finally:
        root.removeHandler(keep)
        root.setLevel(level)


def soon_at(hour: int) -> datetime:
    day = timezone.now().date() + timedelta(days=10)
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo("Europe/London"))


@pytest.mark.dated
@pytest.mark.django_db
def test_booking_and_signing_in_log_no_name_email_or_phone(world: World, every_log_record):
    name, email, phone = "Priya Private", "priya.private@example.net", "+44 7700 900777"
    api = HttpClient()
    booked = api.post(
        "/api/v1/bookings",
        data=json.dumps(
            {
                "service": world.session60.pk,
                "therapist": world.alice.pk,
                "start": soon_at(10).isoformat(),
                "name": name,
                "email": email,
                "phone": phone,
                "consent": True,
            }
        ),
        content_type="application/json",
        headers={"Idempotency-Key": "log-test-0001"},
    )
    assert booked.status_code == 201, booked.content
    # A second, invalid try: errors are where personal data most often leaks into logs.
    api.post(
        "/api/v1/bookings",
        data=json.dumps({"name": name, "email": email, "phone": "x"}),
        content_type="application/json",
        headers={"Idempotency-Key": "log-test-0002"},
    )
    from django.contrib.auth import get_user_model

    from triggerpoint.clinic.models import Client

    person = Client.objects.get(email=email)
    person.user = get_user_model().objects.create_user(username=email, password="Corr3ct-h0rse")
    person.save()
    login_url = resolve_url(settings.LOGIN_URL)
    browser = HttpClient()
    browser.post(login_url, {"username": email, "password": "wrong-password"})
    signed_in = browser.post(login_url, {"username": email, "password": "Corr3ct-h0rse"})
    assert signed_in.status_code == 302
    staff = HttpClient()
    staff.force_login(world.alice.user)
    assert staff.get(f"/staff/clients/{person.pk}/").status_code == 200
    assert staff.get("/staff/clients/", {"q": "Priya"}).status_code == 200

    logging.getLogger("triggerpoint.canary").debug("capture works")
    assert every_log_record[-1].getMessage() == "capture works"
    for record in every_log_record:
        text = logging.Formatter().format(record) + repr(record.args)
        for secret in (name, email, phone, "Priya", "priya"):
            assert secret not in text, f"{record.name}: {text[:200]}"


# The API's cancel call asks the policy


def cancel(http: HttpClient, booking_id: int, token: str) -> Any:
    return http.post(
        f"/api/v1/bookings/{booking_id}/cancel",
        data=json.dumps({"token": token}),
        content_type="application/json",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 403),
        ("client_a", 200),
        ("client_b", 403),
        ("therapist", 200),
        ("other_therapist", 403),
        ("owner", 200),
    ],
)
@pytest.mark.dated
def test_cancelling_through_the_api_without_the_link_needs_the_right_to_see_it(
    world: World, role: str, status: int
):
    cast = cast_of(world)
    booked = appointment(world.client_a, world.alice, world.session60, soon_at(10))
    response = cancel(cast.http(role), booked.pk, "not-a-valid-token")
    assert response.status_code == status, response.content
    booked.refresh_from_db()
    assert (booked.status == Status.CANCELLED) == (status == 200)
    if status == 200:
        event = AuditEvent.objects.get(action="appointment.cancelled")
        assert event.actor_id == cast.users[role].pk


@pytest.mark.dated
@pytest.mark.django_db
def test_the_cancel_link_still_works_for_a_guest_and_a_refusal_hides_existence(world: World):
    booked = appointment(world.client_a, world.alice, world.session60, soon_at(11))
    stranger = HttpClient()
    assert cancel(stranger, booked.pk + 1000, "nope").status_code == 403
    assert cancel(stranger, booked.pk, tokens.cancel_token(booked.pk + 1)).status_code == 403
    assert cancel(stranger, booked.pk, tokens.cancel_token(booked.pk)).status_code == 200

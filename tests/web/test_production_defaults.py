"""Production defaults: styled error pages, no caching of personal pages, a
Permissions-Policy, HSTS for a year, sessions that end, and `serve` without DEBUG."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.test import Client as HttpClient
from django.test import RequestFactory
from django.views.defaults import server_error

from tests.conftest import World
from tests.web.roles import cast_of

pytestmark = pytest.mark.django_db


def page_of(response, status: int) -> Any:
    assert response.status_code == status, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def test_a_404_is_the_sites_own_page_and_lists_no_url_patterns(world: World):
    page = page_of(HttpClient().get("/no/such/page/"), 404)
    assert page.select_one("header.site nav") is not None
    assert "Page not found" in page.h1.get_text()
    assert "admin/" not in page.get_text()  # DEBUG's page would list the patterns


def test_a_403_keeps_the_apps_own_message(world: World):
    http = HttpClient()
    http.force_login(world.alice.user)
    page = page_of(http.get("/staff/report/"), 403)
    assert page.select_one("header.site nav") is not None
    assert "Your account cannot open this page." in page.select_one("[role=alert]").get_text()


def test_a_500_is_the_sites_own_page():
    page = page_of(server_error(RequestFactory().get("/")), 500)
    assert page.select_one("header.site nav") is not None
    assert "Something went wrong" in page.h1.get_text()


def test_a_forged_form_gets_the_sites_own_csrf_page(world: World):
    response = HttpClient(enforce_csrf_checks=True).post(
        "/accounts/login/", {"username": "x", "password": "y"}
    )
    page = page_of(response, 403)
    assert "This form has expired" in page.h1.get_text()


def test_personal_pages_and_exports_are_never_stored(world: World):
    cast = cast_of(world)
    client = cast.http("client_a")
    for path in ("/portal/", "/portal/my-data.json"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == "no-store, private", path
    staff = cast.http("therapist")
    chart = staff.get(f"/staff/clients/{world.client_a.pk}/")
    assert chart["Cache-Control"] == "no-store, private"
    public = HttpClient().get("/muscles/")
    assert "no-store" not in public.get("Cache-Control", "")
    assert "camera=()" in public["Permissions-Policy"]


def test_staff_sessions_end_after_thirty_idle_minutes_clients_after_twelve_hours(
    world: World, clock
):
    cast = cast_of(world)
    staff, client = cast.http("therapist"), cast.http("client_a")
    assert staff.get("/staff/schedule/").status_code == 200
    assert client.get("/portal/").status_code == 200
    clock.shift(timedelta(minutes=29))
    assert staff.get("/staff/schedule/").status_code == 200  # still active: the clock restarts
    clock.shift(timedelta(minutes=31))
    assert staff.get("/staff/schedule/").status_code == 302
    assert client.get("/portal/").status_code == 200
    clock.shift(timedelta(hours=10, minutes=30))  # eleven and a half hours in
    assert client.get("/portal/").status_code == 200
    clock.shift(timedelta(hours=1))  # over twelve hours since signing in, though active
    assert client.get("/portal/").status_code == 302


def test_a_sessions_lifetime_counts_from_signing_in_not_from_its_first_page(
    world: World, clock, settings
):
    settings.SESSION_IDLE_MINUTES_CLIENT = 24 * 60  # only the absolute lifetime applies
    client = cast_of(world).http("client_a")  # signs in now, opens nothing yet
    clock.shift(timedelta(hours=11, minutes=50))
    assert client.get("/portal/").status_code == 200
    clock.shift(timedelta(minutes=15))  # twelve hours and five minutes after signing in
    assert client.get("/portal/").status_code == 302


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    return subprocess.run(
        args, env={**clean, **env}, capture_output=True, text=True, timeout=120, check=False
    )


def test_production_sends_hsts_for_a_year_by_default(tmp_path: Path):
    code = "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, s.DEBUG)"
    done = run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        DJANGO_SETTINGS_MODULE="triggerpoint.site.settings",
        TRIGGERPOINT_ENV="production",
        SECRET_KEY="a-private-random-value-for-this-test",
        TRIGGERPOINT_VAR_DIR=str(tmp_path),
        EMAIL_HOST="smtp.example.org",
        SITE_URL="https://clinic.example.org",
    )
    assert done.stdout.split() == ["31536000", "False"], done.stderr


def test_serve_without_dev_runs_without_debug_so_needs_a_secret(tmp_path: Path):
    cli = str(Path(sys.executable).with_name("triggerpoint"))
    done = run([cli, "serve", "--port", "8999"], TRIGGERPOINT_VAR_DIR=str(tmp_path))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: SECRET_KEY must be set to a private random value in production"
    ]
    assert "Traceback" not in done.stderr


def test_serve_in_production_without_a_mail_server_stops_with_one_line(tmp_path: Path):
    cli = str(Path(sys.executable).with_name("triggerpoint"))
    done = run(
        [cli, "serve", "--port", "8999"],
        TRIGGERPOINT_ENV="production",
        SECRET_KEY="a-private-random-value-for-this-test",
        TRIGGERPOINT_VAR_DIR=str(tmp_path),
        EMAIL_HOST="",
        EMAIL_BACKEND="",
        SITE_URL="https://clinic.example.org",
    )
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("error: EMAIL_BACKEND is console in production")
    assert "ALLOW_CONSOLE_EMAIL=true" in line

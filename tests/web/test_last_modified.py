"""Last-Modified on public pages and the public API (web/freshness.py): the later of the
release and the clinic's last change, a 304 for If-Modified-Since, and a change to the
clinic (or a restore, or a new release) makes its pages fresh again.

The installed files are newer than the tests' fixed clock, so each test dates the
release a day before it; commits run their on-commit hooks (the stamps) as they would
outside a test's transaction.
"""

from __future__ import annotations

import time
from datetime import timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client as Browser
from django.utils.http import http_date
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import World, fixed_now
from triggerpoint.clinic.models import Clinic, OpeningHours, Service
from triggerpoint.clinic.people import site_changes
from triggerpoint.web import freshness

NORTH = "north.example"
SOUTH = "south.example"
RELEASE = int((fixed_now() - timedelta(days=1)).timestamp())


@pytest.fixture(autouse=True)
def released_yesterday(monkeypatch):
    monkeypatch.setattr(freshness, "release_time", lambda: RELEASE)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit():` runs the block's on-commit hooks at its end, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def two_sites(world: World, settings) -> Clinic:
    settings.ALLOWED_HOSTS = [NORTH, SOUTH, "testserver"]
    world.clinic.name = "North Clinic"
    world.clinic.hosts = NORTH
    world.clinic.save()
    return Clinic.objects.create(name="South Clinic", hosts=SOUTH)


def dated(browser: Browser, path: str, clock) -> tuple[Any, str]:
    """A page after its clinic's stamp has passed (the first view stamps a clinic the
    cache has no stamp for as now, and a date is never sent while in the future)."""
    browser.get(path)
    clock.shift(2)
    response = browser.get(path)
    assert response.status_code == 200
    return response, response["Last-Modified"]


def test_a_public_page_is_dated_and_answers_304_when_unchanged(world, clock):
    browser = Browser()
    response, modified = dated(browser, "/muscles/", clock)
    assert parsedate_to_datetime(modified).timestamp() <= time.time()  # never in the future
    assert "no-cache" in response["Cache-Control"]  # revalidated, not kept by heuristics
    again = browser.get("/muscles/", HTTP_IF_MODIFIED_SINCE=modified)
    assert again.status_code == 304
    assert again.content == b""
    earlier = http_date(parsedate_to_datetime(modified).timestamp() - 1)
    assert browser.get("/muscles/", HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_a_change_to_the_clinic_makes_its_home_page_fresh_again(world, clock, commit):
    browser = Browser()
    _, before = dated(browser, "/", clock)
    clock.shift(60)
    assert browser.get("/", HTTP_IF_MODIFIED_SINCE=before).status_code == 304
    service = Service.objects.get(pk=world.session60.pk)
    service.name = "Deep neck release"
    with commit():
        service.save()
    # For the second after the change the page carries no date at all ...
    assert not browser.get("/").has_header("Last-Modified")
    clock.shift(2)
    fresh = browser.get("/", HTTP_IF_MODIFIED_SINCE=before)
    assert fresh.status_code == 200
    assert "Deep neck release" in fresh.content.decode()
    after = fresh["Last-Modified"]
    assert parsedate_to_datetime(after) > parsedate_to_datetime(before)
    assert browser.get("/", HTTP_IF_MODIFIED_SINCE=after).status_code == 304


@pytest.mark.parametrize("change", ["opening hours", "clinic", "staff", "deleted service"])
def test_every_part_of_the_public_record_dates_the_pages(world, clock, commit, change):
    browser = Browser()
    _, before = dated(browser, "/trigger-point-therapy/", clock)
    clock.shift(30)
    assert browser.get("/trigger-point-therapy/", HTTP_IF_MODIFIED_SINCE=before).status_code == 304
    with commit():
        if change == "opening hours":
            OpeningHours.objects.create(
                clinic=world.clinic, weekday=0, opens="09:00", closes="12:00"
            )
        elif change == "clinic":
            world.clinic.phone = "020 7946 0000"
            world.clinic.save()
        elif change == "staff":
            world.alice.display_name = "Alice A."
            world.alice.save()
        else:
            world.spa_afternoon.delete()
    clock.shift(2)
    page = browser.get("/trigger-point-therapy/", HTTP_IF_MODIFIED_SINCE=before)
    assert page.status_code == 200, change


def test_another_clinics_change_leaves_this_sites_pages_unchanged(two_sites, clock, commit):
    north, south = Browser(HTTP_HOST=NORTH), Browser(HTTP_HOST=SOUTH)
    _, north_date = dated(north, "/muscles/", clock)
    _, south_date = dated(south, "/muscles/", clock)
    clock.shift(30)
    with commit():
        Service.objects.create(clinic=two_sites, name="Southern", duration_minutes=30)
    clock.shift(2)
    assert north.get("/muscles/", HTTP_IF_MODIFIED_SINCE=north_date).status_code == 304
    assert south.get("/muscles/", HTTP_IF_MODIFIED_SINCE=south_date).status_code == 200


def test_a_restore_or_a_new_release_makes_every_page_fresh(world, clock, monkeypatch):
    browser = Browser()
    _, before = dated(browser, "/muscles/", clock)
    clock.shift(30)
    site_changes.everything_changed()
    clock.shift(2)
    _, restored = dated(browser, "/muscles/", clock)
    assert restored != before
    assert browser.get("/muscles/", HTTP_IF_MODIFIED_SINCE=before).status_code == 200
    clock.shift(30)
    released = int(fixed_now().timestamp()) + 3600
    monkeypatch.setattr(freshness, "release_time", lambda: released)
    clock.shift(3600)
    newer = browser.get("/muscles/", HTTP_IF_MODIFIED_SINCE=restored)
    assert newer.status_code == 200
    assert newer["Last-Modified"] == http_date(released)


def test_the_public_api_is_dated_and_revalidated_free_times_only_by_etag(world, clock):
    browser = Browser()
    response, modified = dated(browser, "/api/v1/services", clock)
    assert response["Cache-Control"] == "no-cache"
    assert response.has_header("ETag")
    assert browser.get("/api/v1/services", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    etag = response["ETag"]
    assert browser.get("/api/v1/services", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert dated(browser, "/api/v1/openapi.json", clock)[1]
    day = (fixed_now() + timedelta(days=7)).date()
    slots = browser.get(f"/api/v1/availability?service={world.session60.pk}&date={day}")
    assert slots.status_code == 200
    assert slots["Cache-Control"] == "no-cache" and slots.has_header("ETag")
    assert not slots.has_header("Last-Modified")  # free times change as the clock moves


def test_personal_pages_and_pages_with_a_form_token_carry_no_date(world, clock):
    browser = Browser()
    dated(browser, "/muscles/", clock)
    assert not browser.get("/find/").has_header("Last-Modified")  # a CSRF token per view
    assert not browser.get("/book/").has_header("Last-Modified")
    assert not browser.get("/accounts/login/").has_header("Last-Modified")
    user = get_user_model().objects.get(pk=world.alice.user_id)
    browser.force_login(user)
    for path in ("/muscles/", "/api/v1/services", "/staff/schedule/"):
        response = browser.get(path)
        assert response.status_code == 200, path
        assert not response.has_header("Last-Modified"), path
        assert "no-store" in response["Cache-Control"], path


@given(modified=st.integers(0, 2**33), offset=st.floats(-1e6, 1e6, allow_nan=False))
def test_a_date_is_never_sent_in_the_future(modified, offset):
    now = modified + offset
    header = freshness.label(modified, now)
    if modified > now:
        assert header is None
    else:
        assert header is not None
        assert parsedate_to_datetime(header).timestamp() <= now

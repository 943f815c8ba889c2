"""A therapist sees their own calendar-feed link on the schedule and can reset it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client as Browser

from tests.conftest import World
from triggerpoint.clinic.models import AuditEvent

pytestmark = pytest.mark.django_db


def feed_of(browser: Browser) -> str:
    page = BeautifulSoup(browser.get("/staff/schedule/").content, "html.parser")
    shown = page.select_one("[data-feed-url]")
    assert shown is not None
    return shown.get_text().strip()


def test_the_schedule_shows_the_feed_link_and_a_reset_voids_the_old_one(world: World) -> None:
    alice = Browser()
    alice.force_login(world.alice.user)
    old = feed_of(alice)
    assert old.startswith("http") and "/api/v1/calendar/therapists/" in old
    path = old.split("://", 1)[1].split("/", 1)[1]
    assert Browser().get(f"/{path}").status_code == 200
    assert alice.get("/staff/calendar-feed/reset/").status_code == 405  # GET changes nothing
    assert Browser().get(f"/{path}").status_code == 200
    response = alice.post("/staff/calendar-feed/reset/")
    assert response.status_code == 302
    new = feed_of(alice)
    assert new != old
    assert Browser().get(f"/{path}").status_code == 403
    assert Browser().get("/" + new.split("://", 1)[1].split("/", 1)[1]).status_code == 200
    assert (
        AuditEvent.objects.filter(action="calendar_feed.reset", record_id=world.alice.pk).count()
        == 1
    )


def test_each_therapist_sees_only_their_own_link(world: World) -> None:
    alice, bob = Browser(), Browser()
    alice.force_login(world.alice.user)
    bob.force_login(world.bob.user)
    assert feed_of(alice) != feed_of(bob)
    # Bob resetting his link leaves Alice's working.
    before = feed_of(alice)
    bob.post("/staff/calendar-feed/reset/")
    assert feed_of(alice) == before


def test_an_owner_who_takes_no_bookings_has_no_feed_and_guests_cannot_reset(world: World) -> None:
    owner = Browser()
    owner.force_login(world.owner.user)
    page = BeautifulSoup(owner.get("/staff/schedule/").content, "html.parser")
    assert page.select_one("[data-feed]") is None
    assert Browser().post("/staff/calendar-feed/reset/").status_code in (302, 403)
    world.alice.refresh_from_db()
    assert world.alice.feed_key == ""

"""The front desk in a real browser at 390 px, by keyboard: the owner books a new client
from the schedule, marks them arrived, moves the visit and cancels it with a reason; axe
finds nothing serious on the pages, and nothing scrolls sideways."""

from __future__ import annotations

import os
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser.axe import blocking
from tests.browser.conftest import PHONE
from tests.web.roles import appointment
from triggerpoint.clinic.models import Appointment, AuditEvent, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.dated]

PASSWORD = "steady tide under moonlight"
SHOTS = Path(os.environ.get("FRONT_DESK_SHOTS", "/tmp/policy"))


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_front_desk_books_moves_marks_and_cancels_by_keyboard_at_390px(
    page, live_server, world
):
    from playwright.sync_api import expect

    zone = world.clinic.zone
    today = timezone.now().astimezone(zone).date()
    day = today + timedelta(days=2)

    def at(hour: int, minute: int = 0, on=day) -> datetime:
        return datetime.combine(on, time(hour, minute), tzinfo=zone)

    appointment(world.client_b, world.alice, world.session60, at(10))
    page.set_viewport_size(PHONE)
    user = world.owner.user
    user.set_password(PASSWORD)
    user.save()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"{live_server.url}/staff/schedule/?therapist={world.alice.pk}&date={day}")
    shot(page, "schedule-390")
    assert fits(page)
    assert blocking(page) == []

    new_booking = page.get_by_role("link", name="New booking")
    new_booking.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="New booking")).to_be_visible()
    page.get_by_label("Service").select_option(label=world.session60.name)
    page.get_by_role("button", name="Show free times").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(world.session60.name + " · times in")).to_be_visible()
    # The 10:00 is Ben's: not offered. Choose 11:00 by keyboard.
    expect(page.locator(f'[data-slot="{at(10).isoformat()}"]')).to_have_count(0)
    page.locator(f'[data-slot="{at(11).isoformat()}"]').focus()
    page.keyboard.press("Space")
    page.locator("[data-new-client]").focus()
    page.keyboard.press("Space")
    page.get_by_label("Name").fill("Nina Newcomer")
    page.get_by_label("Email").fill("nina@example.com")
    page.get_by_label("Phone (optional)").fill("+44 7700 900456")
    page.get_by_label("The client agrees").focus()
    page.keyboard.press("Space")
    shot(page, "front-desk-book-390")
    assert fits(page)
    assert blocking(page) == []
    page.get_by_role("button", name="Book", exact=True).focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Schedule of Alice")).to_be_visible()
    expect(page.locator(".messages")).to_contain_text("Booked Nina Newcomer")
    booked = Appointment.objects.get(client__email="nina@example.com")
    assert booked.start == at(11)
    page.locator(f'[href="/staff/desk/{booked.pk}/"]').focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Nina Newcomer")).to_be_visible()
    # Two days ahead: arrival waits for the day, so the button says why it is off.
    expect(page.locator('[data-mark="arrived"]')).to_be_disabled()
    shot(page, "front-desk-appointment-390")
    assert fits(page)
    assert blocking(page) == []

    page.get_by_label("Day", exact=True).fill((day + timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Show free times").focus()
    page.keyboard.press("Enter")
    target = at(15, on=day + timedelta(days=1))
    # The free times come with a new page: wait for it, as a screenshot taken while the
    # page is being replaced can hang.
    expect(page.locator(f'[data-slot="{target.isoformat()}"]')).to_be_visible()
    shot(page, "front-desk-move-390")
    page.locator(f'[data-slot="{target.isoformat()}"]').focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Move here").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Moved to")
    booked.refresh_from_db()
    assert booked.start == target

    page.get_by_label("Reason").fill("Client phoned: away that week")
    page.get_by_role("button", name="Cancel the booking").focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-status]")).to_contain_text("Cancelled")
    shot(page, "front-desk-cancelled-390")
    booked.refresh_from_db()
    assert (booked.status, booked.cancellation_reason) == (
        Status.CANCELLED,
        "Client phoned: away that week",
    )
    done = set(AuditEvent.objects.filter(record_id=booked.pk).values_list("action", flat=True))
    assert {"appointment.booked", "appointment.rescheduled", "appointment.cancelled"} <= done

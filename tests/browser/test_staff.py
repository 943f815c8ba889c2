"""A therapist signs in and reads the day, the week and a client's chart in a real browser;
the owner opens the report. Screenshots at phone and desktop widths for people to look at."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.web.roles import appointment, drawing
from triggerpoint.clinic.models import Client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.dated]

PASSWORD = "steady tide under moonlight"


def both_widths(page, name: str) -> None:
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"{name}-desktop")


def watch_for_csp_violations(page) -> list[str]:
    """Chromium reports every resource or inline code the page's policy refused."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


def sign_in(page, live_server, user) -> None:
    user.set_password(PASSWORD)
    user.save()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_therapist_reads_the_day_the_week_and_a_chart(page, live_server, world):
    from playwright.sync_api import expect

    zone = world.clinic.zone
    today = timezone.now().astimezone(zone).date()

    def at(day, hour, minute=0):
        return datetime.combine(day, time(hour, minute), tzinfo=zone)

    appointment(world.client_a, world.alice, world.session60, at(today, 9))
    appointment(world.client_b, world.alice, world.session30, at(today, 11, 30))
    bobs = appointment(world.client_b, world.bob, world.session60, at(today, 10), room=world.room2)
    monday = today - timedelta(days=today.weekday())
    # Three more visits this week, on days other than today, so the day list holds two.
    other_days = [offset for offset in range(7) if offset != today.weekday()]
    for offset, hour in zip(other_days[1::2], (14, 10, 16), strict=True):
        appointment(
            world.client_a, world.alice, world.session60, at(monday + timedelta(offset), hour)
        )
    world.client_a.phone = "+44 7700 900123"
    world.client_a.consent_given_at = timezone.now() - timedelta(days=30)
    world.client_a.save()
    drawing(world.client_a, temple_r=7, upper_back_neck_r=5, mastoid_r=4)
    drawing(world.client_a, temple_r=4, eye_r=3, lateral_thigh_l=6)
    Client.objects.create(clinic=world.clinic, name="Cara Cole", email="cara@example.com")

    refused = watch_for_csp_violations(page)
    sign_in(page, live_server, world.alice.user)
    page.get_by_role("link", name="Schedule").click()
    expect(page.get_by_role("heading", name="Schedule of Alice")).to_be_visible()
    expect(page.locator("tr[data-appointment]")).to_have_count(2)
    expect(page.locator("tr[data-appointment]").first).to_contain_text("09:00")
    expect(page.locator(f'tr[data-appointment="{bobs.pk}"]')).to_have_count(0)
    both_widths(page, "staff-1-day")

    page.get_by_role("link", name="Week").click()
    expect(page.locator("section[data-day]")).to_have_count(7)
    both_widths(page, "staff-2-week")

    page.get_by_role("link", name="Clients").click()
    page.get_by_label("Find a client").fill("ann")
    page.get_by_role("button", name="Find").click()
    expect(page.locator("tr[data-client]")).to_have_count(1)
    page.get_by_role("link", name="Ann Able").click()
    expect(page.get_by_role("heading", name="Ann Able")).to_be_visible()
    expect(page.locator("[data-drawing]")).to_have_count(2)
    expect(page.locator("li.candidate").first).to_be_visible()
    both_widths(page, "staff-3-chart")

    page.get_by_label("Seen only by the clinic's staff.").fill("Right upper trapezius tender.")
    page.get_by_role("button", name="Save notes").click()
    expect(page.locator("textarea[name=notes]")).to_have_value("Right upper trapezius tender.")

    page.locator("[data-drawing]").first.get_by_role("link", name="Open in the finder").click()
    expect(page.get_by_role("heading", name="Finder for Ann Able")).to_be_visible()
    expect(page.locator("[data-mark-list] li")).to_have_count(3)
    expect(page.locator("li.candidate").first).to_be_visible()
    both_widths(page, "staff-4-finder")
    assert refused == []


def test_the_owner_reads_the_report(page, live_server, world):
    from playwright.sync_api import expect

    zone = world.clinic.zone
    today = timezone.now().astimezone(zone).date()
    for weeks_ago, count in ((0, 3), (1, 5), (2, 2), (5, 4), (-1, 2)):
        day = today - timedelta(weeks=weeks_ago)
        for n in range(count):
            start = datetime.combine(day, time(9 + n), tzinfo=zone)
            therapist = world.alice if n % 2 else world.bob
            appointment(world.client_a, therapist, world.session60, start)
    refused = watch_for_csp_violations(page)
    sign_in(page, live_server, world.owner.user)
    page.get_by_role("link", name="Report").click()
    expect(page.get_by_role("heading", name="Report for Test Clinic")).to_be_visible()
    expect(page.locator("table.weeks tr[data-week]")).to_have_count(12)
    both_widths(page, "staff-5-report")
    assert refused == []

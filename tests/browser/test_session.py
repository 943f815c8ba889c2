"""A guided session in two browsers at once: the therapist's screen and the client's phone.

The client taps 6, then 3, then STOP on the phone; each must reach the therapist's
screen within a second, and the stored events must say exactly that. Screenshots of
both screens at phone and desktop widths land in artifacts/screenshots/.
"""

from __future__ import annotations

import itertools
import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import ARTIFACTS, DESKTOP, PHONE, screenshot
from tests.browser.test_staff import sign_in, watch_for_csp_violations
from tests.web.roles import appointment, drawing
from triggerpoint.clinic.models import SessionEvent, Visit
from triggerpoint.protocol import event_from_dict, replay

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WITHIN = 1000  # ms: how soon a tap on the phone must show on the therapist's screen


def both_widths(page, name: str) -> None:
    """Whole pages at both widths, and what a phone shows before any scrolling."""
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    page.screenshot(path=str(ARTIFACTS / f"{name}-phone-top.png"))
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size(size)


def arrives(locator, text: str) -> float:
    """Seconds until the locator shows the text; fails after WITHIN."""
    from playwright.sync_api import expect

    began = time.monotonic()
    expect(locator).to_have_text(text, timeout=WITHIN)
    return time.monotonic() - began


@pytest.mark.dated
def test_the_clients_taps_reach_the_therapist_within_a_second_and_are_stored(
    browser, page, live_server, world
):
    from playwright.sync_api import expect

    zone = world.clinic.zone
    now = timezone.now().astimezone(zone)
    slot = appointment(world.client_a, world.alice, world.session60, now - timedelta(minutes=5))
    intake = drawing(world.client_a, temple_r=7, upper_back_neck_r=5)
    intake.appointment = slot
    intake.save()

    refused = watch_for_csp_violations(page)
    sign_in(page, live_server, world.alice.user)
    page.get_by_role("link", name="Schedule").click()
    page.locator("a.session-link").click()
    expect(page.get_by_role("heading", name="Plan the session")).to_be_visible()
    both_widths(page, "session-0-plan")
    page.get_by_role("button", name="Start the session").click()
    expect(page.get_by_role("heading", name="Guided session")).to_be_visible()
    visit = Visit.objects.get(appointment=slot)
    assert visit.planned_points, "the finder suggested nothing for a temple drawing"

    phone_context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = phone_context.new_page()
    phone_errors: list[str] = []
    phone.on("pageerror", lambda error: phone_errors.append(str(error)))
    phone_refused = watch_for_csp_violations(phone)
    try:
        phone.goto(live_server.url + "/join/")
        phone.get_by_label("Session code").fill(visit.join_code.lower())
        phone.get_by_role("button", name="Join").click()
        expect(phone.locator("[data-phase-label]")).to_have_text(
            "Relax: the therapist is finding the next spot"
        )

        page.get_by_role("button", name="Located").click()
        page.get_by_role("button", name="Press", exact=True).click()
        expect(page.locator("[data-phase-label]")).to_have_text("Pressure on")
        expect(phone.locator("[data-phase-label]")).to_have_text("Pressure on", timeout=WITHIN)
        expect(phone.locator("[data-pacer-word]")).to_have_text(re.compile("^Breathe (in|out)$"))

        intensity = page.locator("[data-intensity]")
        phone.get_by_role("button", name="6", exact=True).click()
        first = arrives(intensity, "6")
        expect(page.locator("[data-timer-label]")).to_have_text("Hold")
        screenshot(phone, "session-2-phone-holding")
        both_widths(page, "session-1-therapist-holding")

        phone.get_by_role("button", name="3", exact=True).click()
        second = arrives(intensity, "3")
        # 3 is half of 6: the engine releases, and both screens say so.
        expect(page.locator("[data-phase-label]")).to_have_text("Pressure off: rest")
        expect(page.locator("[data-prompts]")).to_contain_text("half where it started")

        phone.get_by_role("button", name="STOP").click()
        stop = page.locator("[data-stop]")
        began = time.monotonic()
        expect(stop).to_be_visible(timeout=WITHIN)
        third = time.monotonic() - began
        screenshot(phone, "session-3-phone-after-stop")
        both_widths(page, "session-4-therapist-after-stop")
        print(f"tap to therapist's screen: 6 {first:.2f} s, 3 {second:.2f} s, STOP {third:.2f} s")

        # Reloading either browser rebuilds the screen from the stored events.
        page.reload()
        expect(intensity).to_have_text("3")
        expect(stop).to_be_visible()
        phone.reload()
        expect(phone.locator("[data-sent]")).to_have_text("You said 3.")

        rows = list(SessionEvent.objects.filter(visit=visit).order_by("seq"))
        assert [row.kind for row in rows] == [
            "start",
            "locate",
            "press",
            "report",
            "report",
            "stop",
        ]
        reports = [(r.data["intensity"], r.data["by"]) for r in rows if r.kind == "report"]
        assert reports == [(6, "client"), (3, "client")]
        assert all(a.at <= b.at for a, b in itertools.pairwise(rows))
        session = replay(event_from_dict(row.data) for row in rows)
        hold = session.holds[-1]
        assert (hold.start_intensity, hold.lowest_intensity, hold.end_reason) == (
            6,
            3,
            "intensity_halved",
        )
        assert session.phase == "resting"

        # A finding from the screen, then the phone sees the end of the session.
        point = visit.planned_points[0]
        finding = page.locator(f"#finding-{point}")
        finding.get_by_label("Taut band").check()
        finding.get_by_label("Client recognises the pain").check()
        for n, value in enumerate(("2.0", "2.4", "2.9"), start=1):
            finding.get_by_label(f"Trial {n}").fill(value)
        expect(finding.locator("[data-ppt-mean]")).to_have_text("2.43 kg/cm² = 239 kPa")
        finding.get_by_role("button", name="Save finding").click()
        expect(page.locator(f"#finding-{point} summary")).to_contain_text("PPT 2.43 kg/cm²")
        screenshot(page, "session-5-therapist-finding")

        page.get_by_role("button", name="Skip", exact=True).click()
        page.get_by_role("button", name="Finish session").click()
        expect(page.locator("[data-ended]")).to_be_visible()
        expect(phone.locator("[data-ended]")).to_be_visible(timeout=WITHIN * 2)
        expect(phone.get_by_role("button", name="STOP")).to_be_disabled()
        screenshot(phone, "session-6-phone-ended")
    finally:
        phone_context.close()
    assert phone_errors == []
    assert refused == [] and phone_refused == []


def test_the_join_page_at_phone_width(page, live_server, world):
    from playwright.sync_api import expect

    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/join/")
    page.get_by_label("Session code").fill("NOPE22")
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text("No session is running with this code")).to_be_visible()
    screenshot(page, "session-7-join-wrong-code-phone")

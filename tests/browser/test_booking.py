"""Booking end to end in a real browser, then managing the booking from the portal."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import DESKTOP, PHONE, screenshot
from triggerpoint.clinic.booking.availability import available_slots
from triggerpoint.clinic.models import Appointment, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "quiet harbour at dawn"


def refused_by_csp(page) -> list[str]:
    """What Chromium reports the content security policy blocked (inline code, styles)."""
    refused: list[str] = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return refused


def both_widths(page, name: str) -> None:
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"{name}-desktop")


@pytest.mark.dated
def test_a_guest_books_from_the_home_page_then_cancels_from_the_portal(
    page, live_server, world, mailoutbox, settings
):
    from playwright.sync_api import expect

    refused = refused_by_csp(page)
    world.clinic.booking_horizon_days = 90  # what a new clinic gets
    world.clinic.save()
    day = timezone.now().astimezone(world.clinic.zone).date() + timedelta(days=3)
    settings.SITE_URL = live_server.url  # emailed links lead to this server
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Book a session").click()
    expect(page.get_by_role("heading", name="Choose a service")).to_be_visible()
    both_widths(page, "booking-1-service")
    page.locator(f"[data-service='{world.session60.pk}'] a").click()

    page.get_by_role("link", name="Choose Alice").click()
    expect(page.locator("[data-day]")).to_have_count(90)
    both_widths(page, "booking-2-date")
    page.locator(f"[data-day='{day.isoformat()}'] a").click()

    expect(page.locator("[data-zone]")).to_contain_text("Europe/London time")
    both_widths(page, "booking-3-time")
    page.locator("[data-slot] a", has_text="10:00").click()

    page.get_by_label("Your name").fill("Gail Guest")
    page.get_by_label("Email").fill("gail@example.com")
    page.get_by_label("I agree").check()
    both_widths(page, "booking-4-details")
    page.get_by_role("button", name="Confirm booking").click()

    expect(page.get_by_role("heading", name="You are booked in")).to_be_visible()
    expect(page.locator("[data-when]")).to_contain_text("10:00 to 11:00")
    both_widths(page, "booking-5-confirmed")
    appointment = Appointment.objects.get()
    assert appointment.therapist == world.alice
    assert appointment.client.email == "gail@example.com"

    # The booking is on the therapist's schedule for that day at once.
    alice = world.alice.user
    alice.set_password(PASSWORD)
    alice.save()
    staff_page = page.context.browser.new_context(viewport=DESKTOP).new_page()
    staff_page.goto(live_server.url + "/accounts/login/")
    staff_page.get_by_label("Email or username").fill(alice.username)
    staff_page.get_by_label("Password").fill(PASSWORD)
    staff_page.get_by_role("button", name="Sign in").click()
    staff_page.goto(f"{live_server.url}/staff/schedule/?date={day.isoformat()}&view=day")
    row = staff_page.locator(f"[data-appointment='{appointment.pk}']")
    expect(row).to_contain_text("10:00")
    expect(row).to_contain_text("Gail Guest")
    screenshot(staff_page, "booking-6-on-the-therapists-schedule")
    staff_page.context.close()

    # The guest creates an account from the emailed link, signs out, and signs in again.
    page.get_by_role("link", name="Create an account with your email").click()
    page.get_by_label("The email address you booked with").fill("gail@example.com")
    page.get_by_role("button", name="Send me the link").click()
    expect(page.locator("[data-claim-sent]")).to_be_visible()
    confirmation, message = mailoutbox  # the booking's confirmation came first
    assert confirmation.subject.startswith("Booked: ")
    link = re.search(r"https?://\S+/accounts/claim/\S+/", message.body)
    assert link is not None
    page.goto(link.group(0))
    page.locator("input[name=new_password1]").fill(PASSWORD)
    page.locator("input[name=new_password2]").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="My visits")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You are signed out")).to_be_visible()

    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("Email or username").fill("gail@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    both_widths(page, "account-sign-in")
    page.get_by_role("button", name="Sign in").click()

    card = page.locator(f"[data-appointment='{appointment.pk}']")
    expect(card).to_contain_text("10:00")
    expect(card).to_contain_text("with Alice")
    both_widths(page, "portal-1-visits")
    card.get_by_role("link", name="Cancel").click()
    both_widths(page, "portal-2-cancel")
    page.get_by_role("button", name="Yes, cancel it").click()

    expect(page.locator(".messages")).to_contain_text("Your visit is cancelled")
    expect(page.locator("[data-past]")).to_contain_text("Cancelled")
    both_widths(page, "portal-3-cancelled")
    appointment.refresh_from_db()
    assert appointment.status == Status.CANCELLED
    assert refused == []


def test_the_body_map_drawing_goes_with_a_booking(page, live_server, world):
    from playwright.sync_api import expect

    page.goto(live_server.url + "/find/?mark=temple-r:7")
    expect(page.locator("[data-mark-list] li")).to_have_count(1)
    both_widths(page, "find-book-with-drawing")
    page.get_by_role("button", name="Book a session with this drawing").click()
    expect(page.locator("[data-drawing-note]")).to_contain_text("1 place")
    both_widths(page, "booking-0-with-drawing")


@pytest.mark.dated
def test_a_client_draws_where_it_hurts_for_their_next_visit(page, live_server, world):
    from django.contrib.auth import get_user_model
    from playwright.sync_api import expect

    from triggerpoint.clinic.booking.appointments import book
    from triggerpoint.clinic.models import PainDrawing

    user = get_user_model().objects.create_user("ann@example.com", password=PASSWORD)
    world.client_a.user = user
    world.client_a.save()
    start = timezone.now() + timedelta(days=3)
    day = start.astimezone(world.clinic.zone).date()
    slot = next(iter(available_slots(world.session60, day, world.alice)))
    visit = book(
        service=world.session60, therapist=world.alice, start=slot.start, client=world.client_a
    ).appointment

    refused = refused_by_csp(page)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email or username").fill("ann@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Draw where it hurts").click()

    page.get_by_text("Choose from a list instead").click()
    form = page.locator("[data-list-form]")
    form.locator("select[name=region]").select_option("temple-r")
    form.locator("input[name=intensity]").fill("7")
    form.get_by_role("button", name="Add").click()
    expect(page.locator("[data-mark-list] li")).to_have_count(1)
    both_widths(page, "portal-4-draw")
    page.get_by_role("button", name="Save this drawing for my visit").click()

    expect(page.locator(".messages")).to_contain_text("Your drawing is saved")
    expect(page.locator("[data-intake] svg.bodymap path[data-region='temple-r']")).to_have_count(1)
    both_widths(page, "portal-5-intake")
    saved = PainDrawing.objects.get(appointment=visit)
    assert saved.heat_values() == {"temple-r": 7.0}
    assert refused == []

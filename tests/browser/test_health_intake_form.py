"""The health questionnaire in a real browser: readable at 390 px and on a desktop, no
serious axe violation, and complete by keyboard alone."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser.axe import blocking
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_staff import sign_in
from triggerpoint.clinic.booking.appointments import book
from triggerpoint.clinic.models import IntakeAnswers
from triggerpoint.clinic.treatment import health_intake

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/waitlist")


def test_the_intake_form_reads_well_passes_axe_and_works_by_keyboard(page, live_server, world):
    from playwright.sync_api import expect

    start = timezone.now().astimezone(world.clinic.zone).replace(
        hour=10, minute=0, second=0, microsecond=0
    ) + timedelta(days=3)
    visit = book(
        service=world.session60, therapist=world.alice, start=start, client=world.client_a
    ).appointment
    page.goto(live_server.url + f"/intake/{health_intake.intake_token(visit)}/")
    expect(page.get_by_role("heading", name="Health questions before your visit")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("390", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SHOTS / f"intake-form-{label}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        assert blocking(page) == [], label

    # Keyboard only: Tab from the top of the form, answer each question as it takes focus.
    page.locator("[data-intake-form]").evaluate(
        "form => form.querySelector('input:not([type=hidden]), textarea').focus()"
    )
    page.keyboard.press("Shift+Tab")
    answered: list[str] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return [e.name || '', e.type || e.tagName.toLowerCase(),"
            " !!(e.form && e.form.matches('[data-intake-form]'))]; }"
        )
        name, kind, in_form = focused
        assert in_form, f"Tab left the form before its submit button, at {focused}"
        if kind == "radio":
            # Arrow keys move within a yes/no group: Right selects "No"; the first group "Yes".
            page.keyboard.press("Space" if name == "anticoagulants" else "ArrowRight")
            if name == "anticoagulants":
                page.keyboard.press("Space")
            answered.append(name)
        elif kind == "textarea":
            page.keyboard.type("none" if name == "medications" else "Fewer headaches")
        elif kind == "checkbox":
            page.keyboard.press("Space")
        elif name == "signed_name":
            page.keyboard.type("Ann Able")
        elif kind == "submit":
            page.keyboard.press("Enter")
            break
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert len(answered) == 7, answered
    saved = IntakeAnswers.objects.get()
    assert saved.answers["anticoagulants"] is True
    assert saved.answers["fever"] is False and saved.answers["medications"] == "none"
    assert saved.signed_name == "Ann Able"
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SHOTS / "intake-signed-390.png"), full_page=True)

    # The therapist sees the flag at the top of the client's chart, before the drawings.
    sign_in(page, live_server, world.alice.user)
    page.goto(live_server.url + f"/staff/clients/{world.client_a.pk}/")
    expect(page.locator("[data-intake-flag]")).to_have_text(
        [re.compile("^Anticoagulants: avoid deep pressure")]
    )
    assert blocking(page) == []
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(SHOTS / "intake-on-chart-desktop.png"), full_page=True)

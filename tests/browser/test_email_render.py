"""The confirmation email as a client sees it: its HTML rendered by Chromium.

The email is the one the SMTP server received (tests/smtp.py); the picture goes to
/tmp/emails/ (EMAIL_SCREENSHOTS to change) for people to look at.
"""

from __future__ import annotations

import os
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.conftest import World
from tests.smtp import Mailbox
from triggerpoint.clinic.booking.appointments import Guest, book

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

SHOTS = Path(os.environ.get("EMAIL_SCREENSHOTS", "/tmp/emails"))


@pytest.mark.parametrize("viewport", [{"width": 800, "height": 900}, {"width": 390, "height": 844}])
def test_the_confirmation_email_looks_like_a_clinics(
    world: World, smtp: Mailbox, page, django_capture_on_commit_callbacks, viewport
) -> None:
    world.clinic.name = "Harley Street Trigger Point Clinic"
    world.clinic.address = "12 Harley Street\nLondon W1G 9PF"
    world.clinic.save()
    day = timezone.now().astimezone(world.clinic.zone).date() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        book(
            service=world.session60,
            therapist=world.alice,
            start=datetime.combine(day, time(10), tzinfo=world.clinic.zone),
            client=Guest("Gail Guest", "gail@example.com", "0700 900123", consent=True),
        )
    (message,) = smtp.messages()
    page.set_viewport_size(viewport)
    page.set_content(message.html)
    header = page.get_by_text("Harley Street Trigger Point Clinic").first
    assert header.is_visible()
    for label in ("Add to my calendar", "Manage or cancel", "Move to another time"):
        button = page.get_by_role("link", name=label)
        assert button.is_visible(), label
        box = button.bounding_box()
        assert box is not None and box["height"] >= 40  # a finger-sized button
        assert box["x"] + box["width"] <= viewport["width"]  # nothing off the screen
    assert "10:00 to 11:00" in page.locator("[data-when]").inner_text()
    assert "London W1G 9PF" in page.inner_text("body")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"confirmation-{viewport['width']}.png"), full_page=True)

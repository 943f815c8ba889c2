"""The waitlist offer end to end: join in the browser, a booking is cancelled, the offer
email arrives at a real SMTP server, its link holds the time, Book it, confirmed."""

from __future__ import annotations

import email
import re
import socket
import time as clock
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from email.message import Message
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser.axe import blocking
from tests.browser.conftest import DESKTOP, PHONE
from triggerpoint.clinic.booking.appointments import Guest, book, cancel
from triggerpoint.clinic.models import Appointment, OfferStatus, Status, WaitlistOffer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/waitlist")


class Inbox:
    """What a real SMTP server (aiosmtpd, on a free local port) received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def wait_for(self, subject: str, seconds: float = 20) -> list[Message]:
        """Every email whose subject starts so, once at least one has arrived."""
        deadline = clock.monotonic() + seconds
        while clock.monotonic() < deadline:
            found = [m for m in self.messages if str(m["Subject"]).startswith(subject)]
            if found:
                return found
            clock.sleep(0.1)
        raise AssertionError(f"no email {subject!r} arrived; got {len(self.messages)} others")


@pytest.fixture
def smtp_inbox(settings) -> Iterator[Inbox]:
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    with socket.socket() as probe:  # a free port (aiosmtpd's start-up check cannot use 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("390", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"], f"{name} scrolls sideways at {size['width']} px"


def test_a_guest_joins_the_waitlist_and_books_the_time_a_cancellation_frees(
    page, live_server, world, smtp_inbox, settings
):
    from playwright.sync_api import expect

    settings.SITE_URL = live_server.url
    day = timezone.now().astimezone(world.clinic.zone).date() + timedelta(days=4)
    ten = datetime.combine(day, time(10), tzinfo=world.clinic.zone)
    taken = book(
        service=world.session60,
        therapist=world.alice,
        start=ten,
        client=Guest("Gail Guest", "gail@example.com"),
    ).appointment

    page.goto(f"{live_server.url}/book/{world.session60.pk}/{world.alice.pk}/")
    page.locator("[data-waitlist-link] a").click()
    expect(page.get_by_role("heading", name="Join the waitlist")).to_be_visible()
    page.get_by_label("From").fill(day.isoformat())
    page.get_by_label("Until").fill((day + timedelta(days=2)).isoformat())
    page.get_by_label("Your name").fill("Wendy Wait")
    page.get_by_role("textbox", name="Email").fill("wendy@example.com")
    page.get_by_label("I agree").check()
    assert blocking(page) == []
    shoot(page, "waitlist-join")
    page.get_by_role("button", name="Join the waitlist").click()
    expect(page.get_by_role("heading", name="You are on the waitlist")).to_be_visible()

    cancel(taken)  # another client cancels; the offer goes out once that commits

    (offer_mail,) = smtp_inbox.wait_for("A time is free")
    assert offer_mail["To"] == "wendy@example.com"
    text = next(p for p in offer_mail.walk() if p.get_content_type() == "text/plain")
    body = text.get_payload(decode=True).decode()
    (link,) = re.findall(r"http://\S+/waitlist/offer/\S+/", body)
    assert link.startswith(live_server.url)
    held = Appointment.objects.get(status=Status.HELD)
    assert (held.start, held.therapist) == (ten, world.alice)

    page.goto(link)
    expect(page.get_by_role("heading", name="A time is free for you")).to_be_visible()
    expect(page.locator("[data-offer]")).to_contain_text("10:00")
    assert blocking(page) == []
    shoot(page, "waitlist-offer")
    page.get_by_role("button", name="Book it").click()

    expect(page.get_by_role("heading", name="You are booked in")).to_be_visible()
    expect(page.locator("[data-when]")).to_contain_text("10:00 to 11:00")
    expect(page.locator("[data-intake-link]")).to_be_visible()  # before the first visit
    shoot(page, "waitlist-booked")
    booked = Appointment.objects.get(status=Status.BOOKED)
    assert booked.client.email == "wendy@example.com" and booked.start == ten
    assert WaitlistOffer.objects.get().status == OfferStatus.ACCEPTED
    assert not Appointment.objects.filter(status=Status.HELD).exists()
    # Her confirmation email links to the health questions for this booking.
    mine = [m for m in smtp_inbox.wait_for("Booked:") if m["To"] == "wendy@example.com"]
    deadline = clock.monotonic() + 20
    while not mine and clock.monotonic() < deadline:
        clock.sleep(0.1)
        mine = [m for m in smtp_inbox.wait_for("Booked:") if m["To"] == "wendy@example.com"]
    text = next(p for p in mine[0].walk() if p.get_content_type() == "text/plain")
    assert re.search(r"health questions.*\n?.*/intake/\S+/", text.get_payload(decode=True).decode())

"""Emails that arrive: every booking door sends a confirmation with an invitation, and every
link in every email works, checked against a real SMTP server (tests/smtp.py).

A link is followed with the test client exactly as it is in the email (SITE_URL is
http://testserver here); a GET never changes a booking, only the page's POST does.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client as Browser
from django.utils import timezone
from icalendar import Calendar

from tests.conftest import World
from tests.smtp import Delivered, Mailbox
from triggerpoint.clinic.booking.appointments import book, book_series, cancel, reschedule
from triggerpoint.clinic.models import Appointment, Status
from triggerpoint.clinic.privacy import tokens

pytestmark = pytest.mark.django_db


def local_day(world: World, days_ahead: int) -> date:
    return timezone.now().astimezone(world.clinic.zone).date() + timedelta(days=days_ahead)


def at(world: World, day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=world.clinic.zone)


def web_form(world: World, start: datetime, email: str = "gail@example.com") -> dict[str, str]:
    return {
        "service": str(world.session60.pk),
        "therapist": str(world.alice.pk),
        "who": str(world.alice.pk),
        "start": start.isoformat(),
        "key": uuid.uuid4().hex,
        "name": "Gail Guest",
        "email": email,
        "phone": "+44 7700 900123",
        "consent": "on",
    }


def path_of(link: str) -> str:
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}" == "http://testserver", link  # from SITE_URL
    return parts.path + (f"?{parts.query}" if parts.query else "")


def invitation(message: Delivered) -> Calendar:
    (part,) = message.calendar_parts()
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == Calendar.from_ical(part.get_content())["METHOD"]
    assert part.get_filename() == "appointment.ics"
    return Calendar.from_ical(part.get_content())


def event_of(cal: Calendar) -> object:
    (event,) = cal.walk("VEVENT")
    return event


def follow_every_link(message: Delivered, booking: Appointment | None = None) -> list[str]:
    """GET every link of both bodies from a fresh browser: each opens (200, perhaps after
    the sign-in redirect), none changes the booking."""
    followed = []
    for link in message.links():
        # A link to a signed-in page may pass by the sign-in page: it must end on a page.
        response = Browser().get(path_of(link), follow=True)
        assert response.status_code == 200, (link, response.status_code)
        followed.append(urlsplit(link).path)
    if booking is not None:
        before = booking.status
        booking.refresh_from_db()
        assert booking.status == before  # opening a link never cancels
    return followed


def assert_confirmation(message: Delivered, appointment: Appointment) -> None:
    assert message.recipients == [appointment.client.email]
    assert message.subject.startswith("Booked: Trigger point therapy, 60 minutes")
    assert message.message.get_content_type() == "multipart/mixed"
    cal = invitation(message)
    assert cal["METHOD"] == "REQUEST"
    event = event_of(cal)
    assert str(event["UID"]) == appointment.uid  # type: ignore[index]
    assert str(event["ATTENDEE"]) == f"mailto:{appointment.client.email}"  # type: ignore[index]
    assert event.decoded("DTSTART") == appointment.start  # type: ignore[attr-defined]
    local = appointment.start.astimezone(appointment.service.clinic.zone)
    for body in (message.text, message.html):
        assert f"{local:%H:%M} to" in body  # the clinic's own time
        assert appointment.therapist.display_name in body and "Test Clinic" in body
    paths = follow_every_link(message, appointment)
    # Tokens carry their signing time, so compare what each link opens, not its text.
    opened = {
        (kind, tokens.read(purpose, token))
        for path in paths
        for kind, purpose, token in [_token_of(path)]
        if kind
    }
    pk = appointment.pk
    assert opened == {("cancel", pk), ("move", pk), ("calendar", pk)}


def _token_of(path: str) -> tuple[str, str, str]:
    for kind, purpose, pattern in (
        ("cancel", tokens.CANCEL, r"/book/cancel/([^/]+)/"),
        ("move", tokens.CANCEL, r"/book/move/([^/]+)/"),
        ("calendar", tokens.CALENDAR, r"/book/calendar/([^/]+)\.ics"),
    ):
        if found := re.fullmatch(pattern, path):
            return kind, purpose, found.group(1)
    return "", "", ""


def test_a_web_booking_emails_a_confirmation_whose_links_all_work(
    world: World, smtp: Mailbox, django_capture_on_commit_callbacks
) -> None:
    start = at(world, local_day(world, 3), 10)
    with django_capture_on_commit_callbacks(execute=True):
        response = Browser().post("/book/details/", web_form(world, start))
    assert response.status_code == 302
    appointment = Appointment.objects.select_related("client").get()
    (message,) = smtp.to("gail@example.com")
    assert_confirmation(message, appointment)
    # The confirmation page now says what is true: the links are in the email.
    page = Browser().get(response["Location"])  # another browser: not its booking
    assert page.status_code == 404


def test_a_double_submit_sends_one_confirmation(
    world: World, smtp: Mailbox, django_capture_on_commit_callbacks
) -> None:
    form = web_form(world, at(world, local_day(world, 3), 10))
    browser = Browser()
    with django_capture_on_commit_callbacks(execute=True):
        browser.post("/book/details/", form)
        browser.post("/book/details/", form)
    assert len(smtp.messages()) == 1


def test_an_api_booking_emails_a_confirmation(
    world: World, smtp: Mailbox, django_capture_on_commit_callbacks
) -> None:
    start = at(world, local_day(world, 4), 11)
    payload = {
        "service": world.session60.pk,
        "therapist": world.alice.pk,
        "start": start.isoformat(),
        "name": "Pat Api",
        "email": "pat@example.com",
        "phone": "0700 900123",
        "consent": True,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = Browser().post(
            "/api/v1/bookings",
            payload,
            content_type="application/json",
            headers={"Idempotency-Key": uuid.uuid4().hex},
        )
    assert response.status_code == 201, response.content
    appointment = Appointment.objects.select_related("client").get()
    (message,) = smtp.to("pat@example.com")
    assert_confirmation(message, appointment)
    # The API's calendar address opens with the calendar token, not the cancel token.
    assert response.json()["cancel_token"] not in response.json()["calendar_url"]
    assert Browser().get(response.json()["calendar_url"]).status_code == 200


def test_a_front_desk_booking_and_a_portal_booking_email_a_confirmation(
    world: World, smtp: Mailbox, django_capture_on_commit_callbacks
) -> None:
    # The front desk and the CLI call clinic.booking.book with the staff member as actor.
    with django_capture_on_commit_callbacks(execute=True):
        desk = book(
            service=world.session60,
            therapist=world.bob,
            start=at(world, local_day(world, 5), 9),
            client=world.client_b,
            actor=world.owner.user,
        ).appointment
    (message,) = smtp.to("ben@example.com")
    assert_confirmation(message, desk)

    user = get_user_model().objects.create_user("ann@example.com", password="a long pass phrase")
    world.client_a.user = user
    world.client_a.save()
    portal = Browser()
    portal.force_login(user)
    form = web_form(world, at(world, local_day(world, 5), 14))
    with django_capture_on_commit_callbacks(execute=True):
        assert portal.post("/book/details/", form).status_code == 302
    (message,) = smtp.to("ann@example.com")
    assert_confirmation(message, Appointment.objects.get(client=world.client_a))


def test_a_booking_made_on_the_front_desk_page_emails_a_confirmation(
    world: World, smtp: Mailbox, django_capture_on_commit_callbacks
) -> None:
    desk = Browser()
    desk.force_login(world.owner.user)
    start = at(world, local_day(world, 6), 11)
    form = {
        "service": world.session60.pk,
        "therapist": world.bob.pk,
        "date": start.date().isoformat(),
        "start": start.isoformat(),
        "weeks": "1",
        "client": str(world.client_b.pk),
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert desk.post("/staff/desk/book/", form).status_code == 302
    (message,) = smtp.to("ben@example.com")
    assert_confirmation(message, Appointment.objects.get(client=world.client_b, start=start))


def test_the_emailed_cancel_link_shows_the_booking_and_cancels_only_on_post(
    world: World, smtp: Mailbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        Browser().post("/book/details/", web_form(world, at(world, local_day(world, 3), 10)))
    appointment = Appointment.objects.get()
    (confirmation,) = smtp.messages()
    (cancel_link,) = [link for link in confirmation.links() if "/book/cancel/" in link]
    phone = Browser()  # the link works from any device
    page = BeautifulSoup(phone.get(path_of(cancel_link)).content, "html.parser")
    assert "Trigger point therapy, 60 minutes" in str(page.select_one("[data-booking]"))
    appointment.refresh_from_db()
    assert appointment.status == Status.BOOKED  # the GET showed it, nothing more
    smtp.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = phone.post(path_of(cancel_link))
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == Status.CANCELLED
    (message,) = smtp.messages()
    assert message.subject.startswith("Cancelled: ")
    cal = invitation(message)
    assert cal["METHOD"] == "CANCEL"
    event = event_of(cal)
    assert str(event["UID"]) == appointment.uid  # type: ignore[index]
    assert event["SEQUENCE"] == 1  # type: ignore[index]
    assert event["STATUS"] == "CANCELLED"  # type: ignore[index]
    assert "/book/cancel/" not in message.text  # nothing left to cancel
    follow_every_link(message, appointment)
    page = BeautifulSoup(phone.get(path_of(cancel_link)).content, "html.parser")
    assert "A cancellation email has been sent" in str(page.select_one("[data-cancelled]"))


def test_moving_by_the_emailed_link_sends_an_update_with_the_same_uid(
    world: World, smtp: Mailbox, django_capture_on_commit_callbacks
) -> None:
    day = local_day(world, 3)
    with django_capture_on_commit_callbacks(execute=True):
        Browser().post("/book/details/", web_form(world, at(world, day, 10)))
    appointment = Appointment.objects.get()
    (confirmation,) = smtp.messages()
    (move_link,) = [link for link in confirmation.links() if "/book/move/" in link]
    browser = Browser()
    days = BeautifulSoup(browser.get(path_of(move_link)).content, "html.parser")
    day_link = next(a["href"] for a in days.select("ul.days a") if day.isoformat() in a["href"])
    times = BeautifulSoup(browser.get(str(day_link)).content, "html.parser")
    new_start = at(world, day, 15).isoformat()
    form = times.select_one(f"[data-slot='{new_start}'] form")
    assert form is not None
    smtp.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(str(form["action"]), {"start": new_start})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.start == at(world, day, 15)
    (message,) = smtp.messages()
    assert message.subject.startswith("Moved: ")
    event = event_of(invitation(message))
    assert str(event["UID"]) == appointment.uid  # type: ignore[index]
    assert event["SEQUENCE"] == 1  # type: ignore[index]
    assert event.decoded("DTSTART") == at(world, day, 15)  # type: ignore[attr-defined]
    assert "15:00 to 16:00" in message.text
    follow_every_link(message, appointment)


def test_a_move_inside_the_notice_window_is_refused_by_the_link(
    world: World, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        Browser().post("/book/details/", web_form(world, at(world, local_day(world, 3), 10)))
    appointment = Appointment.objects.get()
    world.clinic.cancellation_notice_hours = 24 * 30
    world.clinic.save()
    url = f"/book/move/{tokens.cancel_token(appointment.pk)}/"
    later = at(world, local_day(world, 3), 15).isoformat()
    refused = Browser().post(url, {"start": later})
    assert refused.status_code == 409
    assert "Please call Test Clinic" in refused.content.decode()
    appointment.refresh_from_db()
    assert appointment.start == at(world, local_day(world, 3), 10)
    assert Browser().get(f"/book/move/{tokens.calendar_token(appointment.pk)}/").status_code == 404


def test_staff_moves_and_cancellations_email_the_client_too(
    world: World, smtp: Mailbox, django_capture_on_commit_callbacks
) -> None:
    day = local_day(world, 6)
    # Each change commits on its own, as each request does.
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book(
            service=world.session60,
            therapist=world.alice,
            start=at(world, day, 10),
            client=world.client_a,
        ).appointment
    with django_capture_on_commit_callbacks(execute=True):
        reschedule(appointment, at(world, day, 12), actor=world.owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        cancel(appointment, reason="therapist ill", actor=world.owner.user)
    subjects = [m.subject.split(":")[0] for m in smtp.to("ann@example.com")]
    assert subjects == ["Booked", "Moved", "Cancelled"]
    methods = [str(invitation(m)["METHOD"]) for m in smtp.messages()]
    assert methods == ["REQUEST", "REQUEST", "CANCEL"]


def test_a_series_is_one_email_with_an_invitation_per_visit(
    world: World, smtp: Mailbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        book_series(
            service=world.session60,
            therapist=world.alice,
            first_start=at(world, local_day(world, 2), 9),
            weeks=3,
            client=world.client_a,
        )
    (message,) = smtp.messages()
    parts = message.calendar_parts()
    assert len(parts) == 3
    uids = {str(event_of(Calendar.from_ical(p.get_content()))["UID"]) for p in parts}  # type: ignore[index]
    assert uids == {a.uid for a in Appointment.objects.all()}
    follow_every_link(message)


def test_nothing_is_sent_for_a_booking_that_rolls_back(
    world: World, smtp: Mailbox, django_capture_on_commit_callbacks
) -> None:
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        book(
            service=world.session60,
            therapist=world.alice,
            start=at(world, local_day(world, 3), 10),
            client=world.client_a,
        )
        raise RuntimeError("the caller's transaction fails after booking")
    assert smtp.messages() == []
    assert not Appointment.objects.exists()


def test_a_mail_server_that_is_down_does_not_undo_the_booking(
    world: World, smtp: Mailbox, settings, django_capture_on_commit_callbacks, caplog
) -> None:
    from tests.smtp import free_port

    settings.EMAIL_PORT = free_port()  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        response = Browser().post(
            "/book/details/", web_form(world, at(world, local_day(world, 3), 10))
        )
    assert response.status_code == 302
    assert Appointment.objects.get().status == Status.BOOKED
    failed = [r for r in caplog.records if "failed" in r.getMessage()]
    assert failed and "gail" not in failed[0].getMessage()  # ids only in the log


def test_claim_reset_and_erasure_emails_arrive_with_working_links(
    world: World, smtp: Mailbox
) -> None:
    browser = Browser()
    assert browser.post("/accounts/claim/", {"email": "ann@example.com"}).status_code == 302
    (claim,) = smtp.to("ann@example.com")
    assert claim.subject == "Your bookings: choose a password"
    assert claim.html and claim.text
    follow_every_link(claim)

    user = get_user_model().objects.create_user("ben@example.com", email="ben@example.com")
    user.set_password("a long pass phrase")
    user.save()
    world.client_b.user = user
    world.client_b.save()
    assert (
        browser.post("/accounts/password_reset/", {"email": "ben@example.com"}).status_code == 302
    )
    (reset,) = smtp.to("ben@example.com")
    assert reset.subject == "Reset your password"
    (link,) = [x for x in reset.links() if "/accounts/reset/" in x]
    opened = Browser().get(path_of(link), follow=True)
    assert b"new_password1" in opened.content

    signed_in = Browser()
    signed_in.force_login(user)
    assert signed_in.post("/portal/erase/").status_code == 200
    erase = [m for m in smtp.to("ben@example.com") if m.subject.startswith("Confirm: erase")]
    (message,) = erase
    (link,) = [x for x in message.links() if "/privacy/erase/" in x]
    assert Browser().get(path_of(link)).status_code == 200
    for delivered in smtp.messages():
        assert re.search(r"<html", delivered.html)


def test_a_name_with_markup_is_escaped_in_the_html_and_plain_in_the_text(
    world: World, smtp: Mailbox, django_capture_on_commit_callbacks
) -> None:
    form = web_form(world, at(world, local_day(world, 3), 10))
    form["name"] = "<b>Eve</b> & co"
    with django_capture_on_commit_callbacks(execute=True):
        assert Browser().post("/book/details/", form).status_code == 302
    (message,) = smtp.messages()
    assert "&lt;b&gt;Eve&lt;/b&gt; &amp; co" in message.html
    assert "<b>Eve</b>" not in message.html
    assert "Dear <b>Eve</b> & co," in message.text

"""iCalendar (RFC 5545, RFC 5546) files for bookings and therapists' feeds.

A booking keeps one UID for its whole life, the appointment's UUID, so it is unique across
installations and survives export and import; SEQUENCE rises on every change (the booking
engine increments `ics_sequence`), so calendar apps replace the earlier copy instead of
adding a second one. DTSTAMP is the booking's last change, so fetching a file twice gives
the same bytes.

Three kinds of file:
- the invitation emailed to the client: METHOD:REQUEST while booked, METHOD:CANCEL once
  cancelled, with ORGANIZER (the clinic) and ATTENDEE (the client) as RFC 5546 asks;
- a plain download (the confirmation page's "Add to my calendar"): METHOD:PUBLISH, which
  carries no ATTENDEE;
- a therapist's feed: METHOD:PUBLISH, "Booked" and the service only, no client names and no
  health details, because feed URLs end up in third-party calendar services.

Tokens: a booking's file opens with its calendar token, not its cancel token, so holding a
calendar address never lets anyone cancel. A therapist's feed link carries their
`feed_key`; resetting it voids every earlier link.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from triggerpoint.clinic.models import ACTIVE, Appointment, Staff, Status
from triggerpoint.clinic.privacy import tokens

PRODID = "-//triggerpoint//clinic booking//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"
FEED_PAST = timedelta(days=30)
FEED_FUTURE = timedelta(days=365)
REQUEST, CANCEL, PUBLISH = "REQUEST", "CANCEL", "PUBLISH"


def _calendar(method: str, name: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    return cal


def _organizer(appointment: Appointment) -> vCalAddress:
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["CN"] = vText(appointment.service.clinic.name)
    return organizer


def _attendee(appointment: Appointment) -> vCalAddress:
    client = appointment.client
    attendee = vCalAddress(f"mailto:{client.email}")
    attendee.params["CN"] = vText(client.name)
    attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
    # The client chose the time themselves: nothing to accept, no reply wanted.
    cancelled = appointment.status == Status.CANCELLED
    attendee.params["PARTSTAT"] = vText("DECLINED" if cancelled else "ACCEPTED")
    attendee.params["RSVP"] = vText("FALSE")
    return attendee


def _stamp(appointment: Appointment) -> datetime:
    changed = appointment.updated_at or appointment.created_at or timezone.now()
    return changed.astimezone(UTC)


def _event(appointment: Appointment, summary: str) -> Event:
    event = Event()
    event.add("uid", appointment.uid)
    event.add("sequence", appointment.ics_sequence)
    event.add("dtstamp", _stamp(appointment))
    event.add("dtstart", appointment.start.astimezone(UTC))
    event.add("dtend", appointment.end.astimezone(UTC))
    event.add("summary", summary)
    cancelled = appointment.status == Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", _organizer(appointment))
    return event


def _client_event(appointment: Appointment) -> Event:
    clinic = appointment.service.clinic
    event = _event(appointment, f"{appointment.service.name} at {clinic.name}")
    event.add("description", f"With {appointment.therapist.display_name}.")
    if clinic.address:
        event.add("location", clinic.address)
    return event


def invitation_method(appointment: Appointment) -> str:
    return CANCEL if appointment.status == Status.CANCELLED else REQUEST


def booking_ics(appointment: Appointment, method: str | None = None) -> bytes:
    """The client's copy. By default the emailed invitation (REQUEST, or CANCEL once
    cancelled, with ATTENDEE); `method=PUBLISH` for a plain download."""
    method = method or invitation_method(appointment)
    cal = _calendar(method)
    event = _client_event(appointment)
    if method != PUBLISH:  # RFC 5546: a PUBLISH names no attendees
        event.add("attendee", _attendee(appointment))
    cal.add_component(event)
    return bytes(cal.to_ical())


def download_ics(appointment: Appointment) -> bytes:
    return booking_ics(appointment, PUBLISH)


def therapist_feed(therapist: Staff, now: datetime | None = None) -> bytes:
    """A subscribable feed of the therapist's bookings: 'Booked' and the service name only."""
    now = now or timezone.now()
    cal = _calendar(PUBLISH, name=f"{therapist.display_name} at {therapist.clinic.name}")
    rows = (
        Appointment.objects.filter(ACTIVE, therapist=therapist)
        .filter(start__gte=now - FEED_PAST, start__lt=now + FEED_FUTURE)
        .select_related("service__clinic")
        .order_by("start")
    )
    for appointment in rows:
        cal.add_component(_event(appointment, f"Booked: {appointment.service.name}"))
    return bytes(cal.to_ical())


# Feed links.


def feed_token(therapist: Staff) -> str:
    return tokens.feed_token(therapist.pk, therapist.feed_key)


def therapist_of_feed(token: str) -> Staff | None:
    """The therapist a feed link opens, or None when forged or reset since."""
    named = tokens.read_feed(token)
    if named is None:
        return None
    staff_id, key = named
    return Staff.objects.select_related("clinic").filter(pk=staff_id, feed_key=key).first()


def reset_feed(therapist: Staff) -> str:
    """A new feed link; the old one stops working at once."""
    therapist.feed_key = secrets.token_hex(16)
    therapist.save(update_fields=["feed_key"])
    return feed_token(therapist)

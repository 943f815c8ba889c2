"""iCalendar (RFC 5545) files for bookings and therapists' feeds.

A booking keeps one UID for its whole life; SEQUENCE rises on every change (the booking
engine increments `ics_sequence`), so calendar apps replace the earlier copy instead of
adding a second one. A therapist's feed says only "Booked" and the service: no client
names and no health details, because feed URLs end up in third-party calendar services.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from triggerpoint.clinic.models import ACTIVE, Appointment, Staff, Status

PRODID = "-//triggerpoint//clinic booking//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"
FEED_PAST = timedelta(days=30)
FEED_FUTURE = timedelta(days=365)


def _calendar(method: str | None, name: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    return cal


def _event(appointment: Appointment, summary: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", appointment.uid)
    event.add("sequence", appointment.ics_sequence)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", appointment.start.astimezone(UTC))
    event.add("dtend", appointment.end.astimezone(UTC))
    event.add("summary", summary)
    cancelled = appointment.status == Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def booking_ics(appointment: Appointment, now: datetime | None = None) -> bytes:
    """The client's copy: METHOD:REQUEST while booked, METHOD:CANCEL once cancelled."""
    clinic = appointment.service.clinic
    cancelled = appointment.status == Status.CANCELLED
    cal = _calendar("CANCEL" if cancelled else "REQUEST")
    event = _event(
        appointment, f"{appointment.service.name} at {clinic.name}", now or timezone.now()
    )
    if clinic.address:
        event.add("location", clinic.address)
    event.add("organizer", f"mailto:{settings.DEFAULT_FROM_EMAIL}", parameters={"CN": clinic.name})
    cal.add_component(event)
    return bytes(cal.to_ical())


def therapist_feed(therapist: Staff, now: datetime | None = None) -> bytes:
    """A subscribable feed of the therapist's bookings: 'Booked' and the service name only."""
    now = now or timezone.now()
    cal = _calendar(None, name=f"{therapist.display_name} at {therapist.clinic.name}")
    rows = (
        Appointment.objects.filter(ACTIVE, therapist=therapist)
        .filter(start__gte=now - FEED_PAST, start__lt=now + FEED_FUTURE)
        .select_related("service")
        .order_by("start")
    )
    for appointment in rows:
        cal.add_component(_event(appointment, f"Booked: {appointment.service.name}", now))
    return bytes(cal.to_ical())

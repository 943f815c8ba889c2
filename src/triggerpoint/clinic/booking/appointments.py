"""Book, cancel and reschedule appointments, and mark attendance.

No double booking under concurrent requests. On SQLite every transaction starts with
BEGIN IMMEDIATE (see settings), so the overlap check and the insert of one booking run
while no other writer can; a trigger repeats the check inside the database. On PostgreSQL
two requests can pass the check together, and exclusion constraints (tstzrange overlap per
therapist and per room) let only one insert commit; the other sees an IntegrityError,
retries once against the committed state, and reports the slot taken. A booking for a
known client locks that client's row first, so two bookings of one client with two
therapists cannot both pass the "no overlap with yourself" rule.

Every function here applies the booking rules of `clinic.booking.policy` for the door
named by `rules`: the grid, the horizon, the notice and the client's own overlaps.

A guest's booking always makes a record of its own, even when the email is a known
client's: an unverified address must not add appointments to someone's record or portal
(docs/booking-rules.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from triggerpoint.clinic.booking.placement import place_booking
from triggerpoint.clinic.booking.policy import (
    ARRIVED,
    ONLINE,
    GuestDetails,
    Rules,
    attendance_error,
    check_booking,
    check_change,
    validate_guest,
)
from triggerpoint.clinic.booking.rows import insert_placed, lock_client, lost_race
from triggerpoint.clinic.booking.series import book_series
from triggerpoint.clinic.errors import (
    IdempotencyKeyReusedError,
    NotBookableError,
    SlotTakenError,
)
from triggerpoint.clinic.messaging import emails
from triggerpoint.clinic.models import (
    Appointment,
    Client,
    Clinic,
    Service,
    Staff,
    Status,
)
from triggerpoint.clinic.privacy.audit import Actor, record

# Weekly series are booked by `series.py`; the name stays importable from here too,
# where the booking doors and their tests have always found it.
__all__ = ["Booked", "Guest", "book", "book_series", "cancel", "mark_attendance", "reschedule"]

ATTEMPTS = 3


@dataclass(frozen=True)
class Booked:
    appointment: Appointment
    created: bool  # False when an earlier request with the same idempotency key made it


@dataclass(frozen=True)
class Guest:
    name: str
    email: str
    phone: str = ""
    consent: bool = False


def book(
    *,
    service: Service,
    therapist: Staff,
    start: datetime,
    client: Client | Guest,
    idempotency_key: str | None = None,
    actor: Actor = None,
    now: datetime | None = None,
    rules: Rules = ONLINE,
) -> Booked:
    """Book `service` with `therapist` at `start`, or say why not.

    A guest (name, email, phone) becomes a new client record of the clinic in the same
    transaction, so a refused booking leaves no personal data behind.
    """
    now = now or timezone.now()
    details, consent = None, False
    if isinstance(client, Guest):
        details, consent = validate_guest(client.name, client.email, client.phone), client.consent
    if isinstance(client, Client) and client.clinic_id != service.clinic_id:
        raise NotBookableError("the client is registered with another clinic")
    for _ in range(ATTEMPTS):
        if idempotency_key and (earlier := _replay(idempotency_key)) is not None:
            _same_request(earlier, service, therapist, start, client)
            return Booked(earlier, created=False)
        try:
            with transaction.atomic():
                known = lock_client(client) if isinstance(client, Client) else None
                check_booking(
                    service=service,
                    therapist_id=therapist.pk,
                    start=start,
                    client=known,
                    now=now,
                    rules=rules,
                )
                place = place_booking(service, therapist, start, now)
                owner = known or _guest_record(service.clinic, details, consent, now)
                appointment = insert_placed(owner, therapist, service, place, idempotency_key)
                record(actor, "appointment.booked", appointment)
                _email_after_commit(emails.booked, appointment.pk)
                return Booked(appointment, created=True)
        except (IntegrityError, OperationalError) as error:
            if not lost_race(error):
                raise
            # Another transaction committed first: the loop re-reads what it stored.
            continue
    raise SlotTakenError("that time was just taken; please choose another")


def cancel(
    appointment: Appointment,
    *,
    reason: str = "",
    actor: Actor = None,
    now: datetime | None = None,
    enforce_notice: bool = False,
    rules: Rules | None = None,
) -> Appointment:
    """Cancel and free the time; cancelling twice is harmless.

    With `rules`, the notice rule of that door applies (clients give
    `cancellation_notice_hours`; staff may override it). `enforce_notice=True` is the
    online rules, kept for the callers that say it that way.
    """
    now = now or timezone.now()
    if rules is None and enforce_notice:
        rules = ONLINE
    with transaction.atomic():
        current = Appointment.objects.select_for_update().select_related("service__clinic")
        appointment = current.get(pk=appointment.pk)
        if appointment.status == Status.CANCELLED:
            return appointment
        if appointment.status != Status.BOOKED:
            raise NotBookableError("only a booked appointment can be cancelled")
        if rules is not None:
            check_change(appointment, now, rules, "cancelled")
        appointment.status = Status.CANCELLED
        appointment.cancellation_reason = reason[:500]
        appointment.ics_sequence += 1
        appointment.save(
            update_fields=["status", "cancellation_reason", "ics_sequence", "updated_at"]
        )
        record(actor, "appointment.cancelled", appointment)
        _email_after_commit(emails.cancelled, appointment.pk)
        _offer_to_waitlist(
            appointment.therapist_id, appointment.blocked_start, appointment.blocked_end, now
        )
    return appointment


def reschedule(
    appointment: Appointment,
    new_start: datetime,
    *,
    therapist: Staff | None = None,
    actor: Actor = None,
    now: datetime | None = None,
    rules: Rules = ONLINE,
) -> Appointment:
    """Move a booking (optionally to another therapist) in one transaction; same UID.

    The door's rules apply twice: the notice to change the booking at all, then every
    rule of a new booking to the time it moves to.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            current = Appointment.objects.select_for_update().select_related(
                "service__clinic", "therapist", "client"
            )
            appointment = current.get(pk=appointment.pk)
            check_change(appointment, now, rules, "moved")
            who = therapist or appointment.therapist
            freed = (appointment.therapist_id, appointment.blocked_start, appointment.blocked_end)
            client = lock_client(appointment.client)
            check_booking(
                service=appointment.service,
                therapist_id=who.pk,
                start=new_start,
                client=client,
                now=now,
                rules=rules,
                exclude_appointment=appointment.pk,
            )
            place = place_booking(
                appointment.service, who, new_start, now, exclude_appointment=appointment.pk
            )
            appointment.therapist = who
            appointment.room_id = place.room_id
            appointment.start, appointment.end = place.start, place.end
            appointment.blocked_start, appointment.blocked_end = (
                place.blocked_start,
                place.blocked_end,
            )
            appointment.ics_sequence += 1
            appointment.save()
            record(actor, "appointment.rescheduled", appointment)
            _email_after_commit(emails.moved, appointment.pk)
            _offer_to_waitlist(*freed, now)
            return appointment
    except (IntegrityError, OperationalError) as error:
        if not lost_race(error):
            raise
        raise SlotTakenError("that time was just taken; please choose another") from None


def mark_attendance(
    appointment: Appointment,
    mark: str,
    *,
    actor: Actor = None,
    now: datetime | None = None,
) -> Appointment:
    """Mark a booking arrived, completed or no-show (booking_policy.attendance_error says
    when each may be set); audited as appointment.<mark>."""
    now = now or timezone.now()
    with transaction.atomic():
        current = Appointment.objects.select_for_update().select_related("service__clinic")
        appointment = current.get(pk=appointment.pk)
        if (why := attendance_error(appointment, mark, now)) is not None:
            raise NotBookableError(why)
        if mark == ARRIVED:
            appointment.arrived_at = now
            appointment.save(update_fields=["arrived_at", "updated_at"])
        else:
            appointment.status = mark
            appointment.save(update_fields=["status", "updated_at"])
        record(actor, f"appointment.{mark}", appointment)
    return appointment


def _email_after_commit(send: Callable[[int], None], appointment_id: int) -> None:
    """The client's email goes once the change is committed, never for a rolled-back one."""
    transaction.on_commit(partial(send, appointment_id), robust=True)


def _offer_to_waitlist(therapist_id: int, start: datetime, end: datetime, now: datetime) -> None:
    """Once the freeing transaction commits, offer the time to the waitlist's first in line.

    `robust`: a failure there is logged and never turns a committed cancel into an error.
    The late import breaks the cycle (accepting an offer books through this module).
    """

    def offer() -> None:
        from triggerpoint.clinic.booking.waitlist import offer_freed

        offer_freed(therapist_id, start, end, now=now)

    transaction.on_commit(offer, robust=True)


def _replay(key: str) -> Appointment | None:
    return Appointment.objects.select_related("client").filter(idempotency_key=key).first()


def _same_request(
    earlier: Appointment,
    service: Service,
    therapist: Staff,
    start: datetime,
    client: Client | Guest,
) -> None:
    email = client.email.strip().lower()
    if (
        earlier.service_id != service.pk
        or earlier.therapist_id != therapist.pk
        or earlier.start != start
        or earlier.client.email.strip().lower() != email
    ):
        raise IdempotencyKeyReusedError("this Idempotency-Key was already used for another booking")


def _guest_record(
    clinic: Clinic, details: GuestDetails | None, consent: bool, now: datetime
) -> Client:
    """A new record for every guest booking, never a match by email: anyone can type any
    address, so a match would let them add visits to another person's record."""
    if details is None:  # book() validated a guest's details before it got here
        raise NotBookableError("a guest booking needs a name and an email address")
    return Client.objects.create(
        clinic=clinic,
        name=details.name,
        email=details.email,
        phone=details.phone,
        consent_given_at=now if consent else None,
    )

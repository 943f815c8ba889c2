"""Book, cancel and reschedule appointments; weekly series all or nothing.

No double booking under concurrent requests. On SQLite every transaction starts with
BEGIN IMMEDIATE (see settings), so the overlap check and the insert of one booking run
while no other writer can; a trigger repeats the check inside the database. On PostgreSQL
two requests can pass the check together, and exclusion constraints (tstzrange overlap per
therapist and per room) let only one insert commit; the other sees an IntegrityError,
retries once against the committed state, and reports the slot taken.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from triggerpoint.clinic import emails
from triggerpoint.clinic.audit import Actor, record
from triggerpoint.clinic.availability import Placement, place_booking
from triggerpoint.clinic.contact import call_the_clinic
from triggerpoint.clinic.errors import (
    IdempotencyKeyReusedError,
    NotBookableError,
    SeriesConflictError,
    SlotTakenError,
    TooLateToCancelError,
)
from triggerpoint.clinic.models import (
    Appointment,
    Client,
    Clinic,
    RecurringSeries,
    Service,
    Staff,
    Status,
)

ATTEMPTS = 3
# PostgreSQL may resolve two racing inserts that check the same exclusion constraint by
# aborting one as a deadlock (or a serialization failure) instead of a violation: that
# request lost the race just the same.
_LOST_RACE_SQLSTATES = frozenset({"40P01", "40001"})


def _lost_race(error: Exception) -> bool:
    """True when a write failed because another transaction took the time first."""
    if isinstance(error, IntegrityError):
        return True
    return getattr(error.__cause__, "sqlstate", None) in _LOST_RACE_SQLSTATES


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
) -> Booked:
    """Book `service` with `therapist` at `start`, or say why not.

    A guest (name, email, phone) becomes a client record of the clinic in the same
    transaction, so a refused booking leaves no personal data behind.
    """
    now = now or timezone.now()
    for _ in range(ATTEMPTS):
        if idempotency_key and (earlier := _replay(idempotency_key)) is not None:
            _same_request(earlier, service, therapist, start, client)
            return Booked(earlier, created=False)
        try:
            with transaction.atomic():
                place = place_booking(service, therapist, start, now)
                owner = _client_for(service.clinic, client, now)
                appointment = _insert(owner, therapist, service, place, idempotency_key)
                record(actor, "appointment.booked", appointment)
                _email_after_commit(emails.booked, appointment.pk)
                return Booked(appointment, created=True)
        except (IntegrityError, OperationalError) as error:
            if not _lost_race(error):
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
) -> Appointment:
    """Cancel and free the time; cancelling twice is harmless. Clients must give notice."""
    now = now or timezone.now()
    with transaction.atomic():
        current = Appointment.objects.select_for_update().select_related("service__clinic")
        appointment = current.get(pk=appointment.pk)
        if appointment.status == Status.CANCELLED:
            return appointment
        if appointment.status != Status.BOOKED:
            raise NotBookableError("only a booked appointment can be cancelled")
        notice = timedelta(hours=appointment.service.clinic.cancellation_notice_hours)
        if enforce_notice and appointment.start - now < notice:
            hours = appointment.service.clinic.cancellation_notice_hours
            raise TooLateToCancelError(
                f"cancellations need {hours} hours' notice; "
                f"please {call_the_clinic(appointment.service.clinic)}"
            )
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
) -> Appointment:
    """Move a booking (optionally to another therapist) in one transaction; same UID."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            current = Appointment.objects.select_for_update().select_related(
                "service__clinic", "therapist"
            )
            appointment = current.get(pk=appointment.pk)
            if appointment.status != Status.BOOKED:
                raise NotBookableError("only a booked appointment can be moved")
            who = therapist or appointment.therapist
            freed = (appointment.therapist_id, appointment.blocked_start, appointment.blocked_end)
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
        if not _lost_race(error):
            raise
        raise SlotTakenError("that time was just taken; please choose another") from None


def book_series(
    *,
    service: Service,
    therapist: Staff,
    first_start: datetime,
    weeks: int,
    client: Client,
    actor: Actor = None,
    now: datetime | None = None,
) -> RecurringSeries:
    """Book the same local time every week for `weeks` weeks: all of them, or none.

    Occurrences keep their local wall-clock time across daylight-saving changes.
    """
    if not 1 <= weeks <= 52:
        raise NotBookableError("a series runs for 1 to 52 weeks")
    now = now or timezone.now()
    zone = service.clinic.zone
    local = first_start.astimezone(zone)
    starts = [
        datetime.combine(local.date() + timedelta(weeks=k), local.time(), tzinfo=zone)
        for k in range(weeks)
    ]
    try:
        with transaction.atomic():
            places: list[Placement] = []
            conflicts = []
            for start in starts:
                try:
                    places.append(place_booking(service, therapist, start, now))
                except (NotBookableError, SlotTakenError):
                    conflicts.append(start.astimezone(zone).date())
            if conflicts:
                raise SeriesConflictError(conflicts)
            series = RecurringSeries.objects.create(
                client=client,
                therapist=therapist,
                service=service,
                first_start=starts[0],
                weeks=weeks,
            )
            booked_ids = []
            for place in places:
                appointment = _insert(client, therapist, service, place, None, series)
                record(actor, "appointment.booked", appointment)
                booked_ids.append(appointment.pk)
            record(actor, "series.booked", series)
            transaction.on_commit(partial(emails.series_booked, booked_ids), robust=True)
            return series
    except (IntegrityError, OperationalError) as error:
        if not _lost_race(error):
            raise
        raise SlotTakenError("part of the series was just taken; nothing was booked") from None


def _email_after_commit(send: Callable[[int], None], appointment_id: int) -> None:
    """The client's email goes once the change is committed, never for a rolled-back one."""
    transaction.on_commit(partial(send, appointment_id), robust=True)


def _offer_to_waitlist(therapist_id: int, start: datetime, end: datetime, now: datetime) -> None:
    """Once the freeing transaction commits, offer the time to the waitlist's first in line.

    `robust`: a failure there is logged and never turns a committed cancel into an error.
    The late import breaks the cycle (accepting an offer books through this module).
    """

    def offer() -> None:
        from triggerpoint.clinic.waitlist import offer_freed

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


def _client_for(clinic: Clinic, client: Client | Guest, now: datetime) -> Client:
    if isinstance(client, Client):
        if client.clinic_id != clinic.pk:
            raise NotBookableError("the client is registered with another clinic")
        return client
    email = client.email.strip().lower()
    existing = Client.objects.filter(clinic=clinic, email=email).order_by("pk").first()
    if existing is not None:
        return existing
    return Client.objects.create(
        clinic=clinic,
        name=client.name.strip(),
        email=email,
        phone=client.phone.strip(),
        consent_given_at=now if client.consent else None,
    )


def _insert(
    client: Client,
    therapist: Staff,
    service: Service,
    place: Placement,
    idempotency_key: str | None,
    series: RecurringSeries | None = None,
) -> Appointment:
    return Appointment.objects.create(
        client=client,
        therapist=therapist,
        service=service,
        room_id=place.room_id,
        series=series,
        start=place.start,
        end=place.end,
        blocked_start=place.blocked_start,
        blocked_end=place.blocked_end,
        idempotency_key=idempotency_key or None,
    )

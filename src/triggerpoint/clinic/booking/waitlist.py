"""Join a waitlist; offer freed times to the first in line with a hold; accept, decline, lapse.

A hold is an appointment row in the `held` status. It blocks the time exactly like a
booking (availability reads every status but cancelled, and so do the database's overlap
constraints), so two offers can never hold the same time and nobody can book a held time.
Accepting deletes the hold and books the same time through `booking.book` in one
transaction, so every booking rule still applies and the time is never free in between.

Freed time arrives from `booking.cancel` / `booking.reschedule` after their transaction
commits, and from `expire_lapsed` (the `triggerpoint waitlist-expire` command, run by
cron), which releases holds whose time ran out and offers the time to the next in line.
Every step locks the row it changes and re-reads its state, so running it twice, or two
at once, does nothing twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from triggerpoint.clinic.booking.appointments import book
from triggerpoint.clinic.booking.availability import available_slots
from triggerpoint.clinic.booking.placement import place_booking
from triggerpoint.clinic.booking.rows import insert_placed, lost_race
from triggerpoint.clinic.errors import BookingError, NotBookableError, SlotTakenError
from triggerpoint.clinic.models import (
    Appointment,
    Client,
    EntryStatus,
    OfferStatus,
    Service,
    Staff,
    Status,
    WaitlistEntry,
    WaitlistOffer,
)
from triggerpoint.clinic.privacy import tokens
from triggerpoint.clinic.privacy.audit import Actor, record

log = logging.getLogger(__name__)

OFFER = "triggerpoint.clinic.waitlist-offer"
LONGEST_RANGE = timedelta(days=180)


class OfferClosedError(BookingError):
    """The offer was taken, declined or has lapsed."""


@dataclass(frozen=True)
class Wanted:
    """What a person on the waitlist asks for."""

    service: Service
    therapist: Staff | None  # None: any therapist
    earliest: date
    latest: date


def offer_token(offer: WaitlistOffer) -> str:
    return tokens.make(OFFER, offer.pk)


def offer_of_token(token: str) -> WaitlistOffer | None:
    offer_id = tokens.read(OFFER, token)
    if offer_id is None:
        return None
    related = WaitlistOffer.objects.select_related(
        "entry__service__clinic", "entry__client", "therapist", "hold"
    )
    return related.filter(pk=offer_id).first()


def join(
    wanted: Wanted,
    *,
    client: Client | None = None,
    name: str = "",
    email: str = "",
    now: datetime | None = None,
) -> WaitlistEntry:
    """Put a client (or a guest by name and email) at the back of the line."""
    now = now or timezone.now()
    clinic = wanted.service.clinic
    if wanted.therapist is not None and wanted.therapist.clinic_id != clinic.pk:
        raise NotBookableError("the therapist does not work at the clinic offering this service")
    if not wanted.service.active:
        raise NotBookableError("this service is not offered any more")
    if wanted.latest < wanted.earliest:
        raise NotBookableError("the last date is before the first")
    if wanted.earliest < now.astimezone(clinic.zone).date():
        raise NotBookableError("the first date has passed")
    if wanted.latest - wanted.earliest > LONGEST_RANGE:
        raise NotBookableError("a waitlist covers at most 180 days")
    if client is not None and client.clinic_id != clinic.pk:
        raise NotBookableError("the client is registered with another clinic")
    if client is None and not (name.strip() and email.strip()):
        raise NotBookableError("please give your name and email")
    with transaction.atomic():
        entry = WaitlistEntry.objects.create(
            clinic=clinic,
            service=wanted.service,
            therapist=wanted.therapist,
            client=client,
            guest_name="" if client else name.strip()[:200],
            guest_email="" if client else email.strip().lower(),
            earliest=wanted.earliest,
            latest=wanted.latest,
            queued_at=now,
        )
        record(client.user if client else None, "waitlist.joined", entry)
    return entry


def offer_freed(
    therapist_id: int,
    start: datetime,
    end: datetime,
    now: datetime | None = None,
) -> list[WaitlistOffer]:
    """Offer the time `start`-`end` with this therapist, just freed, to whoever is first.

    First in line for a date and therapist (or any) gets the earliest slot of their
    service that overlaps the freed time; what is left goes on down the line.
    """
    now = now or timezone.now()
    therapist = Staff.objects.select_related("clinic").filter(pk=therapist_id).first()
    if therapist is None or not therapist.takes_bookings:
        return []
    zone = therapist.clinic.zone
    days = sorted(
        {start.astimezone(zone).date(), (end - timedelta(microseconds=1)).astimezone(zone).date()}
    )
    offered_here = WaitlistOffer.objects.filter(
        entry=OuterRef("pk"), therapist_id=therapist_id, start__lt=end, end__gt=start
    )
    made = []
    for day in days:
        line = (
            WaitlistEntry.objects.select_related("service__clinic", "client")
            .filter(
                Q(therapist__isnull=True) | Q(therapist_id=therapist_id),
                clinic_id=therapist.clinic_id,
                status=EntryStatus.WAITING,
                earliest__lte=day,
                latest__gte=day,
            )
            # Whoever already let this time go (declined, lapsed) is not asked again.
            .exclude(Exists(offered_here))
            .order_by("queued_at", "pk")
        )
        for entry in line:
            if entry.service.clinic_id != therapist.clinic_id:
                continue
            for slot_start in _fitting(entry.service, day, therapist, start, end, now):
                offer = _offer(entry, therapist, slot_start, now)
                if offer is not None:
                    made.append(offer)
                    break
    return made


def _fitting(
    service: Service, day: date, therapist: Staff, start: datetime, end: datetime, now: datetime
) -> list[datetime]:
    """Free starts that use the freed time: those inside it first, then those overlapping
    it (a shorter freed gap can still complete a longer service with free time around)."""
    slots = [
        s for s in available_slots(service, day, therapist, now) if s.start < end and s.end > start
    ]
    inside = [s.start for s in slots if s.start >= start and s.end <= end]
    return inside + [s.start for s in slots if s.start not in inside]


def _client_for(entry: WaitlistEntry, now: datetime) -> Client:
    """The record an offer is made to. A guest's offer goes to a guest record of its own,
    never to the clinic's record for that address: as with a guest booking
    (clinic/booking/policy.py), anyone can type someone else's email."""
    if entry.client is not None:
        return entry.client
    return Client.objects.create(
        clinic_id=entry.clinic_id,
        name=entry.guest_name,
        email=entry.guest_email,
        consent_given_at=entry.created_at,  # they agreed on the waitlist form
    )


def _offer(
    entry: WaitlistEntry, therapist: Staff, start: datetime, now: datetime
) -> WaitlistOffer | None:
    """Hold `start` for the entry and offer it; None when the entry or the time went first."""
    try:
        with transaction.atomic():
            locked = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
            if locked.status != EntryStatus.WAITING:
                return None
            place = place_booking(entry.service, therapist, start, now)
            client = _client_for(entry, now)
            hold = insert_placed(client, therapist, entry.service, place, None, status=Status.HELD)
            minutes = entry.service.clinic.waitlist_hold_minutes
            offer = WaitlistOffer.objects.create(
                entry=locked,
                hold=hold,
                therapist=therapist,
                start=place.start,
                end=place.end,
                offered_at=now,
                expires_at=now + timedelta(minutes=minutes),
            )
            locked.status = EntryStatus.OFFERED
            locked.client = client
            locked.save(update_fields=["status", "client"])
            record(None, "waitlist.offered", offer)
            transaction.on_commit(lambda: _send_offer(offer.pk), robust=True)
            return offer
    except (SlotTakenError, NotBookableError):
        return None
    except (IntegrityError, OperationalError) as error:
        if not lost_race(error):
            raise
        return None


def _send_offer(offer_id: int) -> None:
    from triggerpoint.clinic.messaging import emails

    offer = WaitlistOffer.objects.select_related(
        "entry__service__clinic", "entry__client", "therapist"
    ).get(pk=offer_id)
    emails.send_waitlist_offer(offer, offer_token(offer))


def accept(
    offer: WaitlistOffer, *, actor: Actor = None, now: datetime | None = None
) -> Appointment:
    """Book the held time for the client; accepting twice returns the same booking."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = WaitlistOffer.objects.select_for_update(of=("self",)).select_related(
            "entry__service", "hold__client", "therapist"
        )
        offer = locked.get(pk=offer.pk)
        if offer.status == OfferStatus.ACCEPTED and offer.booking is not None:
            return offer.booking
        if offer.status != OfferStatus.OFFERED or offer.hold is None or offer.expires_at <= now:
            raise OfferClosedError("this offer has closed; the time went to the next in line")
        hold = offer.hold
        client = hold.client
        # Deleting the hold and booking in one transaction: the time is never free for
        # anyone else in between, and the booking passes every rule of booking.book.
        offer.hold = None
        offer.save(update_fields=["hold"])
        hold.delete()
        booked = book(
            service=offer.entry.service,
            therapist=offer.therapist,
            start=offer.start,
            client=client,
            idempotency_key=f"waitlist-offer-{offer.pk}",
            actor=actor,
            now=now,
        )
        offer.status = OfferStatus.ACCEPTED
        offer.booking = booked.appointment
        offer.resolved_at = now
        offer.save(update_fields=["status", "booking", "resolved_at"])
        entry = offer.entry
        entry.status = EntryStatus.BOOKED
        entry.save(update_fields=["status"])
        record(actor, "waitlist.accepted", offer)
        return booked.appointment


def decline(offer: WaitlistOffer, *, actor: Actor = None, now: datetime | None = None) -> bool:
    """Let the time go to the next in line; the entry waits on at the back. False if closed."""
    return _release(offer.pk, OfferStatus.DECLINED, actor, now or timezone.now())


def expire_lapsed(now: datetime | None = None) -> tuple[int, int]:
    """Release every hold whose time ran out and offer it on; close entries whose dates
    have passed. Returns (holds released, new offers made). Safe to run twice or at once."""
    now = now or timezone.now()
    due = list(
        WaitlistOffer.objects.filter(status=OfferStatus.OFFERED, expires_at__lte=now)
        .order_by("expires_at", "pk")
        .values_list("pk", flat=True)
    )
    released = offered = 0
    for offer_id in due:
        freed = _release_locked(offer_id, OfferStatus.EXPIRED, None, now)
        if freed is not None:
            released += 1
            offered += len(offer_freed(*freed, now=now))
    for entry in WaitlistEntry.objects.filter(
        status=EntryStatus.WAITING, latest__lt=now.date() - timedelta(days=1)
    ).select_related("clinic"):
        if entry.latest < now.astimezone(entry.clinic.zone).date():
            WaitlistEntry.objects.filter(pk=entry.pk, status=EntryStatus.WAITING).update(
                status=EntryStatus.CLOSED
            )
    return released, offered


def _release(offer_id: int, status: str, actor: Actor, now: datetime) -> bool:
    freed = _release_locked(offer_id, status, actor, now)
    if freed is None:
        return False
    offer_freed(*freed, now=now)
    return True


def _release_locked(
    offer_id: int, status: str, actor: Actor, now: datetime
) -> tuple[int, datetime, datetime] | None:
    with transaction.atomic():
        offer = (
            WaitlistOffer.objects.select_for_update(of=("self",))
            .select_related("entry", "hold")
            .filter(pk=offer_id)
            .first()
        )
        if offer is None or offer.status != OfferStatus.OFFERED:
            return None
        hold = offer.hold
        freed = (offer.therapist_id, offer.start, offer.end)
        if hold is not None:
            freed = (hold.therapist_id, hold.blocked_start, hold.blocked_end)
            offer.hold = None
        offer.status = status
        offer.resolved_at = now
        offer.save(update_fields=["hold", "status", "resolved_at"])
        if hold is not None:
            hold.delete()
        entry = offer.entry
        entry.status = EntryStatus.WAITING
        entry.queued_at = now
        entry.save(update_fields=["status", "queued_at"])
        record(actor, f"waitlist.{status}", offer)
    log.info("waitlist offer %s %s", offer_id, status)
    return freed
